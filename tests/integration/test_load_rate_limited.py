"""The fleet role backs up 500 databases against a simulator that rate-limits with 429s.

Every database must end with exactly one job and one report row. The counts
(databases, jobs, 429 responses, duration) are printed in the terminal summary.
"""

import json
import time
from collections import Counter

import pytest
import yaml

from ansible_runner_helpers import run_playbook
from fault_invariants import count_duplicate_jobs
from fault_runner import PASSWORD, USERNAME, mask_secrets, record_issued_tokens, secret_values, simulated_jobs

pytestmark = pytest.mark.integration

CLIENTS = 125
DATABASES_PER_CLIENT = 4
DATABASE_COUNT = CLIENTS * DATABASES_PER_CLIENT
# The role keeps 10 requests in flight and the simulator admits 6 at a time and 60
# per second, so a share of the calls, CreateTask included, gets HTTP 429.
RATE_LIMIT = {"per_second": 60, "concurrent": 6, "retry_after": 1}
MAX_CONCURRENT_REQUESTS = 10
TIME_SCALE = 10


class LoadSummary:
    """A pytest plugin that prints the load test's counts at the end of the session."""

    def __init__(self, line):
        self.line = line

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("=", "rate-limited load test")
        terminalreporter.write_line(self.line)


def fleet_databases():
    return [{"client": "bench%04d-rac" % number, "instance": "DB%02d" % index}
            for number in range(1, CLIENTS + 1) for index in range(1, DATABASES_PER_CLIENT + 1)]


def role_variables(simulator, work_dir, databases):
    return {
        "fleet_hosts": "localhost",
        "reach_nodes": False,
        "rac_fleet_backup_url": simulator.url,
        "rac_fleet_backup_username": USERNAME,
        "rac_fleet_backup_password": PASSWORD,
        "rac_fleet_backup_use_proxy": False,
        "rac_fleet_backup_request_timeout": 10,
        "rac_fleet_backup_poll_interval": 2,
        "rac_fleet_backup_wait_timeout": 300,
        "rac_fleet_backup_max_concurrent_requests": MAX_CONCURRENT_REQUESTS,
        "rac_fleet_backup_report_dir": str(work_dir / "reports"),
        "rac_fleet_backup_databases": databases,
    }


@pytest.fixture
def rate_limited_fleet(simulator_factory):
    simulator = simulator_factory(fixture="test", time_scale=TIME_SCALE)
    simulator.control("POST", "commcell", {"generate": {"clients": CLIENTS,
                                                        "databases_per_client": DATABASES_PER_CLIENT}})
    return simulator


def test_fleet_500_databases_rate_limited(rate_limited_fleet, tmp_path, request):
    simulator = rate_limited_fleet
    issued = record_issued_tokens(simulator)
    databases = fleet_databases()
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"localhost": {"ansible_connection": "local"}}}}))
    simulator.add_faults(rate_limit=RATE_LIMIT)

    started = time.monotonic()
    run = run_playbook("fleet_role.yml", tmp_path, extra_vars=role_variables(simulator, tmp_path, databases),
                       options=["-i", str(inventory)])
    seconds = time.monotonic() - started

    jobs = simulated_jobs(simulator)
    record = simulator.record
    rejected = sum(1 for entry in record if entry["status"] == 429)
    rejected_creates = sum(1 for entry in record
                           if entry["status"] == 429 and entry["path"].strip("/").lower() == "createtask")
    line = ("rate-limited load: %d databases, %d jobs, %d responses with 429 (%d to CreateTask), %.0f s"
            % (len(databases), len(jobs), rejected, rejected_creates, seconds))
    request.config.pluginmanager.register(LoadSummary(line), "load_rate_limited_summary")
    secrets_found, output = mask_secrets(run.output, secret_values(issued))

    assert run.returncode == 0, output[-3000:]
    assert rejected_creates > 0, line
    assert len(jobs) == DATABASE_COUNT, line
    assert count_duplicate_jobs(jobs) == 0, line
    job_databases = {job.database[:2] for job in jobs}
    assert job_databases == {(entry["client"], entry["instance"]) for entry in databases}, line

    reports = sorted((tmp_path / "reports").glob("rac_fleet_backup-*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert len(report["rows"]) == DATABASE_COUNT
    assert dict(Counter(row["outcome"] for row in report["rows"])) == {"completed": DATABASE_COUNT}
    assert {row["job_id"] for row in report["rows"]} == {job.job_id for job in jobs}
    assert secrets_found == 0
