# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter fleet_report: the rows and counts of the rac_fleet_backup role's report.

The role built these rows in a Jinja template, which took minutes for a fleet of 1000
databases because it searched the start results once per database. Here each lookup
is a dict access.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime

# Report outcomes that mean a database was not backed up.
FAILED_OUTCOMES = frozenset(["failed_to_start", "failed", "timed_out", "not_found", "unknown"])

# The module's outcome names that the report spells differently.
REPORT_NAMES = {"recently_completed": "skipped_recent"}

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def database_key(item):
    """Return client/instance/backupset/subclient in lower case, as Commvault compares names."""
    names = (item.get(field) or "" for field in ("client", "instance", "backupset", "subclient"))
    return "/".join(str(name) for name in names).lower()


def first_by(items, key_of):
    """Index items by key_of(item), keeping the first item of each key."""
    index = {}
    for item in items:
        index.setdefault(key_of(item), item)
    return index


def job_duration(job):
    """Return the seconds between a job's start and end time, or None when one is missing."""
    if not job.get("start_time") or not job.get("end_time"):
        return None
    started = datetime.strptime(job["start_time"], TIME_FORMAT)
    ended = datetime.strptime(job["end_time"], TIME_FORMAT)
    return int((ended - started).total_seconds())


def empty_row(entry):
    return {
        "client": entry.get("client"), "instance": entry.get("instance"),
        "backupset": entry.get("backupset"), "subclient": entry.get("subclient"),
        "agent": entry.get("agent"), "backup_level": entry.get("backup_level"),
        "cumulative": entry.get("cumulative"),
        "job_id": None, "start": "failed_to_start", "outcome": "failed_to_start",
        "status": None, "duration": None, "reason": None,
    }


def apply_wait_result(row, job):
    """Fill a started database's row from its job_info entry."""
    if job is None or not job.get("found", True):
        row.update(outcome="not_found", reason="Commvault did not list this job while the role waited")
        return

    outcome = job.get("outcome") or "unknown"
    # A job still active when job_info returned is one the wait ran out of time for.
    if outcome == "active":
        outcome = "timed_out"
    row.update(outcome=outcome, status=job.get("status"),
               reason=job.get("reason") or job.get("pending_reason"),
               duration=job_duration(job))


def build_row(entry, backup, jobs, waited, wait_ran, start_problem):
    row = empty_row(entry)
    if backup is None:
        row["reason"] = start_problem
        return row
    if backup.get("failed"):
        row["reason"] = backup.get("msg", start_problem)
        return row

    module_outcome = backup.get("outcome") or "unknown"
    action = REPORT_NAMES.get(module_outcome, module_outcome)
    row.update(job_id=backup.get("job_id"), start=action, outcome=action)
    if isinstance(backup.get("job"), dict):
        row["status"] = backup["job"].get("status")

    if action == "started" and wait_ran and "jobs" in waited:
        apply_wait_result(row, jobs.get(backup.get("job_id")))
    elif action == "started" and wait_ran:
        row.update(outcome="unknown", reason=waited.get("msg", "waiting for the job failed"))
    return row


def fleet_report(plan, start=None, waited=None, abort_reason="", accept_completed_with_errors=False):
    """Return databases, counts, failed and rows of the fleet report.

    plan is the role's list of databases. start and waited are the registered results of
    the batch oracle_rac_backup task and of job_info, and either may be missing.
    """
    start = start if isinstance(start, dict) else {}
    waited = waited if isinstance(waited, dict) else {}
    wait_ran = len(waited) > 0 and not waited.get("skipped", False)
    backups = first_by(start.get("backups") or [], database_key)
    jobs = first_by(waited.get("jobs") or [], lambda job: job.get("job_id"))
    if "msg" in start:
        start_problem = start["msg"]
    else:
        start_problem = "the backup request was not sent: %s" % (abort_reason or "an earlier step failed")

    rows = []
    for entry in plan or []:
        row = build_row(entry, backups.get(database_key(entry)), jobs, waited, wait_ran, start_problem)
        row["failed"] = row["outcome"] in FAILED_OUTCOMES or (
            row["outcome"] == "completed_with_errors" and not accept_completed_with_errors)
        rows.append(row)

    counts = {}
    for row in rows:
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1

    failed = ["%s/%s/%s" % (row["client"], row["instance"], row["subclient"])
              for row in rows if row["failed"]]
    return {"databases": len(rows), "counts": counts, "failed": failed, "rows": rows}


class FilterModule(object):

    def filters(self):
        return {"fleet_report": fleet_report}
