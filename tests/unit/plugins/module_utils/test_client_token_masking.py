# -*- coding: utf-8 -*-
"""Session tokens quoted in a CommServe's error text stay out of CommvaultError."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    CommvaultClient,
    CommvaultError,
)
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

SESSION_TOKEN = "QSDK 3f9a0c1e5b7d2468ace013579bdf2468"
BARE_TOKEN = SESSION_TOKEN[len("QSDK "):]


@pytest.fixture
def fake():
    return FakeCommServe().add("POST", "/Login", (200, {"token": SESSION_TOKEN}))


@pytest.fixture
def client(fake):
    clock = FakeClock()
    client = CommvaultClient(BASE_URL, max_retries=0, sleep=clock.sleep, clock=clock.clock)
    mount(client, fake)
    client.login("backup-admin", "not-the-secret")
    return client


@pytest.mark.parametrize("quoted", [SESSION_TOKEN, BARE_TOKEN])
def test_token_in_error_json_masked(fake, client, quoted):
    fake.add("GET", "/GetId", (400, {"errorCode": 1, "errorMessage": "Token %s is invalid" % quoted}))

    with pytest.raises(CommvaultError) as info:
        client.get("/GetId")

    assert info.value.error_message == "Token <session token> is invalid"
    assert BARE_TOKEN not in str(info.value)


def test_token_in_error_html_masked(fake, client):
    fake.add("GET", "/Job/1", (502, "<html><body>upstream said %s</body></html>" % SESSION_TOKEN))

    with pytest.raises(CommvaultError) as info:
        client.get("/Job/1")

    assert info.value.error_message == "upstream said <session token>"


def test_error_without_token_unchanged(fake, client):
    fake.add("GET", "/Job/1", (404, {"errorCode": 2, "errorMessage": "Job not found"}))

    with pytest.raises(CommvaultError) as info:
        client.get("/Job/1")

    assert info.value.error_message == "Job not found"
