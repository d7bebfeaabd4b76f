# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils import _job_status as js


# Every status string of Commvault's REST reference, spelled as Commvault sends it.
REFERENCE_STATUSES = [
    ("Running", js.OUTCOME_ACTIVE),
    ("Waiting", js.OUTCOME_ACTIVE),
    ("Pending", js.OUTCOME_ACTIVE),
    ("Queued", js.OUTCOME_ACTIVE),
    ("Suspended", js.OUTCOME_ACTIVE),
    ("Suspend Pending", js.OUTCOME_ACTIVE),
    ("Kill Pending", js.OUTCOME_ACTIVE),
    ("Completed", js.OUTCOME_COMPLETED),
    ("Completed w/ one or more warnings", js.OUTCOME_COMPLETED_WITH_WARNINGS),
    ("Completed w/ one or more errors", js.OUTCOME_COMPLETED_WITH_ERRORS),
    ("Committed", js.OUTCOME_COMPLETED_WITH_ERRORS),
    ("Failed", js.OUTCOME_FAILED),
    ("Killed", js.OUTCOME_FAILED),
    ("Failed to Start", js.OUTCOME_FAILED),
]


@pytest.mark.parametrize("status, outcome", REFERENCE_STATUSES)
def test_classify_reference_statuses(status, outcome):
    assert js.classify_status(status) == outcome


@pytest.mark.parametrize("status, outcome", REFERENCE_STATUSES)
def test_classify_ignores_case_and_space(status, outcome):
    assert js.classify_status("  " + status.upper() + "\t") == outcome
    assert js.classify_status(status.lower()) == outcome


@pytest.mark.parametrize(
    "status",
    ["", "   ", "Interrupt Pending", "Complete", "Completed w/ errors", "Success", "Running!"],
)
def test_classify_unknown_strings(status):
    assert js.classify_status(status) == js.OUTCOME_UNKNOWN


@pytest.mark.parametrize("status", [None, 1, 3.5, True, ["Completed"], {"status": "Completed"}])
def test_classify_non_strings_unknown(status):
    assert js.classify_status(status) == js.OUTCOME_UNKNOWN


def test_is_finished_only_active_is_not():
    assert js.is_finished(js.OUTCOME_ACTIVE) is False
    for outcome in (js.OUTCOME_COMPLETED, js.OUTCOME_FAILED, js.OUTCOME_UNKNOWN):
        assert js.is_finished(outcome) is True


@pytest.mark.parametrize(
    "outcome, accept, verdict",
    [
        (js.OUTCOME_COMPLETED, False, js.VERDICT_SUCCESS),
        (js.OUTCOME_COMPLETED_WITH_WARNINGS, False, js.VERDICT_WARNING),
        (js.OUTCOME_COMPLETED_WITH_ERRORS, False, js.VERDICT_FAILURE),
        (js.OUTCOME_COMPLETED_WITH_ERRORS, True, js.VERDICT_WARNING),
        (js.OUTCOME_FAILED, False, js.VERDICT_FAILURE),
        (js.OUTCOME_FAILED, True, js.VERDICT_FAILURE),
        (js.OUTCOME_UNKNOWN, False, js.VERDICT_FAILURE),
        (js.OUTCOME_UNKNOWN, True, js.VERDICT_FAILURE),
        ("something else", True, js.VERDICT_FAILURE),
    ],
)
def test_decide_verdict_table(outcome, accept, verdict):
    assert js.decide_verdict(outcome, accept_completed_with_errors=accept) == verdict


def test_decide_verdict_active_raises():
    with pytest.raises(ValueError):
        js.decide_verdict(js.OUTCOME_ACTIVE)


FULL_SUMMARY = {
    "jobId": 63001,
    "status": "Completed w/ one or more warnings",
    "percentComplete": 100,
    "currentPhaseName": "Backup",
    "pendingReason": "",
    "jobStartTime": 1714557600,
    "jobEndTime": 1714561200,
    "backupLevelName": "Incremental",
    "sizeOfApplication": 123456789,
    "subclient": {
        "clientName": "rac-prod01",
        "clientId": 42,
        "appName": "Oracle RAC",
        "applicationId": 80,
        "instanceName": "ORCL",
        "backupsetName": "default",
        "subclientName": "default",
        "subclientId": 7,
    },
}


def test_normalise_full_summary():
    summary = js.normalise_job_summary(FULL_SUMMARY)
    assert summary == {
        "job_id": "63001",
        "status": "Completed w/ one or more warnings",
        "outcome": js.OUTCOME_COMPLETED_WITH_WARNINGS,
        "percent_complete": 100,
        "phase": "Backup",
        "pending_reason": None,
        "start_time": "2024-05-01T10:00:00Z",
        "end_time": "2024-05-01T11:00:00Z",
        "backup_level": "Incremental",
        "size_bytes": 123456789,
        "client": "rac-prod01",
        "client_id": 42,
        "instance": "ORCL",
        "backupset": "default",
        "subclient": "default",
        "application_id": 80,
    }


@pytest.mark.parametrize("raw", [{}, None, "not a dict", [], {"subclient": "odd"}])
def test_normalise_missing_fields(raw):
    summary = js.normalise_job_summary(raw)
    assert sorted(summary) == sorted(js.normalise_job_summary(FULL_SUMMARY))
    assert summary["job_id"] is None
    assert summary["outcome"] == js.OUTCOME_UNKNOWN
    assert summary["start_time"] is None
    assert summary["client"] is None
    assert summary["application_id"] is None


def test_normalise_odd_types():
    raw = {
        "jobId": "63002",
        "status": 5,
        "percentComplete": "42.5",
        "currentPhaseName": ["Scan"],
        "pendingReason": "  Waiting for resources  ",
        "jobStartTime": "1714557600",
        "jobEndTime": 0,
        "sizeOfApplication": "big",
        "subclient": {"clientId": "42", "applicationId": True, "instanceName": 7},
    }
    summary = js.normalise_job_summary(raw)
    assert summary["job_id"] == "63002"
    assert summary["status"] == "5"
    assert summary["outcome"] == js.OUTCOME_UNKNOWN
    assert summary["percent_complete"] == 42.5
    assert summary["phase"] is None
    assert summary["pending_reason"] == "Waiting for resources"
    assert summary["start_time"] == "2024-05-01T10:00:00Z"
    assert summary["end_time"] is None
    assert summary["size_bytes"] is None
    assert summary["client_id"] == 42
    assert summary["application_id"] is None
    assert summary["instance"] == "7"


@pytest.mark.parametrize("value", ["nan", "inf", float("nan"), True, None, {}])
def test_normalise_percent_rejects_odd(value):
    assert js.normalise_job_summary({"percentComplete": value})["percent_complete"] is None


@pytest.mark.parametrize(
    "value, expected",
    [(63001, "63001"), ("63001", "63001"), (" 63001 ", "63001"), (63001.0, "63001"),
     (0, None), (-5, None), ("abc", None), (1.5, None), (True, None), (None, None)],
)
def test_job_id_text_values(value, expected):
    assert js.job_id_text(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(0, None), (None, None), ("0", None), (-1, None), ("x", None), (10 ** 20, None),
     (1, "1970-01-01T00:00:01Z"), (1714557600.0, "2024-05-01T10:00:00Z")],
)
def test_epoch_to_iso_values(value, expected):
    assert js.epoch_to_iso(value) == expected
