"""job_info run by ansible-playbook against the simulator on 127.0.0.1."""

import base64
import threading
import time

import pytest
import requests

from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    build_create_task_body,
)
from ansible_runner_helpers import run_module
from simulator_record import endpoint_name, received_requests

pytestmark = pytest.mark.integration

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
RAC_CLIENT = "testrac01-rac"
UNKNOWN_JOB_ID = "987654321"
HTTP_TIMEOUT = 10


def login(simulator):
    """Return an Authtoken for direct API calls that set up jobs."""
    encoded = base64.b64encode(PASSWORD.encode("utf-8")).decode("ascii")
    response = requests.post(simulator.url + "/Login", json={"username": USERNAME, "password": encoded},
                             timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()["token"]


def create_jobs(simulator, instance, count=1):
    """Start count jobs of one database with one CreateTask and return their ids."""
    body = build_create_task_body(client=RAC_CLIENT, instance=instance)
    association = body["taskInfo"]["associations"][0]
    body["taskInfo"]["associations"] = [dict(association) for _index in range(count)]

    response = requests.post(simulator.url + "/CreateTask", json=body,
                             headers={"Authtoken": login(simulator)}, timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    job_ids = response.json()["jobIds"]
    assert len(job_ids) == count
    return job_ids


def control(simulator, method, path, payload=None):
    response = requests.request(method, simulator.control_url + path, json=payload,
                                timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()


def clear_record(simulator):
    control(simulator, "DELETE", "/requests")


def hold_jobs(simulator, job_ids):
    """Keep jobs running until release_jobs, whatever the load on the machine."""
    for job_id in job_ids:
        control(simulator, "POST", "/jobs/%s" % job_id, {"running_seconds": 10 ** 6})


def release_jobs(simulator, job_ids):
    """Let held jobs end with their fixture outcome at the simulator's next read."""
    control(simulator, "POST", "/clock", {"advance": 600})
    for job_id in job_ids:
        control(simulator, "POST", "/jobs/%s" % job_id, {"running_seconds": 1})


def release_jobs_when(simulator, job_ids, condition, time_limit=120):
    """Start a thread that releases the jobs once condition(record) is true.

    The wait tests need a number of polls to happen while the jobs run, which a job
    duration in seconds cannot promise on a loaded machine.
    """
    def watch():
        deadline = time.monotonic() + time_limit
        while time.monotonic() < deadline:
            if condition(job_reads(simulator)):
                break
            time.sleep(0.2)
        release_jobs(simulator, job_ids)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    return watcher


def job_info(simulator, tmp_path, **options):
    args = dict(url=simulator.url, username=USERNAME, password=PASSWORD, **options)
    return run_module("job_info", args, tmp_path)


def entry_of(result, job_id):
    return [entry for entry in result["jobs"] if entry["job_id"] == job_id][0]


def job_reads(simulator):
    """Return the recorded GET requests of the job listing and of single jobs."""
    return [entry for entry in received_requests(simulator)
            if entry["method"] == "GET" and endpoint_name(entry).split("/")[0] == "job"]


def test_finished_failed_unknown_ids(simulator, tmp_path):
    good = create_jobs(simulator, "ORCL")[0]
    failed = create_jobs(simulator, "FAILDB")[0]
    odd = create_jobs(simulator, "ORCL")[0]
    control(simulator, "POST", "/clock", {"advance": 600})
    control(simulator, "POST", "/jobs/%s" % odd, {"status": "Interrupt Pending"})

    run = job_info(simulator, tmp_path, job_ids=[good, failed, odd, UNKNOWN_JOB_ID])

    assert run.returncode == 0, run.output
    result = run.result
    assert result["changed"] is False
    assert result["finished_job_ids"] == [good, failed, odd]
    assert result["failed_job_ids"] == [failed, odd]
    assert result["missing_job_ids"] == [UNKNOWN_JOB_ID]
    assert result["active_job_ids"] == []
    assert entry_of(result, good)["outcome"] == "completed"
    assert entry_of(result, failed)["reason"].startswith("ORA-19504")
    assert "'Interrupt Pending'" in entry_of(result, odd)["reason"]
    assert entry_of(result, UNKNOWN_JOB_ID)["found"] is False


def test_check_mode_same_result(simulator, tmp_path):
    job_id = create_jobs(simulator, "FAILDB")[0]
    control(simulator, "POST", "/clock", {"advance": 600})

    run = run_module("job_info", dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                                      job_ids=[job_id]), tmp_path, options=["--check"])

    assert run.returncode == 0, run.output
    assert run.result["changed"] is False
    assert run.result["failed_job_ids"] == [job_id]


def test_wait_for_fifty_jobs_batched(simulator, tmp_path):
    job_ids = create_jobs(simulator, "ORCL", count=50)
    hold_jobs(simulator, job_ids)
    clear_record(simulator)
    watcher = release_jobs_when(simulator, job_ids, lambda reads: len(reads) >= 3)

    run = job_info(simulator, tmp_path, job_ids=job_ids, wait=True, poll_interval=1,
                   wait_timeout=120)
    watcher.join()

    assert run.returncode == 0, run.output
    result = run.result
    assert result["timed_out"] is False
    assert sorted(result["finished_job_ids"]) == sorted(job_ids)
    assert result["failed_job_ids"] == []
    assert result["polls"] >= 2
    assert len(job_reads(simulator)) <= result["polls"] * 2


def test_wait_timeout_leaves_job_running(simulator, tmp_path):
    job_id = create_jobs(simulator, "SLOWDB")[0]

    run = job_info(simulator, tmp_path, job_ids=[job_id], wait=True, poll_interval=1,
                   wait_timeout=3)

    assert run.returncode == 0, run.output
    result = run.result
    assert result["timed_out"] is True
    assert result["active_job_ids"] == [job_id]
    assert result["duration"] >= 3
    assert control(simulator, "GET", "/jobs/%s" % job_id)["status"] == "Running"
    kills = [entry for entry in received_requests(simulator)
             if endpoint_name(entry).endswith("/action/kill")]
    assert kills == []


def test_session_expiry_mid_wait_renewed(simulator, tmp_path):
    job_id = create_jobs(simulator, "FAILDB")[0]
    hold_jobs(simulator, [job_id])
    clear_record(simulator)
    # The third job read of the wait finds every session token expired. The job runs
    # until the read after the rejected one has come through.
    control(simulator, "POST", "/faults", {"action": "expire_tokens", "method": "GET",
                                           "path": "Job/.*", "skip": 2, "count": 1})
    watcher = release_jobs_when(
        simulator, [job_id],
        lambda reads: any(entry["status"] == 401 for entry in reads) and len(reads) >= 5)

    run = job_info(simulator, tmp_path, job_ids=[job_id], wait=True, poll_interval=1,
                   wait_timeout=60)
    watcher.join()

    assert run.returncode == 0, run.output
    result = run.result
    assert result["timed_out"] is False
    assert result["failed_job_ids"] == [job_id]
    assert entry_of(result, job_id)["reason"].startswith("ORA-19504")
    rejected = [entry for entry in job_reads(simulator) if entry["status"] == 401]
    assert len(rejected) == 1
