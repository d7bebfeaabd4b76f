"""oracle_rac_backup run by ansible-playbook against the simulator on 127.0.0.1."""

import pytest
import requests

from ansible_runner_helpers import run_module
from simulator_record import received_requests, requests_to

pytestmark = pytest.mark.integration

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
ACCESS_TOKEN = "demo-access-token-0123456789abcdef"
RAC_CLIENT = "testrac01-rac"


def credentials(simulator, **options):
    """Return module arguments for a username/password session plus the options."""
    return dict(url=simulator.url, username=USERNAME, password=PASSWORD, **options)


def start_backup(simulator, tmp_path, **options):
    return run_module("oracle_rac_backup", credentials(simulator, **options), tmp_path)


def test_incremental_backup_started(simulator, tmp_path):
    run = start_backup(simulator, tmp_path, client=RAC_CLIENT, instance="ORCL")

    assert run.returncode == 0, run.output
    result = run.result
    assert result["changed"] is True
    assert isinstance(result["task_id"], int)
    assert result["job_ids"]
    assert all(isinstance(job_id, str) for job_id in result["job_ids"])
    assert result["job_id"] == result["job_ids"][0]


def test_body_received_is_body_returned(simulator, tmp_path):
    run = start_backup(simulator, tmp_path, client=RAC_CLIENT, instance="ORCL",
                       backup_level="incremental", cumulative=True,
                       job_description="nightly run")

    assert run.returncode == 0, run.output
    create_calls = requests_to(simulator, "POST", "CreateTask")
    assert len(create_calls) == 1
    body = create_calls[0]["json"]
    assert body == run.result["request"]

    association = body["taskInfo"]["associations"][0]
    assert association["clientName"] == RAC_CLIENT
    assert association["instanceName"] == "ORCL"
    assert association["appName"] == "Oracle RAC"
    assert association["applicationId"] == 80
    assert association["backupsetName"] == "default"
    assert association["subclientName"] == "default"

    options = body["taskInfo"]["subTasks"][0]["options"]
    assert options["backupOpts"]["backupLevel"] == "INCREMENTAL"
    assert options["backupOpts"]["oracleOptions"] == {"cumulative": True}
    assert options["commonOpts"]["jobDescription"] == "nightly run"
    assert "adminOpts" not in options


def test_plain_oracle_agent(simulator, tmp_path):
    run = start_backup(simulator, tmp_path, client="testora01", instance="TESTDB",
                       agent="oracle", backup_level="full")

    assert run.returncode == 0, run.output
    body = requests_to(simulator, "POST", "CreateTask")[0]["json"]
    association = body["taskInfo"]["associations"][0]
    assert association["appName"] == "Oracle"
    assert association["applicationId"] == 22
    backup_options = body["taskInfo"]["subTasks"][0]["options"]["backupOpts"]
    assert backup_options["backupLevel"] == "FULL"
    assert "oracleOptions" not in backup_options


def test_login_once_and_logout_after(simulator, tmp_path):
    run = start_backup(simulator, tmp_path, client=RAC_CLIENT, instance="ORCL")

    assert run.returncode == 0, run.output
    endpoints = [entry["path"].strip("/").lower() for entry in received_requests(simulator)]
    assert endpoints.count("login") == 1
    assert endpoints.count("logout") == 1
    assert endpoints[0] == "login"
    assert endpoints[-1] == "logout"
    assert endpoints.index("createtask") < endpoints.index("logout")


def test_token_auth_skips_login(simulator, tmp_path):
    arguments = dict(url=simulator.url, auth_token=ACCESS_TOKEN,
                     client=RAC_CLIENT, instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.returncode == 0, run.output
    recorded = received_requests(simulator)
    endpoints = [entry["path"].strip("/").lower() for entry in recorded]
    assert "login" not in endpoints
    assert "logout" not in endpoints
    assert all(entry["has_authtoken"] for entry in recorded)


def test_webconsole_base_url(simulator, tmp_path):
    webconsole_url = simulator.url.replace("/commandcenter/api", "/webconsole/api")
    arguments = dict(url=webconsole_url, auth_token=ACCESS_TOKEN,
                     client=RAC_CLIENT, instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.returncode == 0, run.output
    assert run.result["job_ids"]


def test_check_mode_sends_no_create_task(simulator, tmp_path):
    arguments = credentials(simulator, client=RAC_CLIENT, instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["--check"])

    assert run.returncode == 0, run.output
    assert run.result["changed"] is True
    assert run.result["request"]["taskInfo"]["associations"][0]["instanceName"] == "ORCL"
    assert run.result.get("job_ids") in (None, [])
    assert requests_to(simulator, "POST", "CreateTask") == []
    assert simulator_job_count(simulator) == 0


def test_check_mode_reports_unknown_database(simulator, tmp_path):
    arguments = credentials(simulator, client=RAC_CLIENT, instance="NOSUCHDB")
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["--check"])

    assert run.result["failed"] is True
    assert "NOSUCHDB" in run.result["msg"]
    assert requests_to(simulator, "POST", "CreateTask") == []


@pytest.mark.parametrize(
    "options, named_option",
    [
        (dict(client=RAC_CLIENT, instance="ORCL", backup_level="full", cumulative=True),
         "cumulative"),
        (dict(client=RAC_CLIENT, instance="   "), "instance"),
        (dict(client="", instance="ORCL"), "client"),
        (dict(client=RAC_CLIENT, instance="ORCL", subclient=""), "subclient"),
        (dict(client=RAC_CLIENT, instance="ORCL", agent="db2"), "agent"),
        (dict(client=RAC_CLIENT, instance="ORCL", backup_level="differential"), "backup_level"),
    ],
)
def test_bad_input_fails_before_any_request(simulator, tmp_path, options, named_option):
    run = start_backup(simulator, tmp_path, **options)

    assert run.result["failed"] is True
    assert named_option in run.result["msg"]
    assert received_requests(simulator) == []


def test_unknown_client_fails_with_commvault_message(simulator, tmp_path):
    run = start_backup(simulator, tmp_path, client="nosuch-rac", instance="ORCL")

    assert run.result["failed"] is True
    assert "nosuch-rac" in run.result["msg"]
    assert requests_to(simulator, "POST", "CreateTask") == []


def test_wrong_password_reports_login_failure(simulator, tmp_path):
    arguments = dict(url=simulator.url, username=USERNAME, password="wrong-password-42",
                     client=RAC_CLIENT, instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is True
    assert "login" in run.result["msg"].lower()
    assert "wrong-password-42" not in run.output
    assert requests_to(simulator, "POST", "CreateTask") == []


def test_special_characters_reach_server_intact(simulator, tmp_path):
    instance = 'Sales & Ops #1/"\u00dcn\u00efcode"'
    run = start_backup(simulator, tmp_path, client=RAC_CLIENT, instance=instance)

    assert run.returncode == 0, run.output
    body = requests_to(simulator, "POST", "CreateTask")[0]["json"]
    assert body["taskInfo"]["associations"][0]["instanceName"] == instance
    lookups = [entry for entry in received_requests(simulator) if entry["method"] == "GET"]
    assert any(instance in entry["query"].values() for entry in lookups)


def simulator_job_count(simulator):
    response = requests.get(simulator.control_url + "/jobs", timeout=10)
    response.raise_for_status()
    jobs = response.json()
    return len(jobs["jobs"] if isinstance(jobs, dict) else jobs)
