# -*- coding: utf-8 -*-
"""oracle_rac_backup options for batch mode and waiting, against a scripted CommServe."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.backupops.commvault.plugins.module_utils import _client, _module
from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import Clocks
from ansible_collections.backupops.commvault.plugins.modules import oracle_rac_backup
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

EPOCH = 1714550000
FOUND = (200, {"clientId": 2, "applicationId": 80, "instanceId": 5, "backupsetId": 7,
               "subclientId": 9})
NO_JOBS = (200, {"totalRecordsWithoutPaging": 0, "jobs": []})
NO_ELIGIBLE = (200, {"errorCode": 587207178,
                     "errorMessage": "Failed to start backups as no eligible subclients were found."})


def started(job_id):
    return (200, {"taskId": 478798, "jobIds": [job_id]})


def job_reply(job_id, status, instance="ORCLPRD"):
    summary = {"jobId": int(job_id), "status": status, "percentComplete": 100,
               "jobStartTime": EPOCH, "jobEndTime": EPOCH + 60, "backupLevelName": "Incremental",
               "subclient": {"clientName": "prod-rac01", "clientId": 2, "instanceName": instance,
                             "backupsetName": "default", "subclientName": "default",
                             "applicationId": 80}}
    return (200, {"totalRecordsWithoutPaging": 1, "jobs": [{"jobSummary": summary}]})


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
    monkeypatch.setattr(oracle_rac_backup, "SYSTEM_CLOCKS",
                        Clocks(lambda: EPOCH + clock.now, clock.clock, clock.sleep))
    for name in ("URL", "AUTH_TOKEN", "USERNAME", "PASSWORD", "VALIDATE_CERTS", "CA_PATH",
                 "REQUEST_TIMEOUT"):
        monkeypatch.delenv("COMMVAULT_" + name, raising=False)
    fake.add("POST", "/Login", (200, {"token": "QSDK aaaa"}))
    fake.add("POST", "/Logout", (200, "User logged out"))
    fake.add("GET", "/GetId", FOUND).add("GET", "/Job", NO_JOBS)
    fake.clock = clock
    return fake


def run_module(capsys, **args):
    values = dict(url=BASE_URL, username="backup-admin", password="s3cret-Pa55")
    values.update(args)
    with patch_module_args(values):
        with pytest.raises(SystemExit):
            oracle_rac_backup.main()
    return json.loads(capsys.readouterr().out)


def databases(*instances):
    return [dict(client="prod-rac01", instance=name) for name in instances]


def test_batch_starts_every_database(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"), started("63002"), started("63003"))

    result = run_module(capsys, databases=databases("DB1", "DB2", "DB3"),
                        max_concurrent_requests=1)

    assert result["changed"] is True
    assert result.get("failed", False) is False
    assert [entry["instance"] for entry in result["backups"]] == ["DB1", "DB2", "DB3"]
    assert [entry["job_id"] for entry in result["backups"]] == ["63001", "63002", "63003"]
    assert result["started_job_ids"] == ["63001", "63002", "63003"]
    assert len(fake.calls("POST", "/Login")) == 1
    assert len(fake.calls("POST", "/Logout")) == 1


def test_batch_failure_keeps_others(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"), NO_ELIGIBLE, started("63003"))

    result = run_module(capsys, databases=databases("DB1", "DB2", "DB3"),
                        max_concurrent_requests=1)

    assert result["failed"] is True
    assert result["changed"] is True
    assert "prod-rac01/DB2/default" in result["msg"]
    assert [entry["failed"] for entry in result["backups"]] == [False, True, False]
    assert result["backups"][1]["error_code"] == 587207178
    assert result["started_job_ids"] == ["63001", "63003"]


def test_batch_items_override_module_options(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"), started("63002"))
    items = [dict(client="prod-rac01", instance="DB1"),
             dict(client="prod-rac02", instance="DB2", backup_level="full", cumulative=False,
                  subclient="archivelogs", job_description="item text")]

    result = run_module(capsys, databases=items, backup_level="incremental", cumulative=True,
                        job_description="module text", max_concurrent_requests=1)

    assert result["changed"] is True
    bodies = [call.body["taskInfo"] for call in fake.calls("POST", "/CreateTask")]
    first_options = bodies[0]["subTasks"][0]["options"]
    second_options = bodies[1]["subTasks"][0]["options"]
    assert first_options["backupOpts"]["oracleOptions"] == {"cumulative": True}
    assert first_options["commonOpts"]["jobDescription"] == "module text"
    assert second_options["backupOpts"]["backupLevel"] == "FULL"
    assert second_options["commonOpts"]["jobDescription"] == "item text"
    assert bodies[1]["associations"][0]["subclientName"] == "archivelogs"
    assert bodies[1]["associations"][0]["clientName"] == "prod-rac02"


def test_batch_duplicate_rejected(fake, capsys):
    items = [dict(client="prod-rac01", instance="DB1"), dict(client="PROD-RAC01", instance="db1")]

    result = run_module(capsys, databases=items)

    assert result["failed"] is True
    assert "databases[1]" in result["msg"]
    assert "databases[0]" in result["msg"]
    assert fake.requests == []


def test_batch_cumulative_full_rejected(fake, capsys):
    items = [dict(client="prod-rac01", instance="DB1", backup_level="full", cumulative=True)]

    result = run_module(capsys, databases=items)

    assert result["failed"] is True
    assert "databases[0] (prod-rac01/DB1)" in result["msg"]
    assert "cumulative" in result["msg"]
    assert fake.requests == []


def test_batch_empty_list_rejected(fake, capsys):
    result = run_module(capsys, databases=[])

    assert result["failed"] is True
    assert "at least one database" in result["msg"]


def test_client_and_databases_exclusive(fake, capsys):
    result = run_module(capsys, client="prod-rac01", databases=databases("DB1"))

    assert result["failed"] is True
    assert "mutually exclusive" in result["msg"]


def test_client_or_databases_required(fake, capsys):
    result = run_module(capsys)

    assert result["failed"] is True
    assert "client, databases" in result["msg"]


@pytest.mark.parametrize("option, value", [
    ("skip_if_completed_within", -1),
    ("max_concurrent_requests", 0),
    ("wait_timeout", 0),
    ("poll_interval", -5),
])
def test_invalid_numbers_rejected(fake, capsys, option, value):
    result = run_module(capsys, client="prod-rac01", instance="DB1", **{option: value})

    assert result["failed"] is True
    assert option in result["msg"]
    assert fake.requests == []


def test_single_wait_reports_failed_job(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"))
    fake.add("GET", "/Job/63001", job_reply("63001", "Failed"))
    fake.add("POST", "/JobDetails", (200, {"job": {"jobDetail": {"progressInfo": {
        "reasonForJobDelay": "ORA-19504: failed to create file"}}}}))

    result = run_module(capsys, client="prod-rac01", instance="ORCLPRD", wait=True)

    assert result["failed"] is True
    assert result["outcome"] == "failed"
    assert result["job_id"] == "63001"
    assert result["changed"] is True
    assert result["msg"].startswith("Backup of prod-rac01/ORCLPRD/default: job 63001")
    assert "ORA-19504" in result["msg"]
    assert result["instance"] == "ORCLPRD"


def test_single_wait_warns_on_warnings(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"))
    fake.add("GET", "/Job/63001", job_reply("63001", "Completed w/ one or more warnings"))
    fake.add("POST", "/JobDetails", (200, {"job": {"jobDetail": {"progressInfo": {
        "reasonForJobDelay": "1 log missing"}}}}))

    result = run_module(capsys, client="prod-rac01", instance="ORCLPRD", wait=True)

    assert result.get("failed", False) is False
    assert result["outcome"] == "completed_with_warnings"
    assert "1 log missing" in json.dumps(result["warnings"])


def test_batch_check_mode_sends_nothing(fake, capsys):
    fake.add("POST", "/CreateTask", started("63001"))

    result = run_module(capsys, databases=databases("DB1", "DB2"), _ansible_check_mode=True,
                        max_concurrent_requests=1)

    assert result["changed"] is True
    assert [entry["outcome"] for entry in result["backups"]] == ["would_start", "would_start"]
    assert result["started_job_ids"] == []
    assert fake.calls("POST", "/CreateTask") == []
