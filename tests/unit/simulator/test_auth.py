"""Login, tokens and the 401 response."""

import requests
from simulator_helpers import ACCESS_TOKEN, PASSWORD, encode_password, login

ACCESS_DENIED = {"errorCode": 5, "errorMessage": "Access denied"}


def post_login(server, username, password):
    body = {"username": username, "password": encode_password(password)}
    return requests.post(f"{server.url}/Login", json=body, timeout=10)


def test_login_returns_qsdk_token(sim):
    response = post_login(sim, "admin", PASSWORD)

    assert response.status_code == 200
    assert response.json()["token"].startswith("QSDK ")
    assert response.json()["userName"] == "admin"


def test_login_second_user(sim):
    response = post_login(sim, "operator", "0perator-Secret#2")

    assert response.json()["token"].startswith("QSDK ")


def test_login_wrong_password_has_no_token(sim):
    response = post_login(sim, "admin", "wrong")

    assert response.status_code == 200
    assert "token" not in response.json()
    assert response.json()["errList"][0]["errorCode"] != 0
    assert response.json()["errList"][0]["errLogMessage"]


def test_login_other_users_password_rejected(sim):
    response = post_login(sim, "operator", PASSWORD)

    assert "token" not in response.json()


def test_login_plain_password_rejected(sim):
    response = requests.post(f"{sim.url}/Login", json={"username": "admin", "password": PASSWORD}, timeout=10)

    assert "token" not in response.json()


def test_login_empty_body_is_400(sim):
    response = requests.post(f"{sim.url}/Login", data=b"", headers={"Content-Type": "application/json"}, timeout=10)

    assert response.status_code == 400
    assert response.text == "Request body is empty or format is invalid"


def test_missing_token_is_401(sim):
    response = requests.get(f"{sim.url}/Client", timeout=10)

    assert response.status_code == 401
    assert response.json() == ACCESS_DENIED


def test_unknown_token_is_401(sim):
    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": "QSDK 00ff"}, timeout=10)

    assert response.status_code == 401


def test_session_token_works(sim):
    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": login(sim)}, timeout=10)

    assert response.status_code == 200


def test_access_token_in_authtoken(sim):
    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": f"QSDK {ACCESS_TOKEN}"}, timeout=10)

    assert response.status_code == 200


def test_access_token_as_bearer(sim):
    response = requests.get(f"{sim.url}/Client", headers={"Authorization": f"Bearer {ACCESS_TOKEN}"}, timeout=10)

    assert response.status_code == 200


def test_token_expires_after_idle_time(sim):
    token = login(sim)
    sim.advance(31 * 60)

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": token}, timeout=10)

    assert response.status_code == 401


def test_use_keeps_token_alive(sim):
    token = login(sim)
    for attempt in range(3):
        sim.advance(20 * 60)
        response = requests.get(f"{sim.url}/Client", headers={"Authtoken": token}, timeout=10)
        assert response.status_code == 200


def test_login_timeout_sets_idle_time(sim):
    token = login(sim, timeout=5)
    sim.advance(6 * 60)

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": token}, timeout=10)

    assert response.status_code == 401


def test_access_token_does_not_expire(sim):
    sim.advance(365 * 24 * 3600)

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": f"QSDK {ACCESS_TOKEN}"}, timeout=10)

    assert response.status_code == 200


def test_expire_control_drops_sessions(sim):
    token = login(sim)
    expired = sim.control("POST", "tokens/expire")

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": token}, timeout=10)

    assert expired["expired"] == 1
    assert response.status_code == 401


def test_logout_invalidates_token(sim):
    token = login(sim)
    logout = requests.post(f"{sim.url}/Logout", headers={"Authtoken": token}, timeout=10)

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": token}, timeout=10)

    assert logout.text == "User logged out"
    assert logout.headers["Content-Type"].startswith("text/plain")
    assert response.status_code == 401


def test_renew_returns_working_token(sim):
    token = login(sim)
    body = {"sessionId": token, "deviceId": "test-device"}
    renewed = requests.post(f"{sim.url}/RenewLoginToken", json=body, headers={"Authtoken": token}, timeout=10).json()[
        "token"
    ]

    response = requests.get(f"{sim.url}/Client", headers={"Authtoken": renewed}, timeout=10)

    assert renewed.startswith("QSDK ")
    assert renewed != token
    assert response.status_code == 200


def test_renew_needs_valid_token(sim):
    response = requests.post(
        f"{sim.url}/RenewLoginToken", json={"sessionId": "QSDK 00"}, headers={"Authtoken": "QSDK 00"}, timeout=10
    )

    assert response.status_code == 401
