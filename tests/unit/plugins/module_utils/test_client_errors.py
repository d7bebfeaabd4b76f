# -*- coding: utf-8 -*-
"""Error mapping of CommvaultClient for every error shape the Commvault API sends."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    CommvaultClient,
    CommvaultError,
)
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

TOKEN = "QSDK 0123456789abcdef"
NO_ELIGIBLE = "Failed to start backups as no eligible subclients were found."
PROXY_PAGE = ("<html><head><title>502 Bad Gateway</title></head>"
              "<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>")


@pytest.fixture
def fake():
    return FakeCommServe()


@pytest.fixture
def client(fake):
    clock = FakeClock()
    client = CommvaultClient(BASE_URL + "/", sleep=clock.sleep, clock=clock.clock)
    client.use_token(TOKEN)
    mount(client, fake)
    return client


def raised(call):
    with pytest.raises(CommvaultError) as info:
        call()
    return info.value


def test_get_returns_parsed_body(client, fake):
    fake.add("GET", "/Client", (200, {"clientProperties": []}))

    assert client.get("/Client") == {"clientProperties": []}


def test_requests_send_json_headers(client, fake):
    fake.add("POST", "/JobDetails", (200, {"job": {}}))

    client.post("/JobDetails", {"jobId": 5})
    sent = fake.requests[0]

    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Authtoken"] == TOKEN
    assert sent.body == {"jobId": 5}


def test_trailing_slash_removed(client, fake):
    fake.add("GET", "/Client", (200, {}))

    client.get("/Client")

    assert fake.requests[0].url == BASE_URL + "/Client"


def test_query_values_url_encoded(client, fake):
    fake.add("GET", "/GetId", (200, {}))

    client.get("/GetId", params={"clientName": "rac & co #1", "instanceName": "Ärzte DB"})
    sent = fake.requests[0]

    assert "rac+%26+co+%231" in sent.url
    assert sent.query["clientName"] == ["rac & co #1"]
    assert sent.query["instanceName"] == ["Ärzte DB"]


def test_http_200_with_error_code(client, fake):
    fake.add("POST", "/CreateTask", (200, {"errorCode": 587207178, "errorMessage": NO_ELIGIBLE}))

    err = raised(lambda: client.post("/CreateTask", {}))

    assert err.status == 200
    assert err.error_code == 587207178
    assert err.error_message == NO_ELIGIBLE
    assert err.path == "/CreateTask"
    assert err.outcome_unknown is False


def test_http_200_with_error_code_zero_is_success(client, fake):
    fake.add("POST", "/CreateTask", (200, {"errorCode": 0, "taskId": 4, "jobIds": ["7"]}))

    assert client.post("/CreateTask", {})["jobIds"] == ["7"]


def test_http_500_with_error_code_not_resent(client, fake):
    fake.add("POST", "/CreateTask", (500, {"errorCode": 587207178, "errorMessage": NO_ELIGIBLE}))

    err = raised(lambda: client.post("/CreateTask", {}))

    assert err.status == 500
    assert err.error_code == 587207178
    assert err.error_message == NO_ELIGIBLE
    assert err.outcome_unknown is False
    assert client.request_count == 1


def test_http_400_plain_text(client, fake):
    fake.add("POST", "/CreateTask", (400, "Request body is empty or format is invalid"))

    err = raised(lambda: client.post("/CreateTask", {}))

    assert err.status == 400
    assert err.error_code is None
    assert err.error_message == "Request body is empty or format is invalid"


def test_html_proxy_page_excerpt(client, fake):
    fake.add("POST", "/CreateTask", (502, PROXY_PAGE, {"Content-Type": "text/html"}))

    err = raised(lambda: client.post("/CreateTask", {}))

    assert err.status == 502
    assert err.error_message == "502 Bad Gateway 502 Bad Gateway nginx"
    assert "<" not in str(err)


def test_http_200_not_json(client, fake):
    fake.add("GET", "/Client", (200, "<html><body>Login page</body></html>"))

    err = raised(lambda: client.get("/Client"))

    assert err.status == 200
    assert "not JSON" in err.message
    assert err.error_message == "Login page"


def test_long_body_excerpt_is_short(client, fake):
    fake.add("GET", "/Client", (200, "x" * 5000))

    err = raised(lambda: client.get("/Client"))

    assert len(err.error_message) == 203


def test_json_array_body_rejected(client, fake):
    fake.add("GET", "/Client", (200, [1, 2]))

    err = raised(lambda: client.get("/Client"))

    assert "not an object" in err.message


def test_err_list_in_body_is_error(client, fake):
    fake.add("GET", "/Client", (200, {"errList": [{"errorCode": 2, "errLogMessage": "Bad input"}]}))

    err = raised(lambda: client.get("/Client"))

    assert err.error_code == 2
    assert err.error_message == "Bad input"


def test_error_string_has_every_part():
    err = CommvaultError("Commvault API request failed", status=500, error_code=587207178,
                         error_message=NO_ELIGIBLE, path="/CreateTask")

    text = str(err)

    assert text.startswith("Commvault API request failed (")
    assert "path /CreateTask" in text
    assert "HTTP 500" in text
    assert "errorCode 587207178" in text
    assert NO_ELIGIBLE in text


def test_error_string_without_details():
    assert str(CommvaultError("Plain failure")) == "Plain failure"


def test_error_never_contains_token(client, fake):
    fake.add("GET", "/Client", (500, {"errorCode": 1, "errorMessage": "Internal"}))

    err = raised(lambda: client.get("/Client"))

    assert "0123456789abcdef" not in str(err)
    assert "0123456789abcdef" not in repr(err.__dict__)
