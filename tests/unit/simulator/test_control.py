"""Control API: record, reset, clock, forced job status, run-time entities and outcomes."""

import requests
from simulator_helpers import PASSWORD, association, auth_headers, job_summary, login, start_backup


def test_record_fields(sim):
    headers = auth_headers(sim)
    requests.get(f"{sim.url}/Job", params={"clientId": "301", "jobCategory": "Active"}, headers=headers, timeout=10)

    entries = sim.control("GET", "requests")["requests"]

    assert [e["path"] for e in entries] == ["Login", "Job"]
    assert [e["seq"] for e in entries] == [1, 2]
    assert entries[1]["method"] == "GET"
    assert entries[1]["query"] == {"clientId": "301", "jobCategory": "Active"}
    assert entries[1]["has_authtoken"] is True
    assert entries[1]["status"] == 200
    assert entries[1]["json"] is None
    assert entries[0]["has_authtoken"] is False


def test_record_keeps_path_as_sent(sim):
    requests.post(f"{sim.url}/Createtask", json={"taskInfo": {}}, timeout=10)

    entry = sim.record[-1]

    assert entry["path"] == "Createtask"
    assert entry["status"] == 401
    assert entry["json"] == {"taskInfo": {}}


def test_record_never_holds_password(sim):
    login(sim)
    requests.post(f"{sim.url}/Login", data=f"password={PASSWORD}", timeout=10)

    record_text = requests.get(f"{sim.control_url}/requests", timeout=10).text

    assert PASSWORD not in record_text
    assert "RGVtby1QYXNzdzByZCE=" not in record_text
    assert sim.record[0]["json"]["password"] == "<redacted>"


def test_record_keeps_non_json_text(sim):
    requests.post(f"{sim.url}/JobDetails", data="jobId=1", headers=auth_headers(sim), timeout=10)

    assert sim.record[-1]["text"] == "jobId=1"
    assert sim.record[-1]["status"] == 400


def test_control_calls_not_recorded(sim):
    sim.control("GET", "jobs")
    sim.control("GET", "health")

    assert sim.record == []


def test_clear_record(sim):
    login(sim)
    requests.delete(f"{sim.control_url}/requests", timeout=10)

    assert sim.record == []


def test_reset_clears_jobs_tokens_record(sim):
    headers = auth_headers(sim)
    start_backup(sim, headers)
    sim.control("POST", "commcell", {"generate": {"clients": 2}})

    sim.control("POST", "reset")

    assert sim.jobs == []
    assert sim.record == []
    assert requests.get(f"{sim.url}/Client", headers=headers, timeout=10).status_code == 401
    assert sim.control("GET", "commcell")["clients"] == 3


def test_clock_advance(sim):
    before = sim.control("GET", "clock")["now"]

    after = sim.control("POST", "clock", {"advance": 120})["now"]

    assert after - before >= 120


def test_clock_rejects_negative(sim):
    response = requests.post(f"{sim.control_url}/clock", json={"advance": -1}, timeout=10)

    assert response.status_code == 400
    assert "advance" in response.json()["error"]


def test_force_job_status(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]

    sim.control("POST", f"jobs/{job_id}", {"status": "Running"})
    sim.advance(600)

    assert job_summary(sim, headers, job_id)["status"] == "Running"


def test_forced_status_cleared(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]
    sim.control("POST", f"jobs/{job_id}", {"status": "Suspended"})

    sim.control("POST", f"jobs/{job_id}", {"status": None})
    sim.advance(600)

    assert job_summary(sim, headers, job_id)["status"] == "Completed"


def test_job_invisible_window_by_control(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]

    sim.control("POST", f"jobs/{job_id}", {"invisible_seconds": 30})
    hidden = requests.get(f"{sim.url}/Job/{job_id}", headers=headers, timeout=10).json()
    sim.advance(30)

    assert hidden["totalRecordsWithoutPaging"] == 0
    assert job_summary(sim, headers, job_id)["jobId"] == int(job_id)


def test_control_jobs_lists_created_jobs(sim):
    start_backup(sim, auth_headers(sim), association(instance="FAILDB"))

    jobs = sim.control("GET", "jobs")["jobs"]

    assert [j["jobId"] for j in jobs] == [63001]
    assert jobs[0]["outcome"]["status"] == "Failed"


def test_add_clients_at_run_time(sim):
    spec = {
        "clients": [
            {
                "name": "newrac-rac",
                "client_id": 900,
                "instances": [{"name": "NEWDB", "agent": "Oracle RAC", "subclients": ["default"]}],
            }
        ]
    }
    sim.control("POST", "commcell", spec)

    job_ids = start_backup(sim, auth_headers(sim), association(client="newrac-rac", instance="NEWDB"))

    assert job_ids == ["63001"]


def test_generate_clients(sim):
    counts = sim.control("POST", "commcell", {"generate": {"clients": 250, "databases_per_client": 4}})

    job_ids = start_backup(sim, auth_headers(sim), association(client="bench0250-rac", instance="DB04"))

    assert counts["clients"] == 253
    assert counts["instances"] == 1000 + 10
    assert len(job_ids) == 1


def test_invalid_commcell_entry_rejected(sim):
    response = requests.post(f"{sim.control_url}/commcell", json={"clients": [{"instances": []}]}, timeout=10)

    assert response.status_code == 400


def test_set_outcome_at_run_time(sim):
    sim.control(
        "POST",
        "outcomes",
        {
            "client": "testrac01-rac",
            "instance": "ORCL",
            "outcome": {"status": "Failed", "reason": "ORA-00257: archiver error"},
        },
    )
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]
    sim.advance(60)

    assert job_summary(sim, headers, job_id)["status"] == "Failed"


def test_set_subclient_outcome(sim):
    sim.control(
        "POST",
        "outcomes",
        {"client": "testrac01-rac", "instance": "ORCL", "subclient": "archivelogs", "outcome": {"status": "Killed"}},
    )
    headers = auth_headers(sim)
    default_job, archive_job = start_backup(sim, headers, association(), association(subclient="archivelogs"))
    sim.advance(60)

    assert job_summary(sim, headers, default_job)["status"] == "Completed"
    assert job_summary(sim, headers, archive_job)["status"] == "Killed"


def test_invalid_outcome_key_rejected(sim):
    response = requests.post(
        f"{sim.control_url}/outcomes", json={"client": "testrac01-rac", "outcome": {"colour": "red"}}, timeout=10
    )

    assert response.status_code == 400
    assert "colour" in response.json()["error"]
