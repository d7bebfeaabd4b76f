# -*- coding: utf-8 -*-
"""The oracle_rac_backup module end to end against a scripted CommServe."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from ansible.module_utils.testing import patch_module_args

from ansible_collections.backupops.commvault.plugins.module_utils import _client, _module
from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import Clocks
from ansible_collections.backupops.commvault.plugins.modules import oracle_rac_backup
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

PASSWORD = "s3cret-Pa55"
TOKEN = "QSDK feedface0123"
FOUND = (200, {"clientId": 2, "applicationId": 80, "instanceId": 5, "backupsetId": 7,
               "subclientId": 9})
STARTED = (200, {"taskId": 478798, "jobIds": ["63001"]})
NO_JOBS = (200, {"totalRecordsWithoutPaging": 0, "jobs": []})
EPOCH = 1714550000
NO_ELIGIBLE = "Failed to start backups as no eligible subclients were found."


@pytest.fixture
def fake(monkeypatch):
    fake = FakeCommServe()
    clock = FakeClock()

    class ScriptedClient(_client.CommvaultClient):
        def __init__(self, base_url, **options):
            super(ScriptedClient, self).__init__(base_url, sleep=clock.sleep, clock=clock.clock,
                                                 **options)
            mount(self, fake)

    monkeypatch.setattr(_module, "CommvaultClient", ScriptedClient)
    # Lookups after a lost CreateTask response sleep, so they use the fake clock too.
    monkeypatch.setattr(oracle_rac_backup, "SYSTEM_CLOCKS",
                        Clocks(lambda: EPOCH + clock.now, clock.clock, clock.sleep))
    for name in ("URL", "AUTH_TOKEN", "USERNAME", "PASSWORD", "VALIDATE_CERTS", "CA_PATH",
                 "REQUEST_TIMEOUT"):
        monkeypatch.delenv("COMMVAULT_" + name, raising=False)
    return fake


def run_module_output(capsys, **args):
    """Run the module and return its parsed result and its raw JSON output."""
    values = dict(url=BASE_URL, username="backup-admin", password=PASSWORD,
                  client="prod-rac01", instance="ORCLPRD")
    values.update(args)
    values = dict((key, value) for key, value in values.items() if value is not None)
    with patch_module_args(values):
        with pytest.raises(SystemExit):
            oracle_rac_backup.main()
    output = capsys.readouterr().out
    return json.loads(output), output


def run_module(capsys, **args):
    return run_module_output(capsys, **args)[0]


def with_login(fake):
    fake.add("POST", "/Login", (200, {"token": "QSDK aaaa"}))
    fake.add("POST", "/Logout", (200, "User logged out"))
    return fake


def with_lookups(fake):
    """Script GetId finding the subclient and a job listing without active jobs."""
    return fake.add("GET", "/GetId", FOUND).add("GET", "/Job", NO_JOBS)


def test_starts_backup(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", STARTED)

    result = run_module(capsys)

    assert result["changed"] is True
    assert result["task_id"] == 478798
    assert result["job_ids"] == ["63001"]
    assert result["job_id"] == "63001"
    assert result["request"] == fake.calls("POST", "/CreateTask")[0].body
    assert result["msg"] == "Started backup job 63001 of prod-rac01/ORCLPRD/default"


def test_logs_in_and_out_in_order(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", STARTED)

    run_module(capsys)

    # GetId resolves the names; the two Job listings are the duplicate guard and the
    # snapshot of existing jobs taken just before CreateTask.
    expected = ["/Login", "/GetId", "/Job", "/Job", "/CreateTask", "/Logout"]
    assert [r.path for r in fake.requests] == expected


def test_given_token_no_login_or_logout(fake, capsys):
    with_lookups(fake).add("POST", "/CreateTask", STARTED)

    run_module(capsys, username=None, password=None, auth_token="feedface0123")

    assert [r.path for r in fake.requests] == ["/GetId", "/Job", "/Job", "/CreateTask"]
    assert fake.requests[0].headers["Authtoken"] == TOKEN


def test_check_mode_sends_no_create_task(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", STARTED)

    result = run_module(capsys, _ansible_check_mode=True, backup_level="full")

    assert fake.calls("POST", "/CreateTask") == []
    assert len(fake.calls("GET", "/GetId")) == 1
    assert result["changed"] is True
    assert result["request"]["taskInfo"]["subTasks"][0]["options"]["backupOpts"] == {
        "backupLevel": "FULL"}
    assert result["task_id"] is None
    assert result["outcome"] == "would_start"


def test_check_mode_unknown_client_fails(fake, capsys):
    with_login(fake).add("GET", "/GetId", (404, {"clientId": -32000, "instanceId": -32000}))

    result = run_module(capsys, _ansible_check_mode=True)

    assert result["failed"] is True
    assert result["msg"].startswith("Backup of prod-rac01/ORCLPRD/default: Client 'prod-rac01'")
    assert fake.calls("POST", "/CreateTask") == []
    assert len(fake.calls("POST", "/Logout")) == 1


def test_cumulative_with_full_fails_before_requests(fake, capsys):
    result = run_module(capsys, backup_level="full", cumulative=True)

    assert result["failed"] is True
    assert "cumulative is valid only with backup_level incremental" in result["msg"]
    assert fake.requests == []


@pytest.mark.parametrize("option", ["client", "instance", "backupset", "subclient"])
def test_blank_name_fails_before_requests(fake, capsys, option):
    result = run_module(capsys, **{option: "  "})

    assert result["failed"] is True
    assert "%s must not be empty or only whitespace" % option in result["msg"]
    assert fake.requests == []


def test_create_task_error_code_reported(fake, capsys):
    with_lookups(with_login(fake))
    fake.add("POST", "/CreateTask", (200, {"errorCode": 587207178, "errorMessage": NO_ELIGIBLE}))

    result = run_module(capsys)

    assert result["failed"] is True
    assert result["msg"].startswith("Backup of prod-rac01/ORCLPRD/default: ")
    assert "587207178" in result["msg"]
    assert NO_ELIGIBLE in result["msg"]
    assert result["error_code"] == 587207178
    assert result["http_status"] == 200


def test_no_job_ids_is_failure(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", (200, {"taskId": 5}))

    result = run_module(capsys)

    assert result["failed"] is True
    assert "without job ids" in result["msg"]
    assert result["task_id"] == 5


def test_unknown_outcome_not_resent(fake, capsys):
    with_lookups(with_login(fake))
    fake.add("POST", "/CreateTask", requests.exceptions.ReadTimeout("timed out"), STARTED)

    result = run_module(capsys)

    assert result["failed"] is True
    assert "may or may not have started" in result["msg"]
    assert "prod-rac01/ORCLPRD/default" in result["msg"]
    assert "job list" in result["msg"]
    assert len(fake.calls("POST", "/CreateTask")) == 1


def test_failed_login_reported(fake, capsys):
    fake.add("POST", "/Login", (200, {"errList": [{"errorCode": 5,
                                                   "errLogMessage": "Invalid credentials"}]}))

    result, output = run_module_output(capsys)

    assert result["failed"] is True
    assert "Login to the CommServe failed for user backup-admin" in result["msg"]
    assert "Invalid credentials" in result["msg"]
    assert PASSWORD not in output
    assert fake.calls("POST", "/Logout") == []


def test_secrets_not_in_output(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", STARTED)

    output = run_module_output(capsys)[1]

    assert PASSWORD not in output
    assert "QSDK aaaa" not in output


def test_validate_certs_false_warns(fake, capsys):
    with_lookups(with_login(fake)).add("POST", "/CreateTask", STARTED)

    result = run_module(capsys, validate_certs=False)

    # ansible-core 2.19 sends each warning as a structured event, so search its JSON.
    assert "validate_certs is false" in json.dumps(result["warnings"])


def test_environment_fallbacks(fake, capsys, monkeypatch):
    monkeypatch.setenv("COMMVAULT_URL", BASE_URL + "/")
    monkeypatch.setenv("COMMVAULT_AUTH_TOKEN", "feedface0123")
    with_lookups(fake).add("POST", "/CreateTask", STARTED)

    result = run_module(capsys, url=None, username=None, password=None)

    assert result["job_id"] == "63001"
    assert fake.requests[0].url.startswith(BASE_URL + "/GetId?")


def test_token_and_username_exclusive(fake, capsys):
    result = run_module(capsys, auth_token="feedface0123")

    assert result["failed"] is True
    assert "mutually exclusive" in result["msg"]
    assert fake.requests == []


def test_credentials_required(fake, capsys):
    result = run_module(capsys, username=None, password=None)

    assert result["failed"] is True
    assert "one of the following is required: auth_token, username" in result["msg"]


def test_url_with_credentials_rejected(fake, capsys):
    result, output = run_module_output(capsys, url="https://admin:hunter2@cs.test/api")

    assert result["failed"] is True
    assert "url must not contain credentials" in result["msg"]
    assert "hunter2" not in output
    assert fake.requests == []
