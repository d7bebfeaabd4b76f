"""oracle_rac_backup in batch mode (databases), run by ansible-playbook against the simulator."""

import pytest

from ansible_runner_helpers import run_module
from simulator_record import endpoint_name, received_requests, requests_to

pytestmark = pytest.mark.integration

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
RAC_CLIENT = "testrac01-rac"

# Six databases whose jobs start without trouble.
SIX_DATABASES = [
    dict(client=RAC_CLIENT, instance="ORCL"),
    dict(client=RAC_CLIENT, instance="ORCL", subclient="archivelogs"),
    dict(client=RAC_CLIENT, instance="WARNDB"),
    dict(client=RAC_CLIENT, instance="SLOWDB"),
    dict(client="testrac02-rac", instance="ORCL"),
    dict(client="testora01", instance="TESTDB", agent="oracle"),
]

# CreateTask is held this long, so that requests beyond the cap would overlap.
CREATE_TASK_DELAY_SECONDS = 0.4


def run_batch(simulator, tmp_path, options=(), **args):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD, **args)
    return run_module("oracle_rac_backup", arguments, tmp_path, options=options)


def limit_concurrency(simulator, concurrent):
    """Make the simulator reject with HTTP 429 any request beyond `concurrent` in flight."""
    simulator.add_faults({"path": "CreateTask", "action": "delay",
                          "seconds": CREATE_TASK_DELAY_SECONDS, "count": None},
                         rate_limit={"concurrent": concurrent})


def rejected_requests(simulator):
    return [entry for entry in received_requests(simulator)
            if entry["fault"] == "global_rate_limit"]


def test_batch_starts_one_job_per_database(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    limit_concurrency(simulator, 2)

    run = run_batch(simulator, tmp_path, databases=SIX_DATABASES, max_concurrent_requests=2)

    endpoints = [endpoint_name(entry) for entry in received_requests(simulator)]
    assert run.returncode == 0, run.output
    assert run.result["changed"] is True
    assert [entry["outcome"] for entry in run.result["backups"]] == ["started"] * 6
    assert len(set(run.result["started_job_ids"])) == 6
    assert len(simulator.jobs) == 6
    assert len(requests_to(simulator, "POST", "CreateTask")) == 6
    assert endpoints.count("login") == 1
    assert endpoints.count("logout") == 1
    assert rejected_requests(simulator) == []


def test_concurrency_probe_detects_excess(simulator_factory, tmp_path):
    # The same limit with a higher cap must be caught, or the test above proves nothing.
    simulator = simulator_factory(time_scale=0)
    limit_concurrency(simulator, 2)

    run_batch(simulator, tmp_path, databases=SIX_DATABASES, max_concurrent_requests=6)

    assert rejected_requests(simulator) != []


def test_batch_results_name_databases(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)

    run = run_batch(simulator, tmp_path, databases=SIX_DATABASES[:2])

    entries = run.result["backups"]
    assert [entry["subclient"] for entry in entries] == ["default", "archivelogs"]
    assert [entry["client"] for entry in entries] == [RAC_CLIENT, RAC_CLIENT]
    assert [entry["instance"] for entry in entries] == ["ORCL", "ORCL"]
    assert all(entry["failed"] is False for entry in entries)


def test_failing_database_does_not_stop_others(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    databases = [dict(client=RAC_CLIENT, instance="ORCL"),
                 dict(client=RAC_CLIENT, instance="NOSUCHDB"),
                 dict(client="testrac02-rac", instance="ORCL")]

    run = run_batch(simulator, tmp_path, databases=databases, max_concurrent_requests=3)

    entries = run.result["backups"]
    assert run.result["failed"] is True
    assert "%s/NOSUCHDB/default" % RAC_CLIENT in run.result["msg"]
    assert [entry["failed"] for entry in entries] == [False, True, False]
    assert "NOSUCHDB" in entries[1]["msg"]
    assert len(run.result["started_job_ids"]) == 2
    assert len(simulator.jobs) == 2


def test_batch_wait_reports_each_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=10)
    databases = [dict(client=RAC_CLIENT, instance="ORCL"),
                 dict(client=RAC_CLIENT, instance="FAILDB"),
                 dict(client="testrac02-rac", instance="ORCL")]

    run = run_batch(simulator, tmp_path, databases=databases, wait=True, poll_interval=0.5)

    entries = run.result["backups"]
    assert run.result["failed"] is True
    assert [entry["outcome"] for entry in entries] == ["completed", "failed", "completed"]
    assert "ORA-19504" in entries[1]["msg"]
    assert "%s/FAILDB/default" % RAC_CLIENT in run.result["msg"]
    assert entries[0]["duration"] > 0


def test_batch_wait_polls_with_one_listing(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=10)
    databases = [dict(client=RAC_CLIENT, instance="ORCL"),
                 dict(client="testrac02-rac", instance="ORCL")]

    run = run_batch(simulator, tmp_path, databases=databases, wait=True, poll_interval=0.5)

    job_reads = [entry for entry in received_requests(simulator)
                 if entry["method"] == "GET" and endpoint_name(entry).startswith("job")]
    wait_listings = [entry for entry in job_reads if "clientId" not in entry["query"]]
    single_reads = [entry for entry in job_reads if endpoint_name(entry) != "job"]
    assert run.returncode == 0, run.output
    assert wait_listings != []
    assert single_reads == []


def test_batch_check_mode_sends_no_create_task(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    run_batch(simulator, tmp_path, databases=SIX_DATABASES[:1])

    run = run_batch(simulator, tmp_path, options=["--check"], databases=SIX_DATABASES[:3])

    outcomes = [entry["outcome"] for entry in run.result["backups"]]
    assert run.returncode == 0, run.output
    assert outcomes == ["already_running", "would_start", "would_start"]
    assert run.result["started_job_ids"] == []
    assert len(requests_to(simulator, "POST", "CreateTask")) == 1
