"""The rac_fleet_backup role run by ansible-playbook against the simulator."""

import base64
import json
import socket
from pathlib import Path

import pytest
import requests
import yaml

from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    build_create_task_body,
)
from ansible_runner_helpers import run_playbook
from simulator_record import requests_to

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).resolve().parents[1] / "simulator" / "fixtures" / "fleet-test.yml"
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
HTTP_TIMEOUT = 10
# Simulated seconds per real second: the fixture's jobs then finish in a fraction
# of a second, while BUSYDB's day-long job stays active for the whole test.
TIME_SCALE = 20


def closed_port():
    """Return a local TCP port that nothing listens on, so SSH to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fleet_inventory(down_port):
    """Two RAC clusters of two nodes each and a single-instance host that is down."""
    return {"all": {"children": {
        "fleetrac01": {
            "hosts": {"fleetrac01a": {}, "fleetrac01b": {}},
            "vars": {"commvault_client": "fleetrac01-rac",
                     "commvault_databases": ["FINDB", {"instance": "HRDB"}]},
        },
        "fleetrac04": {
            "hosts": {"fleetrac04a": {}, "fleetrac04b": {}},
            "vars": {"commvault_client": "fleetrac04-rac",
                     "commvault_databases": ["BILLDB", "FAILDB", "BUSYDB"]},
        },
        "single": {
            "hosts": {"fleetora01": {
                "ansible_connection": "ssh", "ansible_host": "127.0.0.1",
                "ansible_port": down_port,
                "ansible_ssh_common_args": "-o ConnectTimeout=5 -o BatchMode=yes",
                "commvault_client": "fleetora01", "commvault_agent": "oracle",
                "commvault_databases": ["DEVDB"]}},
        },
    }, "vars": {"ansible_connection": "local"}}}


def login(simulator):
    encoded = base64.b64encode(PASSWORD.encode("utf-8")).decode("ascii")
    response = requests.post(simulator.url + "/Login", json={"username": USERNAME, "password": encoded},
                             timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()["token"]


def start_job(simulator, client, instance):
    """Start a backup outside the role and return its job id."""
    body = build_create_task_body(client=client, instance=instance)
    response = requests.post(simulator.url + "/CreateTask", json=body,
                             headers={"Authtoken": login(simulator)}, timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()["jobIds"][0]


def clear_record(simulator):
    requests.delete(simulator.control_url + "/requests", timeout=HTTP_TIMEOUT).raise_for_status()


def started_databases(simulator):
    """Return client/instance of each CreateTask association the simulator received, sorted."""
    names = []
    for entry in requests_to(simulator, "POST", "CreateTask"):
        for association in entry["json"]["taskInfo"]["associations"]:
            names.append("%s/%s" % (association["clientName"], association["instanceName"]))
    return sorted(names)


def role_vars(simulator, tmp_path, **extra):
    values = {
        "rac_fleet_backup_url": simulator.url,
        "rac_fleet_backup_username": USERNAME,
        "rac_fleet_backup_password": PASSWORD,
        "rac_fleet_backup_use_proxy": False,
        "rac_fleet_backup_poll_interval": 1,
        "rac_fleet_backup_wait_timeout": 120,
        "rac_fleet_backup_report_dir": str(tmp_path / "reports"),
    }
    values.update(extra)
    return values


def run_fleet(simulator, tmp_path, inventory, options=(), **extra):
    inventory_file = tmp_path / "inventory.yml"
    inventory_file.write_text(yaml.safe_dump(inventory))
    return run_playbook("fleet_role.yml", tmp_path, extra_vars=role_vars(simulator, tmp_path, **extra),
                        options=["-i", str(inventory_file)] + list(options))


def saved_report(tmp_path):
    reports = sorted((tmp_path / "reports").glob("rac_fleet_backup-*.json"))
    assert len(reports) == 1
    return json.loads(reports[0].read_text())


def row_of(report, instance):
    return [row for row in report["rows"] if row["instance"] == instance][0]


@pytest.fixture
def fleet_simulator(simulator_factory):
    return simulator_factory(fixture=str(FIXTURE), time_scale=TIME_SCALE)


def test_fleet_node_down_failed_running(fleet_simulator, tmp_path):
    busy_job = start_job(fleet_simulator, "fleetrac04-rac", "BUSYDB")
    clear_record(fleet_simulator)

    run = run_fleet(fleet_simulator, tmp_path, fleet_inventory(closed_port()))

    assert run.returncode != 0, run.output
    assert "unreachable=1" in run.output
    assert started_databases(fleet_simulator) == [
        "fleetora01/DEVDB",
        "fleetrac01-rac/FINDB",
        "fleetrac01-rac/HRDB",
        "fleetrac04-rac/BILLDB",
        "fleetrac04-rac/FAILDB",
    ]
    assert len(requests_to(fleet_simulator, "POST", "Login")) == 1
    assert len(requests_to(fleet_simulator, "POST", "Logout")) == 1

    report = saved_report(tmp_path)
    assert len(report["rows"]) == 6
    assert report["failed"] == ["fleetrac04-rac/FAILDB/default"]

    failed = row_of(report, "FAILDB")
    assert failed["outcome"] == "failed"
    assert failed["status"] == "Failed"
    assert "ORA-19502" in failed["reason"]

    busy = row_of(report, "BUSYDB")
    assert busy["outcome"] == "already_running"
    assert busy["job_id"] == busy_job
    assert busy["failed"] is False

    for instance in ("FINDB", "HRDB", "BILLDB", "DEVDB"):
        assert row_of(report, instance)["outcome"] == "completed"
    assert row_of(report, "DEVDB")["agent"] == "oracle"

    assert "1 of 6 databases were not backed up: fleetrac04-rac/FAILDB/default (failed" in run.output
    assert "ORA-19502" in run.output
    assert PASSWORD not in run.output


def test_fleet_markdown_report(fleet_simulator, tmp_path):
    inventory = fleet_inventory(closed_port())
    del inventory["all"]["children"]["fleetrac04"]

    run = run_fleet(fleet_simulator, tmp_path, inventory, reach_nodes=False)

    assert run.returncode == 0, run.output
    markdown = sorted((tmp_path / "reports").glob("rac_fleet_backup-*.md"))
    assert len(markdown) == 1
    text = markdown[0].read_text()
    assert "| fleetrac01-rac | FINDB | default | incremental |" in text
    assert "| fleetora01 | DEVDB | default | incremental |" in text


def test_fleet_explicit_list_check_mode(fleet_simulator, tmp_path):
    clear_record(fleet_simulator)
    databases = [
        {"client": "fleetrac02-rac", "instance": "ERPDB", "backup_level": "full"},
        {"client": "fleetrac02-rac", "instance": "erpdb"},
        {"client": "fleetrac02-rac", "instance": "CRMDB", "subclient": "archivelogs"},
    ]
    inventory = {"all": {"hosts": {"localhost": {"ansible_connection": "local"}}}}

    run = run_fleet(fleet_simulator, tmp_path, inventory, options=["--check"], fleet_hosts="localhost",
                    rac_fleet_backup_databases=databases)

    assert run.returncode == 0, run.output
    assert requests_to(fleet_simulator, "POST", "CreateTask") == []
    # Check mode writes no report files.
    assert not (tmp_path / "reports").exists()
    assert "would start" in run.output


def test_fleet_login_failure(fleet_simulator, tmp_path):
    inventory = fleet_inventory(closed_port())
    del inventory["all"]["children"]["single"]
    wrong_password = "Wrong-Passw0rd!"

    run = run_fleet(fleet_simulator, tmp_path, inventory, reach_nodes=False,
                    rac_fleet_backup_password=wrong_password)

    assert run.returncode != 0, run.output
    assert requests_to(fleet_simulator, "POST", "CreateTask") == []
    report = saved_report(tmp_path)
    assert {row["outcome"] for row in report["rows"]} == {"failed_to_start"}
    assert "Invalid Username or Password" in report["rows"][0]["reason"]
    assert wrong_password not in run.output


def plan_entry(instance):
    return {"client": "c1", "instance": instance, "backupset": "default", "subclient": "default",
            "agent": "oracle_rac", "backup_level": "full", "cumulative": False}


def started(instance, job_id, outcome="started", **extra):
    return dict({"client": "C1", "instance": instance.lower(), "backupset": "default", "subclient": "default",
                 "outcome": outcome, "job_id": job_id, "failed": False, "msg": "ok"}, **extra)


def test_fleet_report_every_outcome(tmp_path):
    """Each start and wait result maps to its report row, without a CommServe."""
    instances = ["DONE", "FAILED", "ERRORS", "RUNNING", "RECENT", "SLOW", "LOST", "ODD", "NOSTART", "ABSENT"]
    start = {"started_job_ids": ["1", "2", "3", "6", "7", "8"], "backups": [
        started("DONE", "1"), started("FAILED", "2"), started("ERRORS", "3"),
        started("RUNNING", "4", "already_running", job={"status": "Running"}),
        started("RECENT", "5", "recently_completed"), started("SLOW", "6"), started("LOST", "7"),
        started("ODD", "8"),
        dict(started("NOSTART", None, None), failed=True, msg="no eligible subclients"),
    ]}
    wait = {"timed_out": True, "duration": 30.0, "jobs": [
        {"job_id": "1", "found": True, "status": "Completed", "outcome": "completed",
         "start_time": "2024-05-01T10:00:00Z", "end_time": "2024-05-01T10:05:00Z"},
        {"job_id": "2", "found": True, "status": "Failed", "outcome": "failed", "reason": "ORA-19502"},
        {"job_id": "3", "found": True, "status": "Completed w/ one or more errors",
         "outcome": "completed_with_errors", "reason": "RMAN-06207"},
        {"job_id": "6", "found": True, "status": "Waiting", "outcome": "active", "pending_reason": "stream limit"},
        {"job_id": "7", "found": False},
        {"job_id": "8", "found": True, "status": "Interrupt Pending", "outcome": "unknown"},
    ]}
    extra_vars = {
        "rac_fleet_backup_url": "http://127.0.0.1:9/commandcenter/api",
        "rac_fleet_backup_report_dir": str(tmp_path / "reports"),
        "rac_fleet_backup_plan": [plan_entry(instance) for instance in instances],
        "_rac_fleet_backup_start": start,
        "_rac_fleet_backup_wait": wait,
    }

    run = run_playbook("fleet_report.yml", tmp_path, extra_vars=extra_vars)

    assert run.returncode != 0, run.output
    report = saved_report(tmp_path)
    outcomes = {row["instance"]: row["outcome"] for row in report["rows"]}
    assert outcomes == {
        "DONE": "completed", "FAILED": "failed", "ERRORS": "completed_with_errors",
        "RUNNING": "already_running", "RECENT": "skipped_recent", "SLOW": "timed_out",
        "LOST": "not_found", "ODD": "unknown", "NOSTART": "failed_to_start",
        "ABSENT": "failed_to_start",
    }
    failed = {row["instance"] for row in report["rows"] if row["failed"]}
    assert failed == {"FAILED", "ERRORS", "SLOW", "LOST", "ODD", "NOSTART", "ABSENT"}
    assert row_of(report, "DONE")["duration"] == 300
    assert row_of(report, "SLOW")["reason"] == "stream limit"
    assert row_of(report, "RUNNING")["job_id"] == "4"
    assert row_of(report, "NOSTART")["reason"] == "no eligible subclients"
    assert "7 of 10 databases were not backed up" in run.output


def test_archive_log_playbook_subclient(fleet_simulator, tmp_path):
    inventory = fleet_inventory(closed_port())
    del inventory["all"]["children"]["fleetrac04"]
    del inventory["all"]["children"]["single"]
    inventory_file = tmp_path / "inventory.yml"
    inventory_file.write_text(yaml.safe_dump(inventory))
    playbook = Path(__file__).resolve().parents[2] / "playbooks" / "archive_log_backup.yml"

    run = run_playbook(playbook, tmp_path, extra_vars=role_vars(fleet_simulator, tmp_path),
                       options=["-i", str(inventory_file)])

    assert run.returncode == 0, run.output
    creates = requests_to(fleet_simulator, "POST", "CreateTask")
    subclients = [entry["json"]["taskInfo"]["associations"][0]["subclientName"] for entry in creates]
    assert subclients == ["archivelogs", "archivelogs"]
    assert started_databases(fleet_simulator) == ["fleetrac01-rac/FINDB", "fleetrac01-rac/HRDB"]


@pytest.mark.parametrize("max_retries, expected_outcome", [(0, "failed_to_start"), (2, "completed")])
def test_fleet_retry_settings_reach_modules(fleet_simulator, tmp_path, max_retries,
                                            expected_outcome):
    # The first two lookups get HTTP 503: with two retries the third succeeds, without
    # retries the database fails to start.
    requests.post(fleet_simulator.control_url + "/faults",
                  json={"path": "GetId", "method": "GET", "count": 2, "action": "status",
                        "status": 503, "json": {"errorMessage": "Service Unavailable"}},
                  timeout=HTTP_TIMEOUT).raise_for_status()
    databases = [{"client": "fleetrac01-rac", "instance": "FINDB"}]
    inventory = {"all": {"hosts": {"localhost": {"ansible_connection": "local"}}}}

    run_fleet(fleet_simulator, tmp_path, inventory, fleet_hosts="localhost",
              rac_fleet_backup_databases=databases,
              rac_fleet_backup_max_retries=max_retries, rac_fleet_backup_max_retry_time=30)

    report = saved_report(tmp_path)
    assert row_of(report, "FINDB")["outcome"] == expected_outcome


def test_fleet_url_with_credentials_rejected(fleet_simulator, tmp_path):
    secret = "S3cretInUrl"
    url = fleet_simulator.url.replace("http://", "http://admin:%s@" % secret)
    databases = [{"client": "fleetrac01-rac", "instance": "FINDB"}]
    inventory = {"all": {"hosts": {"localhost": {"ansible_connection": "local"}}}}
    clear_record(fleet_simulator)

    run = run_fleet(fleet_simulator, tmp_path, inventory, fleet_hosts="localhost",
                    rac_fleet_backup_databases=databases, rac_fleet_backup_url=url)

    assert run.returncode != 0
    assert "without a user name or password in it" in run.output
    assert requests_to(fleet_simulator, "POST", "Login") == []
    assert secret not in run.output
    report_files = sorted((tmp_path / "reports").glob("rac_fleet_backup-*"))
    assert len(report_files) == 2
    for report_file in report_files:
        assert secret not in report_file.read_text()
