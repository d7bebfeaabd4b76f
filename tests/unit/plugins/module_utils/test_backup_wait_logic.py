# -*- coding: utf-8 -*-
"""Waiting for backup jobs and judging how each one ended."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    DatabaseBackup,
)
from ansible_collections.backupops.commvault.plugins.module_utils._backup_wait import (
    VISIBILITY_GRACE_SECONDS,
    wait_for_backups,
)
from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from fake_backup_api import FakeApi, FakeClock, backup_request, raw_job, wait_settings

LABEL = "prod-rac01/ORCLPRD/default"
REASON = "ORA-19504: failed to create file"


def started_backup(job_id="63001", instance="ORCLPRD", outcome="started"):
    backup = DatabaseBackup(backup_request(instance=instance))
    backup.result.update(outcome=outcome, changed=outcome == "started", job_id=job_id,
                         job_ids=[job_id])
    return backup


def run_wait(api, backups, clock=None, **settings):
    clock = clock or FakeClock()
    duration = wait_for_backups(api, backups, wait_settings(**settings), clock.clocks())
    return duration, clock


def test_completed_job_succeeds():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Running"), raw_job(63001, "Completed", end=1)]
    backup = started_backup()

    duration, clock = run_wait(api, [backup])

    assert backup.result["outcome"] == "completed"
    assert backup.result["failed"] is False
    assert backup.result["changed"] is True
    assert backup.result["job"]["status"] == "Completed"
    assert backup.result["duration"] == 10.0
    assert duration == 10.0
    assert clock.sleeps == [10]


@pytest.mark.parametrize("status", ["Waiting", "Pending", "Queued", "Suspended"])
def test_paused_states_keep_waiting(status):
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, status), raw_job(63001, "Completed")]
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["outcome"] == "completed"
    assert backup.result["failed"] is False


@pytest.mark.parametrize("status", ["Failed", "Killed", "Failed to Start"])
def test_failed_job_fails_with_reason(status):
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, status)]
    api.reasons["63001"] = REASON
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert backup.result["outcome"] == "failed"
    assert backup.result["msg"].startswith("Backup of %s: job 63001" % LABEL)
    assert status in backup.result["msg"]
    assert REASON in backup.result["msg"]
    assert backup.result["job"]["reason"] == REASON


def test_failed_job_without_reason():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Failed")]
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert "Commvault gave no reason" in backup.result["msg"]


def test_unreadable_reason_warns():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Failed")]
    api.reasons["63001"] = CommvaultError("JobDetails failed", status=500, path="/JobDetails")
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert "Could not read the reason of job 63001" in backup.warnings[0]


def test_errors_fail_by_default():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Completed w/ one or more errors")]
    api.reasons["63001"] = "RMAN-06207"
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert backup.result["outcome"] == "completed_with_errors"
    assert "RMAN-06207" in backup.result["msg"]
    assert "accept_completed_with_errors" in backup.result["msg"]


def test_errors_accepted_with_warning():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Completed w/ one or more errors")]
    api.reasons["63001"] = "RMAN-06207"
    backup = started_backup()

    run_wait(api, [backup], accept_completed_with_errors=True)

    assert backup.result["failed"] is False
    assert backup.result["outcome"] == "completed_with_errors"
    assert "RMAN-06207" in backup.warnings[0]


def test_warnings_succeed_with_warning():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Completed w/ one or more warnings")]
    api.reasons["63001"] = "Archive log skipped"
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is False
    assert backup.result["outcome"] == "completed_with_warnings"
    assert "Archive log skipped" in backup.warnings[0]
    assert "63001" in backup.warnings[0]


def test_unknown_status_fails_naming_it():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Interrupted Somehow")]
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert backup.result["outcome"] == "failed"
    assert "'Interrupted Somehow'" in backup.result["msg"]
    assert "does not know" in backup.result["msg"]


def test_timeout_leaves_job_running():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Running", percent=40, phase="Backup")]
    backup = started_backup()

    duration, clock = run_wait(api, [backup], timeout=30, poll_interval=10)

    assert backup.result["failed"] is True
    assert backup.result["outcome"] == "timed_out"
    assert "job 63001 did not finish within 30 seconds" in backup.result["msg"]
    assert "last status Running, 40% complete, phase Backup" in backup.result["msg"]
    assert "left running" in backup.result["msg"]
    assert backup.result["job"]["percent_complete"] == 40
    assert duration == 30.0
    assert api.paths("POST", "/Job/63001/action/kill") == []


def test_timeout_kills_when_asked():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Running")]
    backup = started_backup()

    run_wait(api, [backup], timeout=30, kill_on_timeout=True)

    assert backup.result["outcome"] == "timed_out"
    assert "asked Commvault to kill the job" in backup.result["msg"]
    assert len(api.paths("POST", "/Job/63001/action/kill")) == 1


def test_invisible_job_found_later():
    api = FakeApi()
    api.job_states["63001"] = [None, None, raw_job(63001, "Completed")]
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["outcome"] == "completed"


def test_never_listed_job_times_out():
    api = FakeApi()
    api.job_states["63001"] = [None]
    backup = started_backup()

    duration, clock = run_wait(api, [backup], timeout=3600, poll_interval=15)

    assert backup.result["failed"] is True
    assert backup.result["outcome"] == "timed_out"
    assert "was not listed" in backup.result["msg"]
    assert duration == VISIBILITY_GRACE_SECONDS


def test_expired_token_fails_naming_job():
    api = FakeApi()
    api.wait_error = CommvaultError(
        "The authentication token expired or is invalid, and a given token cannot be renewed; "
        "supply a new auth_token", status=401, path="/Job/63001")
    backup = started_backup()

    run_wait(api, [backup])

    assert backup.result["failed"] is True
    assert "waiting for job 63001 failed" in backup.result["msg"]
    assert "token expired" in backup.result["msg"]
    assert backup.result["http_status"] == 401
    assert LABEL in backup.result["msg"]


def test_running_job_waited_without_change():
    api = FakeApi()
    api.job_states["62000"] = [raw_job(62000, "Completed")]
    backup = started_backup(job_id="62000", outcome="already_running")

    run_wait(api, [backup])

    assert backup.result["outcome"] == "completed"
    assert backup.result["changed"] is False
    assert "already running" in backup.result["msg"]


def test_skipped_and_failed_backups_not_waited():
    api = FakeApi()
    recent = started_backup(job_id="61000", outcome="recently_completed")
    broken = started_backup(job_id="63009")
    broken.result["failed"] = True

    duration, clock = run_wait(api, [recent, broken])

    assert duration == 0.0
    assert api.calls == []
    assert recent.result["outcome"] == "recently_completed"


def test_many_jobs_one_listing_per_poll():
    api = FakeApi()
    api.job_states["63001"] = [raw_job(63001, "Running"), raw_job(63001, "Completed")]
    api.job_states["63002"] = [raw_job(63002, "Running", instance="HRPRD"),
                               raw_job(63002, "Failed", instance="HRPRD")]
    first = started_backup("63001")
    second = started_backup("63002", instance="HRPRD")

    run_wait(api, [first, second])

    assert len(api.paths("GET", "/Job")) == 2
    assert first.result["outcome"] == "completed"
    assert second.result["outcome"] == "failed"
    assert first.result["duration"] == second.result["duration"]
