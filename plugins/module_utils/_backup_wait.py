# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wait for the jobs of started backups and turn each job's end into the backup's result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections

from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from ansible_collections.backupops.commvault.plugins.module_utils._job_api import (
    fetch_failure_reason,
    fetch_jobs,
    kill_job,
)
from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    OUTCOME_COMPLETED,
    OUTCOME_COMPLETED_WITH_ERRORS,
    OUTCOME_COMPLETED_WITH_WARNINGS,
    OUTCOME_FAILED,
)
from ansible_collections.backupops.commvault.plugins.module_utils._job_wait import wait_for_jobs

# Backups whose job the module waits for: the job it started or adopted, and the job
# that was already running, because the caller asked for the backup to be finished.
WAITABLE_OUTCOMES = ("started", "already_running")

# A job that the CommServe never lists within this many seconds of the start of the
# wait is reported as timed out, instead of being looked for until wait_timeout.
VISIBILITY_GRACE_SECONDS = 120

# Each listing also returns the jobs that finished this many seconds before the wait
# started, so that a short job that ended before the first poll is still found.
FINISHED_LOOKUP_SECONDS = 3600

WaitSettings = collections.namedtuple(
    "WaitSettings", ["timeout", "poll_interval", "kill_on_timeout", "accept_completed_with_errors"])


def waitable(backup):
    result = backup.result
    return not result["failed"] and result["outcome"] in WAITABLE_OUTCOMES and result["job_id"]


def wait_for_backups(client, backups, settings, clocks):
    """Wait in one loop for the jobs of all backups, then set each backup's outcome.

    Returns the seconds spent waiting, which each waited backup also carries as duration.
    """
    targets = [backup for backup in backups if waitable(backup)]
    if not targets:
        return 0.0

    job_ids = [backup.result["job_id"] for backup in targets]
    start = clocks.monotonic()

    def read_jobs(ids):
        return fetch_jobs(client, ids, clocks.monotonic() - start + FINISHED_LOOKUP_SECONDS)

    try:
        waited = wait_for_jobs(read_jobs, job_ids, timeout=settings.timeout,
                               poll_interval=settings.poll_interval,
                               visibility_grace=min(VISIBILITY_GRACE_SECONDS, settings.timeout),
                               clock=clocks.monotonic, sleep=clocks.sleep)
    except CommvaultError as err:
        duration = round(clocks.monotonic() - start, 3)
        for backup in targets:
            backup.result["duration"] = duration
            backup.fail_with_error(err, context="waiting for job %s failed and the job was "
                                                "left running" % backup.result["job_id"])
        return duration

    duration = round(waited.elapsed, 3)
    for backup in targets:
        backup.result["duration"] = duration
        judge_backup(client, backup, waited, settings)
    return duration


def judge_backup(client, backup, waited, settings):
    job_id = backup.result["job_id"]
    if job_id in waited.finished:
        judge_finished_job(client, backup, waited.finished[job_id], settings)
    elif job_id in waited.active:
        handle_timeout(client, backup, waited.active[job_id], settings)
    else:
        backup.fail("job %s was not listed by the CommServe within %s seconds after the wait "
                    "began, so its outcome is unknown; check the CommServe's job list"
                    % (job_id, min(VISIBILITY_GRACE_SECONDS, settings.timeout)),
                    outcome="timed_out")


def judge_finished_job(client, backup, summary, settings):
    """Set the outcome of a backup from its finished job: success, warning or failure."""
    job_id = summary["job_id"]
    outcome = summary["outcome"]
    was_running = backup.result["outcome"] == "already_running"
    subject = "Backup job %s of %s%s" % (job_id, backup.label,
                                         " (already running, not started by this task)"
                                         if was_running else "")

    if outcome == OUTCOME_COMPLETED:
        backup.set_job(summary)
        backup.set_outcome("completed", "%s completed" % subject)
        return

    reason = read_reason(client, backup, job_id)
    backup.set_job(summary, reason)
    because = reason or "Commvault gave no reason"

    if outcome == OUTCOME_COMPLETED_WITH_WARNINGS:
        message = "%s completed with warnings: %s" % (subject, because)
        backup.set_outcome("completed_with_warnings", message)
        backup.warnings.append(message)
    elif outcome == OUTCOME_COMPLETED_WITH_ERRORS and settings.accept_completed_with_errors:
        message = ("%s ended with status %s, accepted because accept_completed_with_errors is "
                   "true: %s" % (subject, summary["status"], because))
        backup.set_outcome("completed_with_errors", message)
        backup.warnings.append(message)
    elif outcome == OUTCOME_COMPLETED_WITH_ERRORS:
        backup.fail("job %s ended with status %s: %s; set accept_completed_with_errors=true to "
                    "accept such a backup" % (job_id, summary["status"], because),
                    outcome="completed_with_errors")
    elif outcome == OUTCOME_FAILED:
        backup.fail("job %s ended with status %s: %s" % (job_id, summary["status"], because),
                    outcome="failed")
    else:
        backup.fail("job %s ended with status %r, which this module does not know, so it "
                    "counts as failed. Commvault's reason: %s"
                    % (job_id, summary["status"], because), outcome="failed")


def read_reason(client, backup, job_id):
    """Return Commvault's reason for how a job ended, or None with a warning when unreadable."""
    try:
        return fetch_failure_reason(client, job_id)
    except CommvaultError as err:
        backup.warnings.append("Could not read the reason of job %s of %s: %s"
                               % (job_id, backup.label, err))
        return None


def handle_timeout(client, backup, summary, settings):
    """Fail a backup whose job outlived the wait, and kill the job when the user asked to."""
    job_id = summary["job_id"]
    backup.set_job(summary, summary.get("pending_reason"))
    percent = summary["percent_complete"]
    percent_text = "unknown" if percent is None else "%s%%" % percent
    message = ("job %s did not finish within %s seconds; last status %s, %s complete, phase %s"
               % (job_id, settings.timeout, summary["status"], percent_text,
                  summary["phase"] or "unknown"))

    if not settings.kill_on_timeout:
        message += ". The job was left running; set kill_on_timeout=true to kill it on timeout"
    else:
        try:
            kill_job(client, job_id)
            message += ". The module asked Commvault to kill the job"
        except CommvaultError as err:
            message += ". Killing the job failed, so it may still be running: %s" % err

    backup.fail(message, outcome="timed_out")
