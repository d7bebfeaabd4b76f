# -*- coding: utf-8 -*-
"""The start steps of one database: running-job guard, recent-job skip, start and adoption."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    ADOPTION_GRACE_SECONDS,
    active_job_blocks,
    start_backup,
)
from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from fake_backup_api import (
    EPOCH,
    FakeApi,
    FakeClock,
    backup_request,
    lost_response,
    raw_job,
    start_settings,
)

LABEL = "prod-rac01/ORCLPRD/default"


def run_start(api, clock=None, request=None, **settings):
    clock = clock or FakeClock()
    return start_backup(api, request or backup_request(), start_settings(**settings),
                        clock.clocks())


def create_calls(api):
    return api.paths("POST", "/CreateTask")


def test_no_active_job_starts_backup():
    api = FakeApi()

    result = run_start(api).result

    assert result["outcome"] == "started"
    assert result["changed"] is True
    assert result["failed"] is False
    assert result["job_id"] == "63001"
    assert result["job_ids"] == ["63001"]
    assert result["task_id"] == 478798
    assert result["msg"] == "Started backup job 63001 of %s" % LABEL
    assert len(create_calls(api)) == 1


def test_result_echoes_database_names():
    api = FakeApi()

    result = run_start(api, request=backup_request(subclient="archivelogs")).result

    assert result["client"] == "prod-rac01"
    assert result["instance"] == "ORCLPRD"
    assert result["backupset"] == "default"
    assert result["subclient"] == "archivelogs"


def test_active_job_means_already_running():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000, status="Running")]]

    backup = run_start(api)

    assert backup.result["outcome"] == "already_running"
    assert backup.result["changed"] is False
    assert backup.result["failed"] is False
    assert backup.result["job_id"] == "62000"
    assert backup.result["job"]["status"] == "Running"
    assert "already running" in backup.result["msg"]
    assert LABEL in backup.result["msg"]
    assert create_calls(api) == []


def test_waiting_job_counts_as_running():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000, status="Waiting")]]

    result = run_start(api).result

    assert result["outcome"] == "already_running"
    assert create_calls(api) == []


def test_active_job_of_other_instance_ignored():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000, instance="OTHERDB")]]

    result = run_start(api).result

    assert result["outcome"] == "started"
    assert len(create_calls(api)) == 1


def test_active_job_of_other_agent_ignored():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000, application_id=22)]]

    result = run_start(api).result

    assert result["outcome"] == "started"


def test_active_job_of_other_subclient_ignored():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000, subclient="archivelogs")]]

    result = run_start(api).result

    assert result["outcome"] == "started"


def test_force_starts_beside_active_job():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000)]]

    backup = run_start(api, force=True)

    assert backup.result["outcome"] == "started"
    assert backup.result["job_id"] == "63001"
    assert len(create_calls(api)) == 1
    assert "62000" in backup.warnings[0]
    assert "force" in backup.warnings[0]


def test_recent_full_skips_incremental():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Completed", level="Full",
                                               end=EPOCH - 300)]]

    result = run_start(api, skip_if_completed_within=3600).result

    assert result["outcome"] == "recently_completed"
    assert result["changed"] is False
    assert result["job_id"] == "61000"
    assert result["job"]["backup_level"] == "Full"
    assert create_calls(api) == []


def test_recent_full_skips_full():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Completed", level="Full",
                                               end=EPOCH - 300)]]

    result = run_start(api, request=backup_request(backup_level="full"),
                       skip_if_completed_within=3600).result

    assert result["outcome"] == "recently_completed"


def test_recent_incremental_does_not_skip_full():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Completed", level="Incremental",
                                               end=EPOCH - 300)]]

    result = run_start(api, request=backup_request(backup_level="full"),
                       skip_if_completed_within=3600).result

    assert result["outcome"] == "started"
    assert len(create_calls(api)) == 1


def test_completed_job_outside_window_does_not_skip():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Completed", level="Full",
                                               end=EPOCH - 7200)]]

    result = run_start(api, skip_if_completed_within=3600).result

    assert result["outcome"] == "started"


def test_failed_recent_job_does_not_skip():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Failed", level="Full",
                                               end=EPOCH - 300)]]

    result = run_start(api, skip_if_completed_within=3600).result

    assert result["outcome"] == "started"


def test_skip_off_reads_only_snapshot():
    api = FakeApi()

    run_start(api)

    # Active: the duplicate guard. All: the job ids that exist before CreateTask.
    categories = [call[2]["jobCategory"] for call in api.paths("GET", "/Job")]
    assert categories == ["Active", "All"]


def test_check_mode_would_start():
    api = FakeApi()

    result = run_start(api, check_mode=True).result

    assert result["outcome"] == "would_start"
    assert result["changed"] is True
    assert result["job_id"] is None
    assert result["task_id"] is None
    assert result["request"]["taskInfo"]["associations"][0]["instanceName"] == "ORCLPRD"
    assert create_calls(api) == []


def test_check_mode_reports_running_job():
    api = FakeApi()
    api.subclient_jobs["Active"] = [[raw_job(62000)]]

    result = run_start(api, check_mode=True).result

    assert result["outcome"] == "already_running"
    assert result["changed"] is False
    assert create_calls(api) == []


def test_check_mode_reports_recent_job():
    api = FakeApi()
    api.subclient_jobs["Finished"] = [[raw_job(61000, status="Completed", end=EPOCH - 60)]]

    result = run_start(api, check_mode=True, skip_if_completed_within=600).result

    assert result["outcome"] == "recently_completed"
    assert create_calls(api) == []


def test_lost_response_adopts_new_job():
    api = FakeApi()
    api.create_task_replies = [lost_response()]
    # The first All listing is the snapshot taken before CreateTask.
    api.subclient_jobs["All"] = [[], [raw_job(63005, start=EPOCH + 1)]]

    backup = run_start(api)

    assert backup.result["outcome"] == "started"
    assert backup.result["changed"] is True
    assert backup.result["failed"] is False
    assert backup.result["job_id"] == "63005"
    assert backup.result["job_ids"] == ["63005"]
    assert backup.result["task_id"] is None
    assert "adopted" in backup.result["msg"]
    assert len(create_calls(api)) == 1


def test_lost_response_retries_invisible_job():
    api = FakeApi()
    clock = FakeClock()
    api.create_task_replies = [lost_response()]
    # The first All listing is the snapshot taken before CreateTask.
    api.subclient_jobs["All"] = [[], [], [], [raw_job(63005, start=EPOCH + 1)]]

    result = run_start(api, clock=clock).result

    assert result["job_id"] == "63005"
    assert len(api.paths("GET", "/Job")) == 5
    assert len(clock.sleeps) == 2
    assert len(create_calls(api)) == 1


def test_lost_response_without_job_fails():
    api = FakeApi()
    clock = FakeClock()
    api.create_task_replies = [lost_response()]

    result = run_start(api, clock=clock).result

    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"].startswith("Backup of %s: " % LABEL)
    assert "may or may not have started" in result["msg"]
    assert "job list for %s" % LABEL in result["msg"]
    assert sum(clock.sleeps) == ADOPTION_GRACE_SECONDS
    assert len(create_calls(api)) == 1


def test_lost_response_allows_clock_skew():
    api = FakeApi()
    api.create_task_replies = [lost_response()]
    # The first All listing is the snapshot taken before CreateTask.
    api.subclient_jobs["All"] = [[], [raw_job(63005, start=EPOCH - 60)]]

    result = run_start(api).result

    assert result["job_id"] == "63005"


def test_lost_response_skips_job_already_running():
    api = FakeApi()
    api.create_task_replies = [lost_response()]
    api.subclient_jobs["Active"] = [[raw_job(62000, start=EPOCH - 30)]]
    api.subclient_jobs["All"] = [[raw_job(62000, start=EPOCH - 30)],
                                 [raw_job(62000, start=EPOCH - 30), raw_job(63005, start=EPOCH)]]

    result = run_start(api, force=True).result

    assert result["job_id"] == "63005"


def test_lost_response_skips_other_level():
    api = FakeApi()
    api.create_task_replies = [lost_response()]
    # The first All listing is the snapshot taken before CreateTask.
    api.subclient_jobs["All"] = [[], [raw_job(63004, level="Full", start=EPOCH)]]

    result = run_start(api).result

    assert result["failed"] is True
    assert "may or may not have started" in result["msg"]


def test_lost_response_lookup_error_fails():
    api = FakeApi()
    api.create_task_replies = [lost_response()]
    # The first All listing is the snapshot taken before CreateTask.
    api.subclient_jobs["All"] = [[], CommvaultError("Could not connect", path="/Job")]

    result = run_start(api).result

    assert result["failed"] is True
    assert "may or may not have started" in result["msg"]
    assert "looking for it failed" in result["msg"]
    assert len(create_calls(api)) == 1


def test_create_task_error_code_fails():
    api = FakeApi()
    api.create_task_replies = [CommvaultError(
        "CreateTask failed", status=200, error_code=587207178,
        error_message="Failed to start backups as no eligible subclients were found.",
        path="/CreateTask")]

    result = run_start(api).result

    assert result["failed"] is True
    assert result["msg"].startswith("Backup of %s: " % LABEL)
    assert "587207178" in result["msg"]
    assert result["error_code"] == 587207178
    assert result["http_status"] == 200
    assert result["outcome"] is None


def test_missing_subclient_fails_before_listing():
    api = FakeApi()
    api.get_id_reply = dict(api.get_id_reply, subclientId=-32000)

    result = run_start(api).result

    assert result["failed"] is True
    assert LABEL in result["msg"]
    assert "Subclient 'default' was not found" in result["msg"]
    assert api.paths("GET", "/Job") == []


def test_task_without_job_ids_fails():
    api = FakeApi()
    api.create_task_replies = [{"taskId": 5}]

    result = run_start(api).result

    assert result["failed"] is True
    assert result["changed"] is True
    assert result["task_id"] == 5
    assert "without job ids" in result["msg"]


def test_lost_response_ignores_earlier_job():
    """A job that finished just before the request is never adopted as the new backup."""
    api = FakeApi()
    clock = FakeClock()
    api.create_task_replies = [lost_response()]
    earlier = raw_job(63001, start=EPOCH - 20)
    api.subclient_jobs["All"] = [[earlier], [earlier]]

    result = run_start(api, clock=clock).result

    assert result["failed"] is True
    assert "may or may not have started" in result["msg"]
    assert result["job_id"] is None


@pytest.mark.parametrize("active_level, requested_level, blocks", [
    ("Incremental", "full", False),
    ("Incremental", "incremental", True),
    ("Full", "full", True),
    ("Full", "incremental", True),
    (None, "full", True),
    ("Synthetic Full", "full", True),
])
def test_active_job_blocks_by_level(active_level, requested_level, blocks):
    assert active_job_blocks({"backup_level": active_level}, requested_level) is blocks
