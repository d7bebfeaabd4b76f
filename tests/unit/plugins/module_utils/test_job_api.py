# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils import _job_api as api
from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    OUTCOME_ACTIVE,
    classify_status,
)

NOW = 1714600000
REF = api.SubclientRef(42, 80, "ORCL", "default", "default")


def make_row(job_id, status="Running", client_id=42, app_id=80, instance="ORCL",
             subclient="default", level="Incremental", start=NOW - 600, end=0):
    return {
        "jobId": job_id, "status": status, "backupLevelName": level,
        "jobStartTime": start, "jobEndTime": end,
        "subclient": {"clientId": client_id, "applicationId": app_id, "instanceName": instance,
                      "backupsetName": "default", "subclientName": subclient},
    }


class FakeClient:
    """In-memory stand-in for CommvaultClient that records every call."""

    def __init__(self, rows=(), hidden=(), ignore_offset=False):
        self.rows = list(rows)
        self.hidden = set(hidden)  # ids GET /Job/{id} does not return yet
        self.ignore_offset = ignore_offset
        self.calls = []
        self.post_response = {}

    def get(self, path, params=None):
        self.calls.append(("GET", path, dict(params or {})))
        if path == "/Job":
            return self._list(params)

        job_id = path.rsplit("/", 1)[1]
        rows = [r for r in self.rows if str(r["jobId"]) == job_id and job_id not in self.hidden]
        return {"totalRecordsWithoutPaging": len(rows), "jobs": [{"jobSummary": r} for r in rows]}

    def post(self, path, body, retry=False):
        self.calls.append(("POST", path, body, retry))
        return self.post_response

    def _list(self, params):
        rows = [r for r in self.rows if self._selected(r, params)]
        offset = 0 if self.ignore_offset else params["offset"]
        page = rows[offset:offset + params["limit"]]
        return {"totalRecordsWithoutPaging": len(rows), "jobs": [{"jobSummary": r} for r in page]}

    @staticmethod
    def _selected(row, params):
        if "clientId" in params and str(row["subclient"]["clientId"]) != params["clientId"]:
            return False

        active = classify_status(row["status"]) == OUTCOME_ACTIVE
        category = params["jobCategory"]
        return category == "All" or (category == "Active") == active

    def list_calls(self):
        return [call for call in self.calls if call[1] == "/Job"]


def test_fetch_job_found():
    client = FakeClient([make_row(63001)])
    summary = api.fetch_job(client, "63001")
    assert summary["job_id"] == "63001"
    assert client.calls == [("GET", "/Job/63001", {})]


def test_fetch_job_not_visible_yet():
    client = FakeClient([make_row(63001)], hidden={"63001"})
    assert api.fetch_job(client, 63001) is None


@pytest.mark.parametrize("job_id", ["../Client", "0", "", None, "12a"])
def test_fetch_job_rejects_invalid_id(job_id):
    client = FakeClient()
    with pytest.raises(ValueError):
        api.fetch_job(client, job_id)
    assert client.calls == []


def test_fetch_jobs_pages_listing():
    rows = [make_row(1000 + n) for n in range(2 * api.JOB_LIST_PAGE_SIZE + 30)]
    requested_ids = ["1005"] + [str(1220 + n) for n in range(6)]
    client = FakeClient(rows)
    found = api.fetch_jobs(client, requested_ids, lookup_seconds=3600)
    assert sorted(found) == requested_ids
    offsets = [call[2]["offset"] for call in client.list_calls()]
    assert offsets == [0, api.JOB_LIST_PAGE_SIZE, 2 * api.JOB_LIST_PAGE_SIZE]
    assert len(client.calls) == 3


def test_fetch_jobs_listing_params():
    client = FakeClient([make_row(1), make_row(2)])
    api.fetch_jobs(client, [1, 2], lookup_seconds=7200)
    params = client.list_calls()[0][2]
    assert params == {"jobFilter": "Backup", "jobCategory": "All",
                      "completedJobLookupTime": 7200,
                      "limit": api.JOB_LIST_PAGE_SIZE, "offset": 0}


def test_fetch_jobs_stops_when_all_found():
    rows = [make_row(1000 + n) for n in range(3 * api.JOB_LIST_PAGE_SIZE)]
    client = FakeClient(rows)
    found = api.fetch_jobs(client, ["1001", "1002"], lookup_seconds=60)
    assert sorted(found) == ["1001", "1002"]
    assert len(client.calls) == 1


def test_fetch_jobs_fetches_unlisted_one_by_one():
    client = FakeClient([make_row(1), make_row(2), make_row(3)])
    listed = client.rows[:2]
    client._list = lambda params: {"totalRecordsWithoutPaging": 2,
                                   "jobs": [{"jobSummary": r} for r in listed]}
    found = api.fetch_jobs(client, ["1", "2", "3", "4"], lookup_seconds=60)
    assert sorted(found) == ["1", "2", "3"]
    single_paths = [call[1] for call in client.calls if call[1] != "/Job"]
    assert single_paths == ["/Job/3", "/Job/4"]


def test_fetch_jobs_single_id_skips_listing():
    client = FakeClient([make_row(7)])
    found = api.fetch_jobs(client, ["7"], lookup_seconds=60)
    assert list(found) == ["7"]
    assert client.calls == [("GET", "/Job/7", {})]


def test_fetch_jobs_listing_bounded_by_missing_count():
    rows = [make_row(1000 + n) for n in range(10 * api.JOB_LIST_PAGE_SIZE)]
    client = FakeClient(rows + [make_row(5), make_row(6)])
    found = api.fetch_jobs(client, ["5", "6"], lookup_seconds=60)
    assert sorted(found) == ["5", "6"]
    assert len(client.list_calls()) == 2
    assert len(client.calls) == 4


def test_listing_stops_when_offset_ignored():
    rows = [make_row(1000 + n) for n in range(2 * api.JOB_LIST_PAGE_SIZE)]
    client = FakeClient(rows, ignore_offset=True)
    assert api.find_active_job(client, REF)["job_id"] == str(1000 + api.JOB_LIST_PAGE_SIZE - 1)
    assert len(client.list_calls()) == 2


def test_find_active_job_matches_exactly():
    client = FakeClient([
        make_row(10, instance="orcl"),
        make_row(11, app_id=22),
        make_row(12, subclient="archivelog"),
        make_row(13, status="Completed"),
        make_row(14, status="Waiting"),
        make_row(15, status="Queued", client_id=43),
    ])
    assert api.find_active_job(client, REF)["job_id"] == "14"
    params = client.list_calls()[0][2]
    assert params["clientId"] == "42"
    assert params["jobCategory"] == "Active"
    assert params["jobFilter"] == "Backup"


def test_find_active_job_newest_and_unknown():
    client = FakeClient([make_row(20, status="Running"), make_row(21, status="Interrupt Pending")])
    client._selected = lambda row, params: True
    assert api.find_active_job(client, REF)["job_id"] == "21"


def test_find_active_job_none():
    assert api.find_active_job(FakeClient([make_row(1, instance="OTHER")]), REF) is None


def test_recent_completed_full_satisfies_incremental():
    client = FakeClient([
        make_row(30, status="Completed", level="Full", end=NOW - 100),
        make_row(31, status="Completed", level="Incremental", end=NOW - 4000),
    ])
    job = api.find_recent_completed_job(client, REF, 3600, "INCREMENTAL", now=NOW)
    assert job["job_id"] == "30"
    params = client.list_calls()[0][2]
    assert params["jobCategory"] == "Finished"
    assert params["completedJobLookupTime"] == 3600 + api.LOOKUP_MARGIN_SECONDS


def test_recent_completed_incremental_not_full():
    client = FakeClient([make_row(32, status="Completed", level="Incremental", end=NOW - 10)])
    assert api.find_recent_completed_job(client, REF, 3600, "FULL", now=NOW) is None


@pytest.mark.parametrize("status", ["Completed w/ one or more errors", "Committed", "Failed",
                                    "Completed w/ one or more warnings"])
def test_recent_completed_needs_completed(status):
    client = FakeClient([make_row(33, status=status, level="Full", end=NOW - 10)])
    assert api.find_recent_completed_job(client, REF, 3600, "FULL", now=NOW) is None


def test_recent_completed_newest_wins():
    client = FakeClient([
        make_row(34, status="Completed", level="Full", end=NOW - 50),
        make_row(35, status="Completed", level="Full", end=NOW - 500),
        make_row(36, status="Completed", level="Full", end=0),
    ])
    assert api.find_recent_completed_job(client, REF, 3600, "full", now=NOW)["job_id"] == "34"


@pytest.mark.parametrize("job_level, requested, expected", [
    ("Full", "FULL", True), ("Full", "INCREMENTAL", True), ("Incremental", "INCREMENTAL", True),
    ("Incremental", "FULL", False), ("Differential", "INCREMENTAL", False), (None, "FULL", False),
    ("Full", "SYNTHETIC_FULL", False),
])
def test_level_satisfies_table(job_level, requested, expected):
    assert api.level_satisfies(job_level, requested) is expected


def test_jobs_started_since_oldest_first():
    since = NOW - 120
    client = FakeClient([
        make_row(40, start=since - 1),
        make_row(42, start=since + 30, status="Completed", end=since + 90),
        make_row(41, start=since),
        make_row(43, start=since + 5, subclient="archivelog"),
    ])
    jobs = api.find_jobs_started_since(client, REF, since, now=NOW)
    assert [job["job_id"] for job in jobs] == ["41", "42"]
    params = client.list_calls()[0][2]
    assert params["jobCategory"] == "All"
    assert params["completedJobLookupTime"] == 120 + api.LOOKUP_MARGIN_SECONDS


def test_failure_reason_read():
    client = FakeClient()
    client.post_response = {"job": {"jobDetail": {"progressInfo": {
        "reasonForJobDelay": " ORA-19511: media manager error "}}}}
    assert api.fetch_failure_reason(client, "63001") == "ORA-19511: media manager error"
    assert client.calls == [("POST", "/JobDetails", {"jobId": 63001}, True)]


MISSING_REASON_RESPONSES = [
    {},
    {"job": None},
    {"job": {"jobDetail": []}},
    "text",
    {"job": {"jobDetail": {"progressInfo": {"reasonForJobDelay": ""}}}},
]


@pytest.mark.parametrize("response", MISSING_REASON_RESPONSES)
def test_failure_reason_missing(response):
    client = FakeClient()
    client.post_response = response
    assert api.fetch_failure_reason(client, 1) is None


def test_kill_job_posts_action():
    client = FakeClient()
    api.kill_job(client, 63001)
    assert client.calls == [("POST", "/Job/63001/action/kill", {}, False)]


def test_listing_stops_at_total():
    rows = [make_row(1000 + n) for n in range(2 * api.JOB_LIST_PAGE_SIZE)]
    client = FakeClient(rows)
    assert api.find_active_job(client, REF)["job_id"] == str(999 + 2 * api.JOB_LIST_PAGE_SIZE)
    assert len(client.list_calls()) == 2


def test_listing_stops_at_short_page_without_total():
    rows = [make_row(1000 + n) for n in range(api.JOB_LIST_PAGE_SIZE + 1)]
    client = FakeClient(rows)
    paged = client._list
    client._list = lambda params: {"jobs": paged(params)["jobs"]}
    assert api.find_active_job(client, REF)["job_id"] == str(1000 + api.JOB_LIST_PAGE_SIZE)
    assert len(client.list_calls()) == 2


def active_row(subclient_id, instance_name):
    return {"jobId": 7, "status": "Running", "subclient": {
        "applicationId": 80, "instanceName": instance_name, "backupsetName": "default",
        "subclientName": "default", "subclientId": subclient_id}}


def test_subclient_id_match_ignores_name_case():
    ref = api.SubclientRef(101, 80, "orcl", "default", "default", subclient_id=4001)

    assert api._matches_subclient(active_row(4001, "ORCL"), ref)


def test_subclient_id_mismatch_rejects_same_names():
    ref = api.SubclientRef(101, 80, "ORCL", "default", "default", subclient_id=4001)

    assert not api._matches_subclient(active_row(4002, "ORCL"), ref)


def test_names_match_without_subclient_id():
    ref = api.SubclientRef(101, 80, "ORCL", "default", "default")

    assert api._matches_subclient(active_row(4001, "ORCL"), ref)
    assert not api._matches_subclient(active_row(4001, "orcl"), ref)
