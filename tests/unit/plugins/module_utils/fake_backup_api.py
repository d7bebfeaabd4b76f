# -*- coding: utf-8 -*-
"""A scripted stand-in for CommvaultClient, and a fake clock, for the backup flow tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    BackupRequest,
    Clocks,
    StartSettings,
)
from ansible_collections.backupops.commvault.plugins.module_utils._backup_wait import WaitSettings
from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError

CLIENT = "prod-rac01"
CLIENT_ID = 2
INSTANCE = "ORCLPRD"
EPOCH = 1714550000
FOUND = {"clientId": CLIENT_ID, "applicationId": 80, "instanceId": 5, "backupsetId": 7,
         "subclientId": 9}


def raw_job(job_id, status="Running", level="Incremental", start=EPOCH - 600, end=0,
            instance=INSTANCE, application_id=80, subclient="default", percent=40,
            phase="Backup"):
    """Return a jobSummary dict as GET /Job sends it."""
    return {
        "jobId": int(job_id),
        "status": status,
        "percentComplete": percent,
        "currentPhaseName": phase,
        "jobStartTime": start,
        "jobEndTime": end,
        "backupLevelName": level,
        "subclient": {
            "clientName": CLIENT,
            "clientId": CLIENT_ID,
            "instanceName": instance,
            "backupsetName": "default",
            "subclientName": subclient,
            "applicationId": application_id,
        },
    }


def listing(rows):
    return {"totalRecordsWithoutPaging": len(rows), "jobs": [{"jobSummary": row} for row in rows]}


class FakeClock:
    """Monotonic and wall clocks that move only when sleep is called."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def wall(self):
        return EPOCH + self.now - 1000.0

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clocks(self):
        return Clocks(self.wall, self.monotonic, self.sleep)


def next_reply(replies):
    """Return the next scripted reply; the last one repeats."""
    return replies.pop(0) if len(replies) > 1 else replies[0]


class FakeApi:
    """CommvaultClient stand-in that replies from scripted job listings and job states.

    subclient_jobs maps a jobCategory (Active, Finished, All) of the per-client listing
    to a list of row lists, one per call. job_states maps a job id to the raw summaries
    that successive reads of that job return; None means the job is not listed yet.
    A reply that is an exception is raised.
    """

    def __init__(self):
        self.calls = []
        self.subclient_jobs = {"Active": [[]], "Finished": [[]], "All": [[]]}
        self.job_states = {}
        self.create_task_replies = [{"taskId": 478798, "jobIds": ["63001"]}]
        self.get_id_reply = dict(FOUND)
        self.reasons = {}
        self.wait_error = None
        self._lock = threading.Lock()

    def record(self, method, path, data):
        with self._lock:
            self.calls.append((method, path, data))

    def paths(self, method, path):
        return [call for call in self.calls if call[0] == method and call[1] == path]

    def get(self, path, params=None):
        self.record("GET", path, params)
        if path == "/GetId":
            return self.get_id_reply
        if path == "/Job" and "clientId" in params:
            with self._lock:
                rows = next_reply(self.subclient_jobs[params["jobCategory"]])
            if isinstance(rows, BaseException):
                raise rows
            return listing(rows)
        if self.wait_error is not None:
            raise self.wait_error
        if path == "/Job":
            return listing(self.read_states(list(self.job_states)))
        return listing(self.read_states([path[len("/Job/"):]]))

    def read_states(self, job_ids):
        rows = []
        for job_id in job_ids:
            states = self.job_states.get(job_id)
            state = next_reply(states) if states else None
            if state is not None:
                rows.append(state)
        return rows

    def post(self, path, body, retry=False):
        self.record("POST", path, body)
        if path == "/CreateTask":
            with self._lock:
                reply = next_reply(self.create_task_replies)
            if isinstance(reply, BaseException):
                raise reply
            return reply
        if path == "/JobDetails":
            reason = self.reasons.get(str(body["jobId"]))
            if isinstance(reason, BaseException):
                raise reason
            return {"job": {"jobDetail": {"progressInfo": {"reasonForJobDelay": reason}}}}
        if path.endswith("/action/kill"):
            return {"errorCode": 0}
        raise AssertionError("unexpected POST %s" % path)


def lost_response():
    return CommvaultError("No response from the CommServe within 30 seconds",
                          path="/CreateTask", outcome_unknown=True)


def backup_request(**values):
    fields = dict(client=CLIENT, instance=INSTANCE, backupset="default", subclient="default",
                  agent="oracle_rac", backup_level="incremental", cumulative=False,
                  job_description=None)
    fields.update(values)
    return BackupRequest(**fields)


def start_settings(**values):
    fields = dict(force=False, skip_if_completed_within=0, check_mode=False,
                  notify_on_completion=False, display_name=None, user_name=None, user_id=None)
    fields.update(values)
    return StartSettings(**fields)


def wait_settings(**values):
    fields = dict(timeout=600, poll_interval=10, kill_on_timeout=False,
                  accept_completed_with_errors=False)
    fields.update(values)
    return WaitSettings(**fields)
