# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start the backup of one database unless one is running or completed recently.

Single and batch mode run the same steps. They look up the subclient and skip it when
a backup of it is active or completed recently. Then they send CreateTask once, and
adopt the job that a CreateTask started when its response was lost.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import time

from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from ansible_collections.backupops.commvault.plugins.module_utils._entities import resolve_entities
from ansible_collections.backupops.commvault.plugins.module_utils._job_api import (
    SubclientRef,
    find_active_job,
    find_jobs_started_since,
    find_recent_completed_job,
)
from ansible_collections.backupops.commvault.plugins.module_utils._module import ModuleFailure
from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    build_create_task_body,
)

# How long a lost CreateTask response is followed by lookups of the job it may have
# started, because a new job can be missing from the job list for a few seconds.
ADOPTION_GRACE_SECONDS = 30
ADOPTION_POLL_SECONDS = 3

# Job start times come from the CommServe's clock, so a job started by the request may
# carry a start time this many seconds before the controller's clock read at sending.
CLOCK_SKEW_ALLOWANCE_SECONDS = 120

# Keys of a normalised job summary that results carry, plus reason.
JOB_RESULT_KEYS = ("job_id", "status", "outcome", "percent_complete", "phase", "pending_reason",
                   "start_time", "end_time", "backup_level", "size_bytes")

BackupRequest = collections.namedtuple(
    "BackupRequest",
    ["client", "instance", "backupset", "subclient", "agent", "backup_level", "cumulative",
     "job_description"],
)

StartSettings = collections.namedtuple(
    "StartSettings",
    ["force", "skip_if_completed_within", "check_mode", "notify_on_completion",
     "display_name", "user_name", "user_id"],
)

# wall gives epoch seconds to compare with Commvault's job times; monotonic and sleep
# time the lookups and waits. Tests pass fakes so that no test really sleeps.
Clocks = collections.namedtuple("Clocks", ["wall", "monotonic", "sleep"])
SYSTEM_CLOCKS = Clocks(time.time, time.monotonic, time.sleep)


def job_result(summary, reason=None):
    """Return the job keys that results carry, from a normalised job summary."""
    job = dict((key, summary.get(key)) for key in JOB_RESULT_KEYS)
    job["reason"] = reason
    return job


class DatabaseBackup:
    """The result of the backup of one database, built up step by step.

    warnings collects module warnings, because batch mode runs the steps in worker
    threads and the main thread emits them.
    """

    def __init__(self, request):
        self.request = request
        self.label = "%s/%s/%s" % (request.client, request.instance, request.subclient)
        self.warnings = []
        self.result = dict(
            changed=False,
            failed=False,
            outcome=None,
            job_id=None,
            job_ids=[],
            task_id=None,
            job=None,
            duration=0.0,
            request=None,
            msg=None,
            client=request.client,
            instance=request.instance,
            backupset=request.backupset,
            subclient=request.subclient,
        )

    def set_outcome(self, outcome, msg, **fields):
        self.result.update(fields)
        self.result.update(outcome=outcome, msg=msg)

    def fail(self, msg, **fields):
        """Mark the backup failed; msg is prefixed with the database name."""
        self.result.update(fields)
        self.result.update(failed=True, msg="Backup of %s: %s" % (self.label, msg))

    def fail_with_error(self, err, context=None):
        """Mark the backup failed with a CommvaultError's code, status and message."""
        text = str(err) if context is None else "%s: %s" % (context, err)
        fields = {}
        if err.status is not None:
            fields["http_status"] = err.status
        if err.error_code is not None:
            fields["error_code"] = err.error_code
        if err.error_message:
            fields["error_message"] = err.error_message
        self.fail(text, **fields)

    def set_job(self, summary, reason=None):
        self.result.update(job_id=summary["job_id"], job_ids=[summary["job_id"]],
                           job=job_result(summary, reason))


def build_request_body(request, settings):
    return build_create_task_body(
        client=request.client,
        instance=request.instance,
        backupset=request.backupset,
        subclient=request.subclient,
        agent=request.agent,
        backup_level=request.backup_level,
        cumulative=request.cumulative,
        notify_on_completion=settings.notify_on_completion,
        job_description=request.job_description,
        display_name=settings.display_name,
        user_name=settings.user_name,
        user_id=settings.user_id,
    )


def start_backup(client, request, settings, clocks=SYSTEM_CLOCKS):
    """Run the start steps for one database and return its DatabaseBackup.

    Errors end up in the result instead of being raised, so one database that fails
    does not stop the others of a batch.
    """
    backup = DatabaseBackup(request)
    try:
        run_start_steps(client, backup, settings, clocks)
    except CommvaultError as err:
        backup.fail_with_error(err)
    except ModuleFailure as err:
        backup.fail(err.msg, **err.result)
    return backup


def run_start_steps(client, backup, settings, clocks):
    request = backup.request
    body = build_request_body(request, settings)
    backup.result["request"] = body

    entities = resolve_entities(client, request.client, request.instance, request.backupset,
                                request.subclient, request.agent)
    ref = SubclientRef(entities.client_id, entities.application_id, request.instance,
                       request.backupset, request.subclient, entities.subclient_id)

    # With force the active job is still looked up, so that a lost CreateTask response
    # never makes the module adopt the job that was already running.
    active = find_active_job(client, ref)
    if active is not None and not settings.force and active_job_blocks(active, request.backup_level):
        report_running(backup, active)
        return
    if active is not None:
        reason = "force is true" if settings.force else "a full backup was requested"
        backup.warnings.append("Backup job %s of %s is active (status %s, level %s); another "
                               "backup is started because %s"
                               % (active["job_id"], backup.label, active["status"],
                                  active.get("backup_level") or "unknown", reason))

    within = settings.skip_if_completed_within
    if within > 0:
        recent = find_recent_completed_job(client, ref, within, request.backup_level,
                                           now=clocks.wall())
        if recent is not None:
            report_recent(backup, recent, within)
            return

    if settings.check_mode:
        backup.set_outcome("would_start", "Check mode: would start a backup (%s) of %s"
                           % (request.backup_level, backup.label), changed=True)
        return

    known_ids = jobs_before_request(client, ref, active, clocks)
    send_create_task(client, backup, ref, body, known_ids, clocks)


def jobs_before_request(client, ref, active, clocks):
    """Return the ids of the subclient's jobs that exist before CreateTask is sent.

    Adoption after an unclear CreateTask response looks back CLOCK_SKEW_ALLOWANCE_SECONDS
    before the request, so without this list it could adopt a job that had just
    finished, or that was already running with force, and report it as the new backup.
    """
    since = clocks.wall() - CLOCK_SKEW_ALLOWANCE_SECONDS
    known_ids = [job["job_id"] for job in find_jobs_started_since(client, ref, since,
                                                                  now=clocks.wall())]
    if active is not None and active["job_id"] not in known_ids:
        known_ids.append(active["job_id"])
    return known_ids


def active_job_blocks(active, requested_level):
    """Tell whether an active job makes the requested backup unnecessary.

    A running incremental does not stand in for a requested full, so the full is started
    and Commvault queues it. A job of any other or unknown level blocks, so that a job in
    an odd state never leads to a second backup.
    """
    active_level = (active.get("backup_level") or "").strip().lower()
    return not (active_level == "incremental" and requested_level == "full")


def report_running(backup, active):
    backup.set_job(active)
    backup.set_outcome(
        "already_running",
        "Backup job %s of %s is already running (status %s), so no backup was started; "
        "set force=true to start another one" % (active["job_id"], backup.label, active["status"]))


def report_recent(backup, recent, within):
    backup.set_job(recent)
    backup.set_outcome(
        "recently_completed",
        "Backup job %s of %s (%s) completed at %s, within the last %s seconds, so no backup "
        "was started" % (recent["job_id"], backup.label, recent["backup_level"],
                         recent["end_time"], within))


def send_create_task(client, backup, ref, body, known_ids, clocks):
    """Post CreateTask once. When its outcome is unknown, adopt the job it started."""
    sent_at = clocks.wall()
    try:
        response = client.post("/CreateTask", body, retry=False)
    except CommvaultError as err:
        if not (err.outcome_unknown or is_unexplained_server_error(err)):
            raise
        adopt_started_job(client, backup, ref, sent_at, known_ids, clocks, err)
        return

    task_id, job_ids = read_job_ids(response)
    msg = "Started backup job %s of %s" % (", ".join(job_ids), backup.label)
    backup.set_outcome("started", msg, changed=True, task_id=task_id, job_ids=job_ids,
                       job_id=job_ids[0])


def is_unexplained_server_error(err):
    """Tell whether a CreateTask error is an HTTP 5xx without Commvault's errorCode.

    Such a response comes from a proxy, a gateway or a crashed handler, which may
    respond after the CommServe has started the job. An errorCode means the CommServe
    itself reported the failure.
    """
    return err.status is not None and err.status >= 500 and err.error_code is None


def read_job_ids(response):
    """Return the task id and job ids of a CreateTask response, failing when no job started."""
    task_id = response.get("taskId")
    job_ids = [str(job_id) for job_id in response.get("jobIds") or []]
    if not job_ids:
        raise ModuleFailure(
            "CreateTask returned task %s without job ids, so no backup job was started"
            % task_id, changed=task_id is not None, task_id=task_id)
    return int(task_id) if task_id is not None else None, job_ids


def adopt_started_job(client, backup, ref, sent_at, known_ids, clocks, send_error):
    """Find the job a CreateTask with a lost response started, and report it as started."""
    try:
        candidates = look_for_started_jobs(client, backup, ref, sent_at, known_ids, clocks)
    except CommvaultError as err:
        raise ModuleFailure(unknown_start_message(backup, send_error, "looking for it failed: %s"
                                                  % err))

    if not candidates:
        raise ModuleFailure(unknown_start_message(
            backup, send_error, "no job of this subclient that started after the request "
                                "was found within %d seconds" % ADOPTION_GRACE_SECONDS))

    job = candidates[-1]
    if len(candidates) > 1:
        others = ", ".join(summary["job_id"] for summary in candidates[:-1])
        backup.warnings.append("Several backup jobs of %s started after the CreateTask "
                               "without a usable response; adopted the newest, %s, not %s"
                               % (backup.label, job["job_id"], others))

    backup.set_job(job)
    backup.set_outcome(
        "started",
        "Started backup job %s of %s: the CreateTask response did not say whether a job "
        "started (%s), so the module adopted the job of this subclient that started after "
        "the request"
        % (job["job_id"], backup.label, send_error), changed=True)


def look_for_started_jobs(client, backup, ref, sent_at, known_ids, clocks):
    """Return the jobs the lost request may have started, oldest first, retrying for a while.

    NOTE: a job that another user or a schedule started at the same backup level within
    the clock skew allowance is indistinguishable from the job of the request.
    """
    since = sent_at - CLOCK_SKEW_ALLOWANCE_SECONDS
    level = backup.request.backup_level
    deadline = clocks.monotonic() + ADOPTION_GRACE_SECONDS
    while True:
        jobs = find_jobs_started_since(client, ref, since, now=clocks.wall())
        candidates = [job for job in jobs
                      if job["job_id"] not in known_ids and level_matches(job, level)]
        if candidates:
            return candidates

        remaining = deadline - clocks.monotonic()
        if remaining <= 0:
            return []
        clocks.sleep(min(ADOPTION_POLL_SECONDS, remaining))


def level_matches(summary, backup_level):
    """Tell whether a job can be one started at backup_level; a job without a level can."""
    job_level = summary.get("backup_level")
    return job_level is None or job_level.strip().lower() == backup_level


def unknown_start_message(backup, send_error, lookup_outcome):
    return ("the backup may or may not have started, because CreateTask was sent but its "
            "response did not say whether a job started (%s), and %s. Check the CommServe's job list for %s before "
            "you run the task again" % (send_error, lookup_outcome, backup.label))
