"""oracle_rac_backup never starts a backup twice: running and recent jobs, lost responses.

Runs ansible-playbook against the simulator on 127.0.0.1. Most tests stop the simulated
clock (time_scale=0), so a job stays in its first state until the test moves the clock.
"""

import pytest

from ansible_runner_helpers import run_module
from simulator_record import received_requests, requests_to

pytestmark = pytest.mark.integration

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
RAC_CLIENT = "testrac01-rac"

# Simulated seconds after which every job of test.yml but SLOWDB has ended.
JOB_END_SECONDS = 60


def run_backup(simulator, tmp_path, options=(), **args):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client=RAC_CLIENT, **args)
    return run_module("oracle_rac_backup", arguments, tmp_path, options=options)


def job_ids_in(simulator):
    return [str(job.job_id) for job in simulator.jobs]


def test_second_call_reuses_running_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    first = run_backup(simulator, tmp_path, instance="ORCL")

    second = run_backup(simulator, tmp_path, instance="ORCL")

    assert first.result["outcome"] == "started", first.output
    assert second.returncode == 0, second.output
    assert second.result["changed"] is False
    assert second.result["outcome"] == "already_running"
    assert second.result["job_id"] == first.result["job_id"]
    assert second.result["job"]["status"] == "Waiting"
    assert "already running" in second.result["msg"]
    assert job_ids_in(simulator) == [first.result["job_id"]]
    assert len(requests_to(simulator, "POST", "CreateTask")) == 1


def test_force_starts_second_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    first = run_backup(simulator, tmp_path, instance="ORCL")

    second = run_backup(simulator, tmp_path, instance="ORCL", force=True)

    assert second.returncode == 0, second.output
    assert second.result["changed"] is True
    assert second.result["outcome"] == "started"
    assert second.result["job_id"] != first.result["job_id"]
    assert len(simulator.jobs) == 2


def test_other_subclient_not_blocked(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    run_backup(simulator, tmp_path, instance="ORCL")

    other = run_backup(simulator, tmp_path, instance="ORCL", subclient="archivelogs")

    assert other.result["outcome"] == "started", other.output
    assert len(simulator.jobs) == 2


@pytest.mark.parametrize("requested_level", ["incremental", "full"])
def test_recent_full_skips_request(simulator_factory, tmp_path, requested_level):
    simulator = simulator_factory(time_scale=0)
    full = run_backup(simulator, tmp_path, instance="ORCL", backup_level="full")
    simulator.advance(JOB_END_SECONDS)

    again = run_backup(simulator, tmp_path, instance="ORCL", backup_level=requested_level,
                       skip_if_completed_within=3600)

    assert again.returncode == 0, again.output
    assert again.result["changed"] is False
    assert again.result["outcome"] == "recently_completed"
    assert again.result["job_id"] == full.result["job_id"]
    assert again.result["job"]["status"] == "Completed"
    assert len(simulator.jobs) == 1


def test_recent_incremental_does_not_skip_full(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    run_backup(simulator, tmp_path, instance="ORCL", backup_level="incremental")
    simulator.advance(JOB_END_SECONDS)

    full = run_backup(simulator, tmp_path, instance="ORCL", backup_level="full",
                      skip_if_completed_within=3600)

    assert full.returncode == 0, full.output
    assert full.result["changed"] is True
    assert full.result["outcome"] == "started"
    assert len(simulator.jobs) == 2


def test_skip_off_starts_after_recent_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    run_backup(simulator, tmp_path, instance="ORCL", backup_level="full")
    simulator.advance(JOB_END_SECONDS)

    again = run_backup(simulator, tmp_path, instance="ORCL", backup_level="full")

    assert again.result["outcome"] == "started", again.output
    assert len(simulator.jobs) == 2


def test_check_mode_would_start(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)

    run = run_backup(simulator, tmp_path, options=["--check"], instance="ORCL")

    assert run.returncode == 0, run.output
    assert run.result["changed"] is True
    assert run.result["outcome"] == "would_start"
    assert requests_to(simulator, "POST", "CreateTask") == []
    assert simulator.jobs == []


def test_check_mode_sees_running_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    first = run_backup(simulator, tmp_path, instance="ORCL")

    run = run_backup(simulator, tmp_path, options=["--check"], instance="ORCL")

    assert run.returncode == 0, run.output
    assert run.result["changed"] is False
    assert run.result["outcome"] == "already_running"
    assert run.result["job_id"] == first.result["job_id"]
    assert len(requests_to(simulator, "POST", "CreateTask")) == 1


def test_lost_response_adopts_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    simulator.add_faults({"path": "CreateTask", "action": "accept_then_drop"})

    run = run_backup(simulator, tmp_path, instance="ORCL")

    assert run.returncode == 0, run.output
    assert run.result["changed"] is True
    assert run.result["outcome"] == "started"
    assert "adopted" in run.result["msg"]
    assert job_ids_in(simulator) == [run.result["job_id"]]
    assert len(requests_to(simulator, "POST", "CreateTask")) == 1


def test_lost_response_adopts_late_job(simulator_factory, tmp_path):
    # LATEDB jobs are missing from the job list for 5 simulated seconds.
    simulator = simulator_factory(time_scale=1)
    simulator.add_faults({"path": "CreateTask", "action": "accept_then_drop"})

    run = run_backup(simulator, tmp_path, instance="LATEDB")

    lookups = [entry for entry in requests_to(simulator, "GET", "Job")
               if entry["query"].get("jobCategory") == "All"]
    assert run.returncode == 0, run.output
    assert run.result["outcome"] == "started"
    # One listing is the snapshot before CreateTask; adoption needed at least two more.
    assert len(lookups) >= 3
    assert job_ids_in(simulator) == [run.result["job_id"]]
    assert len(requests_to(simulator, "POST", "CreateTask")) == 1


def test_unclear_response_never_adopts_earlier_job(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    first = run_backup(simulator, tmp_path, instance="ORCL")
    simulator.advance(JOB_END_SECONDS)
    # A gateway error page: the CommServe never saw the second request.
    simulator.add_faults({"path": "CreateTask", "method": "POST", "action": "status",
                          "status": 502, "html": "<html>Bad Gateway</html>"})

    second = run_backup(simulator, tmp_path, instance="ORCL")

    assert first.result["outcome"] == "started", first.output
    assert second.result["failed"] is True
    assert "may or may not have started" in second.result["msg"]
    assert second.result["job_id"] is None
    assert job_ids_in(simulator) == [first.result["job_id"]]


def test_running_incremental_does_not_block_full(simulator_factory, tmp_path):
    simulator = simulator_factory(time_scale=0)
    incremental = run_backup(simulator, tmp_path, instance="ORCL")

    full = run_backup(simulator, tmp_path, instance="ORCL", backup_level="full")

    assert incremental.result["outcome"] == "started", incremental.output
    assert full.result["outcome"] == "started", full.output
    assert full.result["job_id"] != incremental.result["job_id"]
    assert any("a full backup was requested" in warning
               for warning in full.result.get("warnings", []))
    assert len(simulator.jobs) == 2


def test_check_mode_never_waits(simulator_factory, tmp_path):
    # The clock is stopped, so a wait for the running job could only time out.
    simulator = simulator_factory(time_scale=0)
    first = run_backup(simulator, tmp_path, instance="ORCL")

    check = run_backup(simulator, tmp_path, options=["--check"], instance="ORCL",
                       wait=True, wait_timeout=3, poll_interval=1)

    assert first.result["outcome"] == "started", first.output
    assert check.returncode == 0, check.output
    assert check.result["outcome"] == "already_running"
    assert check.result["changed"] is False
    polls = [entry for entry in received_requests(simulator)
             if entry["path"].lower().startswith("job/")
             or (entry["path"].lower() == "job" and "clientId" not in entry["query"])]
    assert polls == []
