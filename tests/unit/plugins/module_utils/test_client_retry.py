# -*- coding: utf-8 -*-
"""Retry and backoff of CommvaultClient, with a fake clock and sleep."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests
import urllib3

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    BACKOFF_MAX_SECONDS,
    CommvaultClient,
    CommvaultError,
)
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

UNAVAILABLE = (503, "Service Unavailable")
OK = (200, {"ok": 1})


def refused():
    reason = urllib3.exceptions.NewConnectionError(None, "Connection refused")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason))


def dropped():
    reason = urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104))
    return requests.exceptions.ConnectionError(reason)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def fake():
    return FakeCommServe()


def make_client(fake, clock, **options):
    client = CommvaultClient(BASE_URL, sleep=clock.sleep, clock=clock.clock, **options)
    client.use_token("QSDK token")
    client._random = lambda: 0.5
    mount(client, fake)
    return client


def test_get_retried_after_503(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE, UNAVAILABLE, OK)
    client = make_client(fake, clock)

    assert client.get("/Job/1") == {"ok": 1}
    assert client.request_count == 3
    assert clock.sleeps == [0.75, 1.5]


def test_backoff_grows_and_is_capped(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE)
    client = make_client(fake, clock, max_retries=6, max_retry_time=1000)

    with pytest.raises(CommvaultError):
        client.get("/Job/1")

    assert clock.sleeps == [0.75, 1.5, 3.0, 6.0, 7.5, 7.5]


def test_backoff_jitter_bounds(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE, OK)
    client = make_client(fake, clock)
    client._random = lambda: 0.999

    client.get("/Job/1")

    assert 0.5 <= clock.sleeps[0] <= 1.0
    assert BACKOFF_MAX_SECONDS == 10.0


def test_retries_exhausted_raise_last_status(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE)
    client = make_client(fake, clock, max_retries=2)

    with pytest.raises(CommvaultError) as info:
        client.get("/Job/1")

    assert info.value.status == 503
    assert client.request_count == 3


def test_retry_after_header_honoured(fake, clock):
    fake.add("GET", "/Job/1", (429, "Too Many Requests", {"Retry-After": "7"}), OK)
    client = make_client(fake, clock)

    client.get("/Job/1")

    assert clock.sleeps == [7.0]


def test_retry_after_beyond_budget_stops(fake, clock):
    fake.add("GET", "/Job/1", (429, "Too Many Requests", {"Retry-After": "120"}), OK)
    client = make_client(fake, clock, max_retry_time=60)

    with pytest.raises(CommvaultError) as info:
        client.get("/Job/1")

    assert info.value.status == 429
    assert clock.sleeps == []


def test_max_retry_time_bounds_total(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE)
    client = make_client(fake, clock, max_retries=50, max_retry_time=5)

    with pytest.raises(CommvaultError):
        client.get("/Job/1")

    assert sum(clock.sleeps) <= 5
    assert clock.sleeps == [0.75, 1.5]


def test_zero_retries_sends_once(fake, clock):
    fake.add("GET", "/Job/1", UNAVAILABLE)
    client = make_client(fake, clock, max_retries=0)

    with pytest.raises(CommvaultError):
        client.get("/Job/1")

    assert client.request_count == 1


def test_client_error_not_retried(fake, clock):
    fake.add("GET", "/Job/1", (404, {"errorCode": 2, "errorMessage": "Not found"}))
    client = make_client(fake, clock)

    with pytest.raises(CommvaultError):
        client.get("/Job/1")

    assert client.request_count == 1


def test_post_not_retried_by_default(fake, clock):
    fake.add("POST", "/CreateTask", UNAVAILABLE, OK)
    client = make_client(fake, clock)

    with pytest.raises(CommvaultError):
        client.post("/CreateTask", {})

    assert client.request_count == 1


def test_read_only_post_retried(fake, clock):
    fake.add("POST", "/JobDetails", UNAVAILABLE, OK)
    client = make_client(fake, clock)

    assert client.post("/JobDetails", {"jobId": 1}, retry=True) == {"ok": 1}
    assert client.request_count == 2


def test_refused_post_resent(fake, clock):
    fake.add("POST", "/CreateTask", refused(), (200, {"taskId": 1, "jobIds": ["5"]}))
    client = make_client(fake, clock)

    assert client.post("/CreateTask", {})["jobIds"] == ["5"]
    assert client.request_count == 2


def test_dropped_post_not_resent(fake, clock):
    fake.add("POST", "/CreateTask", dropped(), OK)
    client = make_client(fake, clock)

    with pytest.raises(CommvaultError) as info:
        client.post("/CreateTask", {})

    assert info.value.outcome_unknown is True
    assert client.request_count == 1


def test_read_timeout_post_not_resent(fake, clock):
    fake.add("POST", "/CreateTask", requests.exceptions.ReadTimeout("read timed out"), OK)
    client = make_client(fake, clock)

    with pytest.raises(CommvaultError) as info:
        client.post("/CreateTask", {})

    assert info.value.outcome_unknown is True
    assert client.request_count == 1


def test_dropped_get_retried(fake, clock):
    fake.add("GET", "/Job/1", dropped(), OK)
    client = make_client(fake, clock)

    assert client.get("/Job/1") == {"ok": 1}
    assert client.request_count == 2


def test_tls_error_not_retried(fake, clock):
    fake.add("GET", "/Job/1", requests.exceptions.SSLError("certificate verify failed"), OK)
    client = make_client(fake, clock)

    with pytest.raises(CommvaultError) as info:
        client.get("/Job/1")

    assert "TLS" in info.value.message
    assert info.value.outcome_unknown is False
    assert client.request_count == 1
