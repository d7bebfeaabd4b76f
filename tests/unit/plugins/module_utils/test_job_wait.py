# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    normalise_job_summary,
)
from ansible_collections.backupops.commvault.plugins.module_utils._job_wait import wait_for_jobs


class FakeClock:
    """Clock whose sleep advances time, so no test sleeps for real."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedJobs:
    """fetch_many stand-in: each job follows a timeline of (from_elapsed, status)."""

    def __init__(self, clock, timelines):
        self.clock = clock
        self.start = clock()
        self.timelines = timelines
        self.requests = []

    def __call__(self, ids):
        self.requests.append(list(ids))
        elapsed = self.clock() - self.start
        found = {}
        for job_id in ids:
            status = None
            for since, value in self.timelines.get(job_id, []):
                if elapsed >= since:
                    status = value
            if status is not None:
                found[job_id] = normalise_job_summary({"jobId": job_id, "status": status})
        return found


def run(timelines, job_ids, timeout=100, poll_interval=10, visibility_grace=30):
    clock = FakeClock()
    jobs = ScriptedJobs(clock, timelines)
    result = wait_for_jobs(jobs, job_ids, timeout=timeout, poll_interval=poll_interval,
                           visibility_grace=visibility_grace, clock=clock, sleep=clock.sleep)
    return result, clock, jobs


def test_wait_single_job_completes():
    result, clock, jobs = run({"1": [(0, "Running"), (25, "Completed")]}, ["1"])
    assert list(result.finished) == ["1"]
    assert result.finished["1"]["status"] == "Completed"
    assert result.active == {}
    assert result.missing == []
    assert result.timed_out is False
    assert result.polls == 4
    assert result.elapsed == 30
    assert clock.sleeps == [10, 10, 10]


def test_wait_many_jobs_one_loop():
    timelines = {
        "1": [(0, "Running"), (10, "Completed")],
        "2": [(0, "Waiting"), (20, "Failed")],
        "3": [(0, "Queued"), (30, "Completed w/ one or more errors")],
    }
    result, _clock, jobs = run(timelines, ["1", 2, "3"])
    assert sorted(result.finished) == ["1", "2", "3"]
    assert result.finished["2"]["outcome"] == "failed"
    assert result.polls == 4
    assert jobs.requests == [["1", "2", "3"], ["1", "2", "3"], ["2", "3"], ["3"]]


@pytest.mark.parametrize("status", ["Waiting", "Pending", "Queued", "Suspended",
                                    "Suspend Pending", "Kill Pending"])
def test_wait_active_statuses_not_failures(status):
    result, _clock, _jobs = run({"1": [(0, status)]}, ["1"], timeout=40)
    assert result.finished == {}
    assert result.active["1"]["status"] == status
    assert result.timed_out is True


def test_wait_unknown_status_finishes():
    result, _clock, _jobs = run({"1": [(0, "Interrupt Pending")]}, ["1"])
    assert result.finished["1"]["outcome"] == "unknown"
    assert result.polls == 1


def test_wait_grace_then_visible():
    result, _clock, _jobs = run({"1": [(20, "Running"), (40, "Completed")]}, ["1"])
    assert list(result.finished) == ["1"]
    assert result.missing == []
    assert result.polls == 5


def test_wait_grace_expires_missing():
    result, clock, _jobs = run({}, ["9"], visibility_grace=30)
    assert result.missing == ["9"]
    assert result.timed_out is False
    assert result.polls == 4
    assert clock.now - 1000.0 == 30


def test_wait_seen_job_never_missing():
    timelines = {"1": [(0, "Running")]}
    clock = FakeClock()
    jobs = ScriptedJobs(clock, timelines)

    def flaky(ids):
        found = jobs(ids)
        return found if len(jobs.requests) == 1 else {}

    result = wait_for_jobs(flaky, ["1"], timeout=60, poll_interval=10, visibility_grace=5,
                           clock=clock, sleep=clock.sleep)
    assert result.missing == []
    assert result.active["1"]["status"] == "Running"
    assert result.timed_out is True


def test_wait_timeout_partial_results():
    timelines = {"1": [(0, "Running"), (10, "Completed")], "2": [(0, "Running")]}
    result, _clock, _jobs = run(timelines, ["1", "2", "3"], timeout=20, visibility_grace=60)
    assert list(result.finished) == ["1"]
    assert list(result.active) == ["2"]
    assert result.missing == ["3"]
    assert result.timed_out is True
    assert result.polls == 3


def test_wait_deadline_honoured_exactly():
    result, clock, _jobs = run({"1": [(0, "Running")]}, ["1"], timeout=25, poll_interval=10)
    assert clock.sleeps == [10, 10, 5]
    assert clock.now - 1000.0 == 25
    assert result.elapsed == 25
    assert result.polls == 4
    assert result.timed_out is True


def test_wait_zero_timeout_polls_once():
    result, clock, _jobs = run({"1": [(0, "Running")]}, ["1"], timeout=0)
    assert result.polls == 1
    assert clock.sleeps == []
    assert result.timed_out is True


def test_wait_slow_poll_no_extra_sleep():
    clock = FakeClock()

    def slow(ids):
        clock.now += 15
        return {job_id: normalise_job_summary({"jobId": job_id, "status": "Running"})
                for job_id in ids}

    result = wait_for_jobs(slow, ["1"], timeout=20, poll_interval=10, visibility_grace=0,
                           clock=clock, sleep=clock.sleep)
    assert clock.sleeps == [5]
    assert result.polls == 2
    assert result.elapsed == 35


def test_wait_duplicate_ids_once():
    result, _clock, jobs = run({"5": [(0, "Completed")]}, ["5", 5, "5"])
    assert jobs.requests == [["5"]]
    assert list(result.finished) == ["5"]


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"poll_interval": 0}, {"job_ids": ["x"]}])
def test_wait_rejects_invalid_input(kwargs):
    arguments = {"fetch_many": lambda ids: {}, "job_ids": ["1"], "timeout": 10,
                 "poll_interval": 5, "visibility_grace": 5}
    arguments.update(kwargs)
    with pytest.raises(ValueError):
        wait_for_jobs(**arguments)


def test_wait_fetch_error_propagates():
    def broken(ids):
        raise RuntimeError("connection refused")

    clock = FakeClock()
    with pytest.raises(RuntimeError):
        wait_for_jobs(broken, ["1"], timeout=10, poll_interval=5, visibility_grace=5,
                      clock=clock, sleep=clock.sleep)
