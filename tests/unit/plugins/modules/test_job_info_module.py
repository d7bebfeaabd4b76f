# -*- coding: utf-8 -*-
"""Unit tests of the job_info module: module arguments in, printed JSON result out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from ansible.module_utils.testing import patch_module_args
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.backupops.commvault.plugins.module_utils._module import CommvaultModule
from ansible_collections.backupops.commvault.plugins.modules import job_info

URL = "https://cs.test/commandcenter/api"
API_PATH = "/commandcenter/api"
TOKEN = "QSDK given-token-1234"
PASSWORD = "S3cret-pw!"


class FakeClock:
    """Monotonic clock that moves only when the fake sleep is called."""

    def __init__(self):
        self.now = 5000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class FakeJobServer(BaseAdapter):
    """A CommServe with jobs whose status follows a timeline on the fake clock.

    timelines maps a job id to [(seconds after the start, status), ...]. Ids in
    unlisted are returned by GET /Job/{id} but not by the job listing, like jobs that
    finished before the listing's lookup window.
    """

    def __init__(self, clock, timelines, unlisted=(), reasons=None):
        super(FakeJobServer, self).__init__()
        self.clock = clock
        self.start = clock.clock()
        self.timelines = timelines
        self.unlisted = set(unlisted)
        self.reasons = reasons or {}
        self.requests = []
        self.reject_token_at = None
        self.valid_tokens = {TOKEN}
        self.logins = 0

    def count(self, method, path):
        return len([1 for m, p, _q in self.requests if m == method and p == path])

    def count_prefix(self, method, prefix):
        return len([1 for m, p, _q in self.requests if m == method and p.startswith(prefix)])

    def status_of(self, job_id):
        status = None
        for since, value in self.timelines.get(job_id, []):
            if self.clock.clock() - self.start >= since:
                status = value
        return status

    def summary(self, job_id):
        return {"jobSummary": {"jobId": int(job_id), "status": self.status_of(job_id),
                               "percentComplete": 50, "backupLevelName": "Incremental"}}

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        path = parts.path[len(API_PATH):]
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        self.requests.append((request.method, path, query))

        if path == "/Login":
            self.logins += 1
            token = "QSDK login-token-%d" % self.logins
            self.valid_tokens.add(token)
            return respond(request, 200, {"token": token})

        if path == "/Logout":
            return respond(request, 200, {})

        if path == "/RenewLoginToken":
            return respond(request, 401, {"errorCode": 5})

        if self.token_rejected(request):
            return respond(request, 401, {"errorCode": 5, "errorMessage": "Access denied"})

        return self.route_job_call(request, path, query)

    def token_rejected(self, request):
        elapsed = self.clock.clock() - self.start
        if self.reject_token_at is not None and elapsed >= self.reject_token_at:
            # Every token issued so far expires at once, as after an idle timeout.
            self.valid_tokens = set()
            self.reject_token_at = None
        return request.headers.get("Authtoken") not in self.valid_tokens

    def route_job_call(self, request, path, query):
        if request.method == "GET" and path == "/Job":
            return respond(request, 200, self.listing(query))

        if request.method == "GET" and path.startswith("/Job/"):
            job_id = path.rsplit("/", 1)[1]
            if self.status_of(job_id) is None:
                return respond(request, 200, {"totalRecordsWithoutPaging": 0, "jobs": []})
            return respond(request, 200, {"totalRecordsWithoutPaging": 1,
                                          "jobs": [self.summary(job_id)]})

        if request.method == "POST" and path == "/JobDetails":
            job_id = str(json.loads(request.body)["jobId"])
            detail = {"progressInfo": {"reasonForJobDelay": self.reasons.get(job_id, "")}}
            return respond(request, 200, {"job": {"jobDetail": detail}})

        return respond(request, 404, "no route %s %s" % (request.method, path))

    def listing(self, query):
        listed = [job_id for job_id in sorted(self.timelines)
                  if job_id not in self.unlisted and self.status_of(job_id) is not None]
        offset = int(query.get("offset", 0))
        limit = int(query.get("limit", 100))
        page = listed[offset:offset + limit]
        return {"totalRecordsWithoutPaging": len(listed),
                "jobs": [self.summary(job_id) for job_id in page]}

    def close(self):
        pass


def respond(request, status, body):
    response = requests.Response()
    response.status_code = status
    response.request = request
    response.url = request.url
    response.encoding = "utf-8"
    response.headers = CaseInsensitiveDict()
    if isinstance(body, dict):
        response._content = json.dumps(body).encode("utf-8")
        response.headers["Content-Type"] = "application/json"
    else:
        response._content = body.encode("utf-8")
    return response


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def mount_server(monkeypatch):
    """Return a function that routes every client the module builds to a fake server."""

    def mount(server):
        original = CommvaultModule.build_client

        def build_client(module):
            client = original(module)
            client.session.mount("https://", server)
            return client

        monkeypatch.setattr(CommvaultModule, "build_client", build_client)
        return server

    return mount


def run_module(args, clock, capsys, check_mode=False, login=False):
    """Run job_info.main with args and return (exit code, printed result).

    The module authenticates with a given token, or with username and password
    when login is true.
    """
    module_args = dict(url=URL)
    if login:
        module_args.update(username="backup-admin", password=PASSWORD)
    else:
        module_args["auth_token"] = TOKEN
    module_args.update(args)
    if check_mode:
        module_args["_ansible_check_mode"] = True

    with patch_module_args(module_args):
        with pytest.raises(SystemExit) as exit_info:
            job_info.main(clock=clock.clock, sleep=clock.sleep)

    printed = capsys.readouterr().out
    return exit_info.value.code, json.loads(printed)


def job_entry(result, job_id):
    return [entry for entry in result["jobs"] if entry["job_id"] == job_id][0]


MIXED_TIMELINES = {
    "101": [(0, "Completed")],
    "102": [(0, "Failed")],
    "103": [(0, "Interrupt Pending")],
    "104": [(0, "Running")],
}


def test_read_mixed_exit_code(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES, reasons={"102": "ORA-19502: write error"}))

    code, result = run_module({"job_ids": ["101", "102", "103", "104", "105"]}, clock, capsys)

    assert code == 0
    assert result["changed"] is False
    assert result.get("failed") is not True


def test_read_mixed_lists(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES, reasons={"102": "ORA-19502: write error"}))

    _code, result = run_module({"job_ids": ["101", "102", "103", "104", "105"]}, clock, capsys)

    assert result["finished_job_ids"] == ["101", "102", "103"]
    assert result["failed_job_ids"] == ["102", "103"]
    assert result["active_job_ids"] == ["104"]
    assert result["missing_job_ids"] == ["105"]
    assert result["timed_out"] is False
    assert result["polls"] == 1


def test_read_mixed_entries(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES, reasons={"102": "ORA-19502: write error"}))

    _code, result = run_module({"job_ids": ["101", "102", "103", "104", "105"]}, clock, capsys)

    assert [entry["job_id"] for entry in result["jobs"]] == ["101", "102", "103", "104", "105"]
    assert job_entry(result, "101")["outcome"] == "completed"
    assert job_entry(result, "101")["reason"] is None
    assert job_entry(result, "102")["reason"] == "ORA-19502: write error"
    assert job_entry(result, "104")["outcome"] == "active"
    assert job_entry(result, "105")["found"] is False
    assert job_entry(result, "105")["outcome"] is None
    assert job_entry(result, "105")["status"] is None


def test_unknown_status_reason_names_it(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES))

    _code, result = run_module({"job_ids": ["103"]}, clock, capsys)

    assert result["failed_job_ids"] == ["103"]
    assert job_entry(result, "103")["outcome"] == "unknown"
    assert "'Interrupt Pending'" in job_entry(result, "103")["reason"]


def test_failed_without_reason_names_status(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, {"7": [(0, "Killed")]}))

    _code, result = run_module({"job_ids": ["7"]}, clock, capsys)

    assert job_entry(result, "7")["reason"] == "The job ended with status Killed and Commvault gave no reason"


def test_completed_with_errors_counts_failed(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, {"8": [(0, "Completed w/ one or more errors")]}))

    _code, result = run_module({"job_ids": ["8"]}, clock, capsys)

    assert result["failed_job_ids"] == ["8"]


def test_int_and_repeated_ids(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES))

    _code, result = run_module({"job_ids": [104, "101", " 104"]}, clock, capsys)

    assert [entry["job_id"] for entry in result["jobs"]] == ["104", "101"]


@pytest.mark.parametrize("job_ids, fragment", [
    ([], "job_ids must contain at least one job id"),
    (["12", "abc"], "'abc'"),
    (["0"], "'0'"),
    (["-5"], "'-5'"),
])
def test_invalid_job_ids_fail(clock, mount_server, capsys, job_ids, fragment):
    server = mount_server(FakeJobServer(clock, {}))

    code, result = run_module({"job_ids": job_ids}, clock, capsys)

    assert code == 1
    assert fragment in result["msg"]
    assert server.requests == []


@pytest.mark.parametrize("option, value", [
    ("wait_timeout", 0),
    ("wait_timeout", -1),
    ("poll_interval", 0),
    ("visibility_grace", -0.5),
    ("wait_timeout", "nan"),
])
def test_invalid_wait_option_fails(clock, mount_server, capsys, option, value):
    server = mount_server(FakeJobServer(clock, {}))

    code, result = run_module({"job_ids": ["1"], "wait": True, option: value}, clock, capsys)

    assert code == 1
    assert result["msg"].startswith(option + " must be")
    assert server.requests == []


def test_visibility_grace_zero_accepted(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, {"1": [(0, "Completed")]}))

    code, result = run_module({"job_ids": ["1"], "wait": True, "visibility_grace": 0}, clock, capsys)

    assert code == 0
    assert result["finished_job_ids"] == ["1"]


WAIT_TIMELINES = {
    "201": [(0, "Running"), (40, "Completed")],
    "202": [(0, "Waiting"), (20, "Running"), (70, "Failed")],
    "203": [(0, "Queued"), (100, "Completed w/ one or more warnings")],
}


def wait_args(**extra):
    args = {"job_ids": ["201", "202", "203"], "wait": True, "poll_interval": 10,
            "wait_timeout": 600}
    args.update(extra)
    return args


def test_wait_until_all_finish(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, WAIT_TIMELINES, reasons={"202": "Media agent offline"}))

    code, result = run_module(wait_args(), clock, capsys)

    assert code == 0
    assert result["timed_out"] is False
    assert result["finished_job_ids"] == ["201", "202", "203"]
    assert result["failed_job_ids"] == ["202"]
    assert result["active_job_ids"] == []
    assert result["polls"] == 11
    assert result["duration"] == 100.0


def test_wait_one_listing_per_poll(clock, mount_server, capsys):
    server = mount_server(FakeJobServer(clock, WAIT_TIMELINES))

    _code, result = run_module(wait_args(), clock, capsys)

    # Once one job is left, GET /Job/{id} replaces the listing: still one request a poll.
    job_reads = server.count("GET", "/Job") + server.count_prefix("GET", "/Job/")

    assert job_reads == result["polls"]
    assert server.count("GET", "/Job") >= 1


def test_wait_reason_read_once(clock, mount_server, capsys):
    server = mount_server(FakeJobServer(clock, WAIT_TIMELINES, reasons={"202": "Media agent offline"}))

    _code, result = run_module(wait_args(), clock, capsys)

    assert server.count("POST", "/JobDetails") == 1
    assert job_entry(result, "202")["reason"] == "Media agent offline"


def test_wait_unlisted_job_read_directly(clock, mount_server, capsys):
    timelines = dict(WAIT_TIMELINES, **{"150": [(0, "Completed")]})
    server = mount_server(FakeJobServer(clock, timelines, unlisted={"150"}))

    _code, result = run_module(wait_args(job_ids=["150", "201", "202", "203"]), clock, capsys)

    assert job_entry(result, "150")["outcome"] == "completed"
    assert server.count("GET", "/Job/150") == 1


def test_wait_timeout_keeps_jobs_running(clock, mount_server, capsys):
    server = mount_server(FakeJobServer(clock, WAIT_TIMELINES))

    code, result = run_module(wait_args(wait_timeout=55), clock, capsys)

    assert code == 0
    assert result["timed_out"] is True
    assert result["finished_job_ids"] == ["201"]
    assert result["active_job_ids"] == ["202", "203"]
    assert result["duration"] == 55.0
    assert result["msg"].startswith("Timed out after waiting 55.0 seconds")
    assert server.count_prefix("POST", "/Job/") == 0


def test_wait_never_sleeps_past_timeout(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, WAIT_TIMELINES))

    run_module(wait_args(wait_timeout=55), clock, capsys)

    assert sum(clock.sleeps) == 55.0


def test_wait_missing_after_grace(clock, mount_server, capsys):
    timelines = {"301": [(0, "Running"), (200, "Completed")], "302": [(35, "Running")]}
    mount_server(FakeJobServer(clock, timelines))

    _code, result = run_module(wait_args(job_ids=["301", "302", "303"], visibility_grace=30,
                                         wait_timeout=1000), clock, capsys)

    # 302 appears only after the 30 second grace period, too late to be waited for.
    assert result["missing_job_ids"] == ["302", "303"]
    assert result["finished_job_ids"] == ["301"]
    assert result["timed_out"] is False


def test_wait_late_job_seen_within_grace(clock, mount_server, capsys):
    timelines = {"401": [(25, "Running"), (60, "Completed")], "402": [(0, "Completed")]}
    mount_server(FakeJobServer(clock, timelines))

    _code, result = run_module(wait_args(job_ids=["401", "402"], visibility_grace=30), clock, capsys)

    assert result["finished_job_ids"] == ["401", "402"]
    assert result["missing_job_ids"] == []


def test_given_token_expiry_names_jobs(clock, mount_server, capsys):
    server = FakeJobServer(clock, WAIT_TIMELINES)
    server.reject_token_at = 30
    mount_server(server)

    code, result = run_module(wait_args(), clock, capsys)

    assert code == 1
    assert "Waiting for jobs 201, 202, 203" in result["msg"]
    assert "token expired or is invalid" in result["msg"]
    assert "given-token" not in json.dumps(result)


def test_login_renewed_mid_wait(clock, mount_server, capsys):
    server = FakeJobServer(clock, WAIT_TIMELINES)
    server.reject_token_at = 30
    mount_server(server)

    code, result = run_module(wait_args(), clock, capsys, login=True)

    assert code == 0
    assert server.logins == 2
    assert result["finished_job_ids"] == ["201", "202", "203"]
    assert result["failed_job_ids"] == ["202"]
    assert PASSWORD not in json.dumps(result)


def test_login_session_logged_out(clock, mount_server, capsys):
    server = mount_server(FakeJobServer(clock, MIXED_TIMELINES))

    run_module({"job_ids": ["101"]}, clock, capsys, login=True)

    assert server.count("POST", "/Logout") == 1


def test_check_mode_reads_the_same(clock, mount_server, capsys):
    mount_server(FakeJobServer(clock, MIXED_TIMELINES))

    code, result = run_module({"job_ids": ["101", "104"]}, clock, capsys, check_mode=True)

    assert code == 0
    assert result["changed"] is False
    assert result["finished_job_ids"] == ["101"]
    assert result["active_job_ids"] == ["104"]
