"""The main job: the fleet playbook on the demo inventory, as `make demo` runs it."""

import json

import pytest

from ansible_runner_helpers import REPO_ROOT, run_playbook
from simulator_record import requests_to

pytestmark = pytest.mark.integration

DEMO_INVENTORY = REPO_ROOT / "playbooks" / "inventory" / "demo.yml"
MAIN_PLAYBOOK = REPO_ROOT / "playbooks" / "fleet_backup.yml"

# The databases of the demo inventory; each must be backed up once, whatever the
# number of nodes in its cluster.
DEMO_DATABASES = {
    ("prodrac01-rac", "SALES", "Oracle RAC"),
    ("prodrac01-rac", "HR", "Oracle RAC"),
    ("prodrac02-rac", "ERP", "Oracle RAC"),
    ("prodrac02-rac", "CRM", "Oracle RAC"),
    ("devora01", "DEVDB", "Oracle"),
}


def demo_options(tmp_path, *extra):
    return ["-i", str(DEMO_INVENTORY),
            "-e", "rac_fleet_backup_report_dir=%s" % tmp_path,
            "-e", "rac_fleet_backup_poll_interval=1", *extra]


def demo_environment(simulator):
    return dict(COMMVAULT_URL=simulator.url, COMMVAULT_USERNAME="admin",
                COMMVAULT_PASSWORD="Demo-Passw0rd!")


def backed_up_databases(simulator):
    databases = []
    for call in requests_to(simulator, "POST", "CreateTask"):
        for association in call["json"]["taskInfo"]["associations"]:
            databases.append((association["clientName"], association["instanceName"],
                              association["appName"]))
    return databases


def saved_report(report_dir):
    """Return the JSON report the fleet role saved in report_dir."""
    report_files = sorted(report_dir.glob("rac_fleet_backup*.json"))
    assert len(report_files) == 1
    return json.loads(report_files[0].read_text())


def test_one_backup_per_database(simulator_factory, tmp_path):
    simulator = simulator_factory(fixture="demo")

    run = run_playbook(MAIN_PLAYBOOK, tmp_path, env=demo_environment(simulator),
                       options=demo_options(tmp_path))

    assert run.returncode == 0, run.output
    databases = backed_up_databases(simulator)
    assert sorted(databases) == sorted(DEMO_DATABASES)

    report = saved_report(tmp_path)
    assert len(report["rows"]) == len(DEMO_DATABASES)
    assert {row["outcome"] for row in report["rows"]} == {"completed"}
    assert all(row["job_id"] for row in report["rows"])


def test_check_mode_starts_nothing(simulator_factory, tmp_path):
    simulator = simulator_factory(fixture="demo")

    run = run_playbook(MAIN_PLAYBOOK, tmp_path, env=demo_environment(simulator),
                       options=demo_options(tmp_path, "--check"))

    assert run.returncode == 0, run.output
    assert requests_to(simulator, "POST", "CreateTask") == []
