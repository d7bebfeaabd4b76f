"""Scripted faults and the global rate limit."""

import threading
import time

import pytest
import requests
from simulator_helpers import ACCESS_TOKEN, association, auth_headers, job_summary, start_backup, task_body

ACCESS = {"Authtoken": f"QSDK {ACCESS_TOKEN}"}


def get_clients(server, timeout=10):
    return requests.get(f"{server.url}/Client", headers=ACCESS, timeout=timeout)


def create_task(server, timeout=10):
    return requests.post(f"{server.url}/CreateTask", json=task_body(), headers=ACCESS, timeout=timeout)


def test_status_fault_with_html(sim):
    sim.add_faults(
        {"path": "Client", "action": "status", "status": 502, "html": "<html><body>Bad Gateway</body></html>"}
    )

    response = get_clients(sim)

    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Bad Gateway" in response.text


def test_status_fault_with_json(sim):
    sim.add_faults(
        {
            "path": "CreateTask",
            "method": "POST",
            "action": "status",
            "status": 500,
            "json": {"errorCode": 587207178, "errorMessage": "Failed"},
        }
    )

    response = create_task(sim)

    assert response.status_code == 500
    assert response.json()["errorCode"] == 587207178
    assert sim.jobs == []


def test_rate_limit_fault_sets_retry_after(sim):
    sim.add_faults({"path": "Client", "action": "rate_limit", "retry_after": 7})

    response = get_clients(sim)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_skip_and_count(sim):
    sim.add_faults({"path": "Client", "action": "status", "status": 503, "skip": 2, "count": 2})

    statuses = [get_clients(sim).status_code for attempt in range(6)]

    assert statuses == [200, 200, 503, 503, 200, 200]


def test_count_null_applies_to_all(sim):
    sim.add_faults({"path": "Client", "action": "status", "status": 503, "count": None})

    statuses = {get_clients(sim).status_code for attempt in range(4)}

    assert statuses == {503}


def test_method_and_path_must_match(sim):
    sim.add_faults({"path": "Job/\\d+", "method": "GET", "action": "status", "status": 503, "count": None})

    client_status = get_clients(sim).status_code
    job_status = requests.get(f"{sim.url}/job/63001", headers=ACCESS, timeout=10).status_code

    assert client_status == 200
    assert job_status == 503


def test_reset_gives_no_response(sim):
    sim.add_faults({"path": "Client", "action": "reset"})

    with pytest.raises(requests.ConnectionError):
        get_clients(sim)

    assert get_clients(sim).status_code == 200
    assert sim.record[0]["dropped"] is True
    assert sim.record[0]["status"] is None


def test_accept_then_reset_creates_job(sim):
    sim.add_faults({"path": "CreateTask", "action": "accept_then_drop"})

    with pytest.raises(requests.ConnectionError):
        create_task(sim)

    assert len(sim.jobs) == 1


def test_accept_then_delay_outlasts_client_timeout(sim):
    sim.add_faults({"path": "CreateTask", "action": "accept_then_drop", "drop": "delay", "seconds": 2})

    with pytest.raises(requests.Timeout):
        create_task(sim, timeout=0.5)

    assert len(sim.jobs) == 1


def test_delay_fault(sim):
    sim.add_faults({"path": "Client", "action": "delay", "seconds": 0.5})
    started = time.monotonic()

    response = get_clients(sim)

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.5


def test_truncate_fault(sim):
    sim.add_faults({"path": "CreateTask", "action": "truncate"})

    response = create_task(sim)

    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert len(sim.jobs) == 1


def test_malformed_fault(sim):
    sim.add_faults({"path": "Job", "action": "malformed", "body": "{not json"})

    response = requests.get(f"{sim.url}/Job", headers=ACCESS, timeout=10)

    assert response.text == "{not json"
    assert response.headers["Content-Type"] == "application/json"


def test_error_code_fault(sim):
    sim.add_faults({"path": "CreateTask", "action": "error_code", "errorCode": 2, "errorMessage": "Backup in progress"})

    response = create_task(sim)

    assert response.status_code == 200
    assert response.json() == {"errorCode": 2, "errorMessage": "Backup in progress"}


def test_unknown_status_fault(sim):
    sim.add_faults({"path": "CreateTask", "action": "unknown_status", "status": "Mostly Fine"})
    job_id = create_task(sim).json()["jobIds"][0]
    sim.advance(600)

    assert job_summary(sim, ACCESS, job_id)["status"] == "Mostly Fine"


def test_stuck_waiting_fault(sim):
    sim.add_faults({"path": "CreateTask", "action": "stuck_waiting"})
    job_id = create_task(sim).json()["jobIds"][0]
    sim.advance(86400)

    assert job_summary(sim, ACCESS, job_id)["status"] == "Waiting"


def test_job_outcome_fault(sim):
    sim.add_faults(
        {"path": "CreateTask", "action": "job_outcome", "outcome": {"status": "Failed", "reason": "ORA-27040"}}
    )
    failing = create_task(sim).json()["jobIds"][0]
    normal = create_task(sim).json()["jobIds"][0]
    sim.advance(600)

    assert job_summary(sim, ACCESS, failing)["status"] == "Failed"
    assert job_summary(sim, ACCESS, normal)["status"] == "Completed"


def test_token_expiry_after_requests(sim):
    headers = auth_headers(sim)
    sim.add_faults({"path": "(?!Login).*", "action": "expire_tokens", "skip": 2})

    statuses = [requests.get(f"{sim.url}/Client", headers=headers, timeout=10).status_code for attempt in range(4)]

    assert statuses == [200, 200, 401, 401]


def test_clear_faults(sim):
    sim.add_faults({"path": "Client", "action": "status", "status": 503, "count": None})

    requests.delete(f"{sim.control_url}/faults", timeout=10)

    assert get_clients(sim).status_code == 200


def test_invalid_fault_action_rejected(sim):
    response = requests.post(f"{sim.control_url}/faults", json={"action": "explode"}, timeout=10)

    assert response.status_code == 400
    assert "explode" in response.json()["error"]


def test_global_rate_limit_per_second(sim):
    sim.add_faults(rate_limit={"per_second": 3, "retry_after": 2})

    responses = [get_clients(sim) for attempt in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    assert responses[3].headers["Retry-After"] == "2"


def test_global_rate_limit_concurrency(sim):
    sim.add_faults({"path": "Client", "action": "delay", "seconds": 1}, rate_limit={"concurrent": 1})
    slow = threading.Thread(target=get_clients, args=(sim,))
    slow.start()
    time.sleep(0.3)

    second = requests.get(f"{sim.url}/Job", headers=ACCESS, timeout=10)
    slow.join()

    assert second.status_code == 429


def test_fault_recorded(sim):
    sim.add_faults({"path": "CreateTask", "action": "error_code"})

    start = requests.post(f"{sim.url}/CreateTask", json=task_body(association()), headers=ACCESS, timeout=10)

    assert start.json()["errorCode"] != 0
    assert sim.record[-1]["fault"] == "error_code"


def test_fault_on_login(sim):
    sim.add_faults({"path": "login", "action": "status", "status": 503, "text": "Service Unavailable"})

    response = requests.post(f"{sim.url}/Login", json={"username": "admin", "password": "eA=="}, timeout=10)

    assert response.status_code == 503
    assert response.text == "Service Unavailable"
    assert start_backup(sim, ACCESS) == ["63001"]
