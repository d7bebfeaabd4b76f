# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Wait for one or many Commvault jobs to finish, with an injectable clock and sleep."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    is_finished,
    job_id_text,
)


class JobWaitResult:
    """Outcome of wait_for_jobs.

    finished and active map job ids to their last normalised summary. missing lists
    the ids never seen: not listed within the visibility grace period, or not seen
    before the timeout. elapsed is in seconds of the injected clock.
    """

    def __init__(self, finished, active, missing, timed_out, polls, elapsed):
        self.finished = finished
        self.active = active
        self.missing = missing
        self.timed_out = timed_out
        self.polls = polls
        self.elapsed = elapsed

    def __repr__(self):
        return (
            "JobWaitResult(finished=%r, active=%r, missing=%r, timed_out=%r, polls=%r, elapsed=%r)"
            % (
                sorted(self.finished),
                sorted(self.active),
                self.missing,
                self.timed_out,
                self.polls,
                self.elapsed,
            )
        )


def wait_for_jobs(
    fetch_many,
    job_ids,
    timeout,
    poll_interval,
    visibility_grace,
    clock=time.monotonic,
    sleep=time.sleep,
):
    """Poll jobs until each has finished or is missing, or until timeout seconds pass.

    fetch_many(ids) takes a list of job id strings and returns a dict of job id to
    normalised summary for the jobs it found. A job that was never seen is looked up
    again until visibility_grace seconds after the start, then reported missing.
    Waiting, Pending, Queued and Suspended jobs are active, not failed. The loop
    polls at least once, never sleeps past the deadline and never kills a job.
    Errors raised by fetch_many propagate.
    """
    if timeout < 0:
        raise ValueError("timeout must be 0 or more seconds, got %r" % (timeout,))

    if poll_interval <= 0:
        raise ValueError("poll_interval must be more than 0 seconds, got %r" % (poll_interval,))

    pending = _unique_job_ids(job_ids)
    start = clock()
    deadline = start + timeout
    last_seen = {}
    finished = {}
    missing = []
    polls = 0

    while True:
        summaries = fetch_many(list(pending))
        polls += 1
        now = clock()

        for job_id in list(pending):
            summary = summaries.get(job_id)
            if summary is not None:
                last_seen[job_id] = summary

            if summary is not None and is_finished(summary.get("outcome")):
                finished[job_id] = summary
                pending.remove(job_id)
            elif job_id not in last_seen and now - start >= visibility_grace:
                missing.append(job_id)
                pending.remove(job_id)

        if not pending or now >= deadline:
            break

        sleep(min(poll_interval, deadline - now))

    # After a timeout, jobs never seen have no summary to report as active.
    active = {}
    for job_id in pending:
        if job_id in last_seen:
            active[job_id] = last_seen[job_id]
        else:
            missing.append(job_id)

    return JobWaitResult(
        finished=finished,
        active=active,
        missing=missing,
        timed_out=bool(pending),
        polls=polls,
        elapsed=clock() - start,
    )


def _unique_job_ids(job_ids):
    unique = []
    for job_id in job_ids:
        text = job_id_text(job_id)
        if text is None:
            raise ValueError("invalid job id %r: expected a positive integer" % (job_id,))

        if text not in unique:
            unique.append(text)

    return unique
