# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Classify Commvault job status strings and normalise job summaries."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import math


OUTCOME_ACTIVE = "active"
OUTCOME_COMPLETED = "completed"
OUTCOME_COMPLETED_WITH_WARNINGS = "completed_with_warnings"
OUTCOME_COMPLETED_WITH_ERRORS = "completed_with_errors"
OUTCOME_FAILED = "failed"
OUTCOME_UNKNOWN = "unknown"

_LEVEL_RANK = {"incremental": 1, "full": 2}

VERDICT_SUCCESS = "success"
VERDICT_WARNING = "warning"
VERDICT_FAILURE = "failure"

# Keys are lower case because Commvault's capitalisation of status strings varies.
# "Interrupt Pending" is left out: it is not in the Commvault documentation this
# collection was checked against, so it is reported as unknown.
_OUTCOME_BY_STATUS = {
    "running": OUTCOME_ACTIVE,
    "waiting": OUTCOME_ACTIVE,
    "pending": OUTCOME_ACTIVE,
    "queued": OUTCOME_ACTIVE,
    "suspended": OUTCOME_ACTIVE,
    "suspend pending": OUTCOME_ACTIVE,
    "kill pending": OUTCOME_ACTIVE,
    "completed": OUTCOME_COMPLETED,
    "completed w/ one or more warnings": OUTCOME_COMPLETED_WITH_WARNINGS,
    "completed w/ one or more errors": OUTCOME_COMPLETED_WITH_ERRORS,
    # A committed job was stopped before the end and Commvault kept only the data
    # written so far, so it is a partial backup. Counting it as completed would report
    # an incomplete database backup as good.
    # NOTE: this meaning comes from Commvault's description of committing a running
    # job and was not checked on a CommServe for Oracle RAC jobs.
    "committed": OUTCOME_COMPLETED_WITH_ERRORS,
    "failed": OUTCOME_FAILED,
    "killed": OUTCOME_FAILED,
    "failed to start": OUTCOME_FAILED,
}


def classify_status(status):
    """Return the outcome class of a Commvault job status string.

    Anything that is not a known status string, None included, is OUTCOME_UNKNOWN.
    """
    if not isinstance(status, str):
        return OUTCOME_UNKNOWN

    return _OUTCOME_BY_STATUS.get(status.strip().lower(), OUTCOME_UNKNOWN)


def is_finished(outcome):
    return outcome != OUTCOME_ACTIVE


def decide_verdict(outcome, accept_completed_with_errors=False):
    """Map the outcome of a finished job to success, warning or failure.

    Raises ValueError for an active job, because it has no verdict yet.
    """
    if outcome == OUTCOME_ACTIVE:
        raise ValueError("an active job has no verdict yet")

    if outcome == OUTCOME_COMPLETED:
        return VERDICT_SUCCESS

    if outcome == OUTCOME_COMPLETED_WITH_WARNINGS:
        return VERDICT_WARNING

    if outcome == OUTCOME_COMPLETED_WITH_ERRORS and accept_completed_with_errors:
        return VERDICT_WARNING

    return VERDICT_FAILURE


def normalise_job_summary(raw):
    """Flatten a raw jobSummary dict into stable keys, with None for what is missing."""
    if not isinstance(raw, dict):
        raw = {}

    subclient = raw.get("subclient")
    if not isinstance(subclient, dict):
        subclient = {}

    status = _text(raw.get("status"))
    return {
        "job_id": job_id_text(raw.get("jobId")),
        "status": status,
        "outcome": classify_status(status),
        "percent_complete": _number(raw.get("percentComplete")),
        "phase": _text(raw.get("currentPhaseName")),
        "pending_reason": _text(raw.get("pendingReason")),
        "start_time": epoch_to_iso(raw.get("jobStartTime")),
        "end_time": epoch_to_iso(raw.get("jobEndTime")),
        "backup_level": _text(raw.get("backupLevelName")),
        "size_bytes": _integer(raw.get("sizeOfApplication")),
        "client": _text(subclient.get("clientName")),
        "client_id": _integer(subclient.get("clientId")),
        "instance": _text(subclient.get("instanceName")),
        "backupset": _text(subclient.get("backupsetName")),
        "subclient": _text(subclient.get("subclientName")),
        "application_id": _integer(subclient.get("applicationId")),
    }


def job_summaries(response):
    """Return the raw jobSummary dicts of a GET /Job or GET /Job/{id} response."""
    if not isinstance(response, dict):
        return []

    jobs = response.get("jobs")
    if not isinstance(jobs, list):
        return []

    summaries = []
    for job in jobs:
        summary = job.get("jobSummary") if isinstance(job, dict) else None
        if isinstance(summary, dict):
            summaries.append(summary)

    return summaries


def level_satisfies(job_level, requested_level):
    """Tell whether a job at job_level (for example "Full") meets requested_level ("FULL").

    A full satisfies a request for an incremental, an incremental does not satisfy a full,
    and any other level satisfies nothing.
    """
    job_rank = _LEVEL_RANK.get(str(job_level or "").strip().lower())
    requested_rank = _LEVEL_RANK.get(str(requested_level or "").strip().lower())
    if job_rank is None or requested_rank is None:
        return False

    return job_rank >= requested_rank


def job_id_text(value):
    """Return a job id as a decimal string, or None when it is not a positive integer.

    CreateTask returns job ids as strings while jobSummary contains numbers.
    """
    number = _integer(value)
    if number is None or number <= 0:
        return None

    return str(number)


def epoch_seconds(value):
    """Return epoch seconds as an int, or None when missing, invalid or 0 (not set)."""
    number = _integer(value)
    if number is None or number <= 0:
        return None

    return number


def epoch_to_iso(value):
    """Format epoch seconds as an ISO 8601 UTC string such as 2024-05-01T10:00:00Z."""
    seconds = epoch_seconds(value)
    if seconds is None:
        return None

    try:
        moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None

    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value):
    if isinstance(value, bool) or value is None:
        return None

    if isinstance(value, (int, float)):
        return str(value)

    if not isinstance(value, str):
        return None

    value = value.strip()
    return value or None


def _integer(value):
    if isinstance(value, bool):
        return None

    if isinstance(value, int):
        return value

    if isinstance(value, float):
        return int(value) if value.is_integer() else None

    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None

    return None


def _number(value):
    if isinstance(value, bool):
        return None

    if isinstance(value, int):
        return value

    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None

    if not isinstance(value, float) or not math.isfinite(value):
        return None

    return int(value) if value.is_integer() else value
