"""oracle_rac_backup with wait=true, run by ansible-playbook against the simulator.

The simulated clock runs 10 times faster than real time, so a job of test.yml (2 s
waiting, 4 s running) ends in under a second.
"""

import base64
import json

import pytest
import requests

from ansible_runner_helpers import run_module
from simulator_record import endpoint_name, received_requests

pytestmark = pytest.mark.integration

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
RAC_CLIENT = "testrac01-rac"
TIME_SCALE = 10
HTTP_TIMEOUT = 10


def run_backup(simulator, tmp_path, **args):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client=RAC_CLIENT, wait=True, poll_interval=0.5, **args)
    return run_module("oracle_rac_backup", arguments, tmp_path)


def simulator_job(simulator, job_id):
    response = requests.get(simulator.control_url + "/jobs/%s" % job_id, timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()


def session_token(simulator):
    encoded = base64.b64encode(PASSWORD.encode("utf-8")).decode("ascii")
    response = requests.post(simulator.url + "/Login", json={"username": USERNAME, "password": encoded},
                             timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()["token"]


def test_wait_until_completed(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance="ORCL")

    assert run.returncode == 0, run.output
    assert run.result["changed"] is True
    assert run.result["outcome"] == "completed"
    assert run.result["job"]["status"] == "Completed"
    assert run.result["job"]["job_id"] == run.result["job_id"]
    assert run.result["duration"] > 0
    assert run.result["instance"] == "ORCL"


@pytest.mark.parametrize("instance, status", [("FAILDB", "Failed"),
                                              ("STARTFAILDB", "Failed to Start")])
def test_failed_job_fails_task(simulator_factory, tmp_path, instance, status):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance=instance)

    assert run.result["failed"] is True
    assert run.result["outcome"] == "failed"
    assert run.result["job"]["status"] == status
    assert run.result["msg"].startswith("Backup of %s/%s/default: job %s"
                                        % (RAC_CLIENT, instance, run.result["job_id"]))
    assert status in run.result["msg"]


def test_failed_job_carries_reason(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance="FAILDB")

    assert "ORA-19504" in run.result["msg"]
    assert "ORA-19504" in run.result["job"]["reason"]


def test_warnings_succeed_with_warning(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance="WARNDB")

    assert run.returncode == 0, run.output
    assert run.result["outcome"] == "completed_with_warnings"
    assert "Archive log backup skipped" in json.dumps(run.result["warnings"])


def test_errors_fail_unless_accepted(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    rejected = run_backup(simulator, tmp_path, instance="ERRDB")
    accepted = run_backup(simulator, tmp_path, instance="ERRDB", accept_completed_with_errors=True)

    assert rejected.result["failed"] is True
    assert rejected.result["outcome"] == "completed_with_errors"
    assert "RMAN-06207" in rejected.result["msg"]
    assert accepted.returncode == 0, accepted.output
    assert accepted.result["outcome"] == "completed_with_errors"


def test_unknown_status_fails(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)
    simulator.add_faults({"path": "CreateTask", "action": "unknown_status",
                          "status": "Partially Vaporised"})

    run = run_backup(simulator, tmp_path, instance="ORCL")

    assert run.result["failed"] is True
    assert run.result["outcome"] == "failed"
    assert "'Partially Vaporised'" in run.result["msg"]


def test_timeout_leaves_job_running(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance="SLOWDB", wait_timeout=2)

    job_id = run.result["job_id"]
    assert run.result["failed"] is True
    assert run.result["outcome"] == "timed_out"
    assert "job %s did not finish within 2.0 seconds" % job_id in run.result["msg"]
    assert "last status Running" in run.result["msg"]
    assert "left running" in run.result["msg"]
    assert simulator_job(simulator, job_id)["status"] == "Running"


def test_timeout_kills_when_asked(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)

    run = run_backup(simulator, tmp_path, instance="SLOWDB", wait_timeout=2, kill_on_timeout=True)

    job_id = run.result["job_id"]
    assert run.result["outcome"] == "timed_out"
    assert "kill" in run.result["msg"]
    assert simulator_job(simulator, job_id)["status"] == "Killed"


def test_expired_session_renewed_mid_wait(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)
    simulator.add_faults({"path": r"Job/\d+", "method": "GET", "skip": 1,
                          "action": "expire_tokens"})

    run = run_backup(simulator, tmp_path, instance="FAILDB")

    endpoints = [endpoint_name(entry) for entry in received_requests(simulator)]
    assert run.result["outcome"] == "failed"
    assert "ORA-19504" in run.result["msg"]
    assert "renewlogintoken" in endpoints


def test_expired_given_token_fails_with_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=TIME_SCALE)
    simulator.add_faults({"path": r"Job/\d+", "method": "GET", "skip": 1,
                          "action": "expire_tokens"})
    arguments = dict(url=simulator.url, auth_token=session_token(simulator), client=RAC_CLIENT,
                     instance="ORCL", wait=True, poll_interval=0.5)

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is True
    assert "waiting for job %s failed" % run.result["job_id"] in run.result["msg"]
    assert "token expired" in run.result["msg"]
    assert run.result["http_status"] == 401
