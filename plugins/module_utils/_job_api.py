# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read, look up and kill Commvault jobs through a CommvaultClient.

Every function takes an object with the CommvaultClient interface (get and post)
and lets its CommvaultError propagate.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import time

from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    OUTCOME_ACTIVE,
    OUTCOME_COMPLETED,
    OUTCOME_UNKNOWN,
    epoch_seconds,
    job_id_text,
    job_summaries,
    level_satisfies,
    normalise_job_summary,
)


JOB_LIST_PAGE_SIZE = 100

# Bounds one listing at 5000 rows, so a server that ignores offset cannot loop forever.
MAX_JOB_LIST_PAGES = 50

# Added to completedJobLookupTime so that a CommServe clock a little behind the
# controller's clock still returns the jobs of the requested period.
LOOKUP_MARGIN_SECONDS = 300

# Commvault job identity of one subclient. application_id is 80 for Oracle RAC and 22
# for Oracle. When subclient_id is known, a job row that carries subclientId is matched
# on it, so a name typed in another letter case than Commvault's still finds the job.
# Otherwise names are compared exactly as Commvault stores them.
SubclientRef = collections.namedtuple(
    "SubclientRef",
    ["client_id", "application_id", "instance", "backupset", "subclient", "subclient_id"],
    defaults=(None,),
)


def fetch_job(client, job_id):
    """Return the normalised summary of one job, or None when Commvault does not list it.

    Right after CreateTask, GET /Job/{id} can return no row for a few seconds.
    """
    job_id = _require_job_id(job_id)
    response = client.get("/Job/" + job_id)

    if isinstance(response, dict) and response.get("totalRecordsWithoutPaging") == 0:
        return None

    for raw in job_summaries(response):
        summary = normalise_job_summary(raw)
        if summary["job_id"] == job_id:
            return summary

    return None


def fetch_jobs(client, job_ids, lookup_seconds):
    """Return a dict of job id to normalised summary for the jobs Commvault lists.

    One paged GET /Job of all backup jobs (active, and finished within lookup_seconds)
    finds most jobs. The ids it did not return are then read one by one with
    GET /Job/{id}. Ids that neither call returns are left out of the result.
    """
    requested_ids = [_require_job_id(job_id) for job_id in job_ids]
    requested_set = set(requested_ids)
    found = {}

    # One id costs one request with GET /Job/{id}, which a listing cannot beat.
    if len(requested_set) > 1:
        params = {
            "jobFilter": "Backup",
            "jobCategory": "All",
            "completedJobLookupTime": _lookup_time(lookup_seconds),
        }
        pages_read = 0
        for rows in _iter_job_pages(client, params):
            pages_read += 1
            for raw in rows:
                summary = normalise_job_summary(raw)
                if summary["job_id"] in requested_set:
                    found.setdefault(summary["job_id"], summary)

            # Reading each remaining id directly costs no more than another page.
            missing_count = len(requested_set) - len(found)
            if missing_count == 0 or pages_read >= missing_count:
                break

    for job_id in requested_ids:
        if job_id in found:
            continue

        summary = fetch_job(client, job_id)
        if summary is not None:
            found[job_id] = summary

    return found


def find_active_job(client, ref):
    """Return the newest active backup job of one subclient, or None.

    A row of the Active listing whose status string is unknown also counts, so that
    an unfamiliar state never lets a second backup start beside a running one.
    """
    params = _subclient_params(ref, "Active")
    candidates = []
    for raw in _iter_job_rows(client, params):
        if not _matches_subclient(raw, ref):
            continue

        summary = normalise_job_summary(raw)
        if summary["outcome"] in (OUTCOME_ACTIVE, OUTCOME_UNKNOWN):
            candidates.append(summary)

    return _newest(candidates, key=lambda summary: int(summary["job_id"] or 0))


def find_recent_completed_job(client, ref, within_seconds, backup_level, now=None):
    """Return the newest job of one subclient that ended with status Completed, or None.

    The job must have ended at most within_seconds before now (epoch seconds) and be
    at the requested backup_level or above: a full satisfies a request for an
    incremental, an incremental does not satisfy a full.
    """
    if now is None:
        now = time.time()

    params = _subclient_params(ref, "Finished")
    params["completedJobLookupTime"] = _lookup_time(within_seconds + LOOKUP_MARGIN_SECONDS)
    earliest_end = now - within_seconds

    candidates = []
    for raw in _iter_job_rows(client, params):
        if not _matches_subclient(raw, ref):
            continue

        end = epoch_seconds(raw.get("jobEndTime"))
        if end is None or end < earliest_end:
            continue

        summary = normalise_job_summary(raw)
        if summary["outcome"] != OUTCOME_COMPLETED:
            continue

        if level_satisfies(summary["backup_level"], backup_level):
            candidates.append((end, summary))

    newest = _newest(candidates, key=lambda pair: (pair[0], int(pair[1]["job_id"] or 0)))
    return None if newest is None else newest[1]


def find_jobs_started_since(client, ref, since_epoch, now=None):
    """Return the backup jobs of one subclient started at or after since_epoch, oldest first.

    This finds a job that a CreateTask started when its response was lost.
    NOTE: since_epoch is compared with the CommServe's jobStartTime, so a caller that
    takes it from the controller's clock should subtract an allowance for clock skew.
    """
    if now is None:
        now = time.time()

    params = _subclient_params(ref, "All")
    params["completedJobLookupTime"] = _lookup_time(now - since_epoch + LOOKUP_MARGIN_SECONDS)

    started = []
    for raw in _iter_job_rows(client, params):
        if not _matches_subclient(raw, ref):
            continue

        start = epoch_seconds(raw.get("jobStartTime"))
        if start is not None and start >= since_epoch:
            started.append((start, normalise_job_summary(raw)))

    started.sort(key=lambda pair: (pair[0], int(pair[1]["job_id"] or 0)))
    return [summary for _start, summary in started]


def fetch_failure_reason(client, job_id):
    """Return Commvault's reason for a job's failure or delay, or None when it gives none."""
    job_id = _require_job_id(job_id)
    response = client.post("/JobDetails", {"jobId": int(job_id)}, retry=True)

    reason = _dig(response, "job", "jobDetail", "progressInfo", "reasonForJobDelay")
    if not isinstance(reason, str):
        return None

    return reason.strip() or None


def kill_job(client, job_id):
    """Ask Commvault to kill one job and return the decoded response body."""
    job_id = _require_job_id(job_id)
    return client.post("/Job/" + job_id + "/action/kill", {})


def _require_job_id(job_id):
    text = job_id_text(job_id)
    if text is None:
        raise ValueError("invalid job id %r: expected a positive integer" % (job_id,))

    return text


def _lookup_time(seconds):
    return max(1, int(seconds))


def _subclient_params(ref, category):
    return {"clientId": str(ref.client_id), "jobFilter": "Backup", "jobCategory": category}


def _matches_subclient(raw, ref):
    subclient = raw.get("subclient")
    if not isinstance(subclient, dict):
        return False

    application_id = subclient.get("applicationId")
    if isinstance(application_id, bool) or str(application_id) != str(ref.application_id):
        return False

    row_subclient_id = subclient.get("subclientId")
    if ref.subclient_id is not None and row_subclient_id not in (None, ""):
        return str(row_subclient_id) == str(ref.subclient_id)

    return (
        subclient.get("instanceName") == ref.instance
        and subclient.get("backupsetName") == ref.backupset
        and subclient.get("subclientName") == ref.subclient
    )


def _iter_job_rows(client, params):
    for rows in _iter_job_pages(client, params):
        yield from rows


def _iter_job_pages(client, params):
    """Yield the raw jobSummary dicts of GET /Job page by page, using limit and offset."""
    seen_ids = set()
    offset = 0
    for _page in range(MAX_JOB_LIST_PAGES):
        page_params = dict(params, limit=JOB_LIST_PAGE_SIZE, offset=offset)
        response = client.get("/Job", params=page_params)
        rows = job_summaries(response)

        page_ids = set(job_id_text(raw.get("jobId")) for raw in rows)
        if rows and page_ids <= seen_ids:
            # The server ignored offset and sent a page it had already sent.
            return

        seen_ids |= page_ids
        yield rows

        total = response.get("totalRecordsWithoutPaging") if isinstance(response, dict) else None
        offset += len(rows)
        if len(rows) < JOB_LIST_PAGE_SIZE:
            return

        if isinstance(total, int) and offset >= total:
            return


def _newest(items, key):
    if not items:
        return None

    return max(items, key=key)


def _dig(value, *keys):
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)

    return value
