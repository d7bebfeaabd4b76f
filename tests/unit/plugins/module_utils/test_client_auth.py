# -*- coding: utf-8 -*-
"""Login, token handling, 401 renewal and logout of CommvaultClient."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    CommvaultClient,
    CommvaultError,
)
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

PASSWORD = "Pässwörd-#1"
ACCESS_DENIED = (401, {"errorCode": 5, "errorMessage": "Access denied"})
LOGIN_OK = (200, {"token": "QSDK aaaa", "userName": "backup-admin"})
BAD_LOGIN = (200, {"errList": [{"errorCode": 5, "errLogMessage": "Invalid username or password"}]})


@pytest.fixture
def fake():
    return FakeCommServe()


@pytest.fixture
def client(fake):
    clock = FakeClock()
    client = CommvaultClient(BASE_URL, sleep=clock.sleep, clock=clock.clock)
    mount(client, fake)
    return client


def raised(call):
    with pytest.raises(CommvaultError) as info:
        call()
    return info.value


def test_use_token_adds_prefix(client, fake):
    fake.add("GET", "/Client", (200, {}))

    client.use_token("  abc123 ")
    client.get("/Client")

    assert fake.requests[0].headers["Authtoken"] == "QSDK abc123"


def test_use_token_keeps_prefix(client, fake):
    fake.add("GET", "/Client", (200, {}))

    client.use_token("QSDK abc123")
    client.get("/Client")

    assert fake.requests[0].headers["Authtoken"] == "QSDK abc123"


def test_login_sends_base64_utf8_password(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)

    client.login("backup-admin", PASSWORD)
    sent = fake.requests[0]

    assert sent.body["username"] == "backup-admin"
    assert base64.b64decode(sent.body["password"]).decode("utf-8") == PASSWORD
    assert "Authtoken" not in sent.headers
    assert client.owns_session is True


def test_login_token_used_afterwards(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)
    fake.add("GET", "/Client", (200, {}))

    client.login("backup-admin", PASSWORD)
    client.get("/Client")

    assert fake.requests[1].headers["Authtoken"] == "QSDK aaaa"


def test_login_without_token_fails(client, fake):
    fake.add("POST", "/Login", BAD_LOGIN)

    err = raised(lambda: client.login("backup-admin", PASSWORD))

    assert err.status == 200
    assert err.error_code == 5
    assert err.error_message == "Invalid username or password"
    assert "backup-admin" in err.message
    assert PASSWORD not in str(err)
    assert base64.b64encode(PASSWORD.encode("utf-8")).decode() not in str(err)
    assert client.owns_session is False


def test_login_locked_account_reported(client, fake):
    fake.add("POST", "/Login", (200, {"isAccountLocked": True, "remainingLockTime": 300}))

    err = raised(lambda: client.login("backup-admin", PASSWORD))

    assert "locked for 300 more seconds" in err.message


def test_given_token_401_not_renewed(client, fake):
    fake.add("GET", "/Client", ACCESS_DENIED)
    client.use_token("QSDK expired")

    err = raised(lambda: client.get("/Client"))

    assert err.status == 401
    assert "expired or is invalid" in err.message
    assert client.request_count == 1
    assert "expired" not in (err.error_message or "")


def test_401_renews_with_renew_login_token(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)
    fake.add("GET", "/Client", ACCESS_DENIED, (200, {"ok": 1}))
    fake.add("POST", "/RenewLoginToken", (200, {"token": "QSDK bbbb"}))

    client.login("backup-admin", PASSWORD)
    result = client.get("/Client")
    renew = fake.calls("POST", "/RenewLoginToken")[0]
    retried = fake.calls("GET", "/Client")[1]

    assert result == {"ok": 1}
    assert renew.body["sessionId"] == "QSDK aaaa"
    assert renew.body["deviceId"] == fake.requests[0].body["deviceId"]
    assert retried.headers["Authtoken"] == "QSDK bbbb"


def test_401_falls_back_to_fresh_login(client, fake):
    fake.add("POST", "/Login", LOGIN_OK, (200, {"token": "QSDK cccc"}))
    fake.add("GET", "/Client", ACCESS_DENIED, (200, {"ok": 1}))
    fake.add("POST", "/RenewLoginToken", ACCESS_DENIED)

    client.login("backup-admin", PASSWORD)
    client.get("/Client")
    retried = fake.calls("GET", "/Client")[1]

    assert len(fake.calls("POST", "/Login")) == 2
    assert retried.headers["Authtoken"] == "QSDK cccc"


def test_second_401_fails(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)
    fake.add("GET", "/Client", ACCESS_DENIED)
    fake.add("POST", "/RenewLoginToken", (200, {"token": "QSDK bbbb"}))

    client.login("backup-admin", PASSWORD)
    err = raised(lambda: client.get("/Client"))

    assert err.status == 401
    assert len(fake.calls("GET", "/Client")) == 2


def test_create_task_resent_after_401_renewal(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)
    fake.add("POST", "/CreateTask", ACCESS_DENIED, (200, {"taskId": 1, "jobIds": ["9"]}))
    fake.add("POST", "/RenewLoginToken", (200, {"token": "QSDK bbbb"}))

    client.login("backup-admin", PASSWORD)
    result = client.post("/CreateTask", {"taskInfo": {}})

    assert result["jobIds"] == ["9"]
    assert len(fake.calls("POST", "/CreateTask")) == 2


def test_logout_after_login(client, fake):
    fake.add("POST", "/Login", LOGIN_OK)
    fake.add("POST", "/Logout", (200, "User logged out"))

    client.login("backup-admin", PASSWORD)
    client.logout()
    sent = fake.calls("POST", "/Logout")[0]

    assert sent.headers["Authtoken"] == "QSDK aaaa"
    assert client.owns_session is False


def test_logout_with_given_token_sends_nothing(client, fake):
    client.use_token("QSDK given")

    client.logout()

    assert client.request_count == 0


def test_renew_with_given_token_fails(client):
    client.use_token("QSDK given")

    err = raised(client.renew)

    assert "cannot be renewed" in err.message


def test_401_of_old_token_renews_once(monkeypatch):
    """Batch workers that all got 401 for the same token renew the session only once."""
    client = CommvaultClient(BASE_URL)
    client._token = "QSDK old"
    renewals = []

    def fake_renew():
        renewals.append(client._token)
        client._token = "QSDK new"

    monkeypatch.setattr(client, "renew", fake_renew)

    client._renew_after_401("/Job", "QSDK old")
    client._renew_after_401("/Job", "QSDK old")

    assert renewals == ["QSDK old"]
    assert client._token == "QSDK new"
