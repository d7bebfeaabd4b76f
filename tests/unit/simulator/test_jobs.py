"""Job life cycle on the simulated clock, Job listing, JobDetails and kill."""

import time

import requests
from simulator_helpers import ACCESS_TOKEN, association, auth_headers, job_summary, start_backup


def test_job_waits_runs_then_completes(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]

    waiting = job_summary(sim, headers, job_id)
    sim.advance(3)
    running = job_summary(sim, headers, job_id)
    sim.advance(10)
    finished = job_summary(sim, headers, job_id)

    assert waiting["status"] == "Waiting"
    assert waiting["jobEndTime"] == 0
    assert running["status"] == "Running"
    assert running["jobEndTime"] == 0
    assert 0 < running["percentComplete"] < 100
    assert running["currentPhaseName"] == "Backup"
    assert finished["status"] == "Completed"
    assert finished["percentComplete"] == 100
    assert finished["jobEndTime"] == finished["jobStartTime"] + 6
    assert finished["sizeOfApplication"] == 1073741824


def test_job_summary_fields(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers, association(instance="ORCL", subclient="archivelogs"), level="FULL")[0]

    summary = job_summary(sim, headers, job_id)

    assert summary["jobId"] == int(job_id)
    assert summary["backupLevelName"] == "Full"
    assert summary["pendingReason"] == ""
    assert summary["subclient"]["clientName"] == "testrac01-rac"
    assert summary["subclient"]["clientId"] == 301
    assert summary["subclient"]["appName"] == "Oracle RAC"
    assert summary["subclient"]["applicationId"] == 80
    assert summary["subclient"]["instanceName"] == "ORCL"
    assert summary["subclient"]["backupsetName"] == "default"
    assert summary["subclient"]["subclientName"] == "archivelogs"
    assert isinstance(summary["subclient"]["subclientId"], int)


def test_failed_job_reason_in_job_details(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers, association(instance="FAILDB"))[0]
    sim.advance(60)

    details = requests.post(f"{sim.url}/JobDetails", json={"jobId": int(job_id)}, headers=headers, timeout=10).json()

    assert job_summary(sim, headers, job_id)["status"] == "Failed"
    assert details["job"]["jobDetail"]["progressInfo"]["reasonForJobDelay"].startswith("ORA-19504")


def test_fixture_outcomes(sim):
    headers = auth_headers(sim)
    expected = {
        "ERRDB": "Completed w/ one or more errors",
        "WARNDB": "Completed w/ one or more warnings",
        "STARTFAILDB": "Failed to Start",
        "SLOWDB": "Running",
    }
    job_ids = start_backup(sim, headers, *(association(instance=name) for name in expected))
    sim.advance(600)

    statuses = {name: job_summary(sim, headers, job_id)["status"] for name, job_id in zip(expected, job_ids)}

    assert statuses == expected


def test_unknown_job_id_has_no_records(sim):
    response = requests.get(f"{sim.url}/Job/999999", headers=auth_headers(sim), timeout=10)

    assert response.json() == {"totalRecordsWithoutPaging": 0, "jobs": []}


def test_invisible_job_appears_later(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers, association(instance="LATEDB"))[0]

    hidden = requests.get(f"{sim.url}/Job/{job_id}", headers=headers, timeout=10).json()
    listed = requests.get(f"{sim.url}/Job", params={"clientId": 301}, headers=headers, timeout=10).json()
    sim.advance(5)
    visible = requests.get(f"{sim.url}/Job/{job_id}", headers=headers, timeout=10).json()

    assert hidden["totalRecordsWithoutPaging"] == 0
    assert listed["totalRecordsWithoutPaging"] == 0
    assert visible["totalRecordsWithoutPaging"] == 1


def list_jobs(server, headers, **params):
    return requests.get(f"{server.url}/Job", params=params, headers=headers, timeout=10).json()


def test_listing_filters_by_client_and_category(sim):
    headers = auth_headers(sim)
    start_backup(sim, headers, association(instance="ORCL"), association(instance="SLOWDB"))
    start_backup(sim, headers, association(client="testora01", instance="TESTDB", app_name="Oracle", application_id=22))
    sim.advance(60)

    active = list_jobs(sim, headers, clientId=301, jobCategory="Active", jobFilter="Backup")
    finished = list_jobs(sim, headers, clientId=301, jobCategory="Finished")
    everything = list_jobs(sim, headers, clientId=301, jobCategory="All")

    assert [j["jobSummary"]["subclient"]["instanceName"] for j in active["jobs"]] == ["SLOWDB"]
    assert [j["jobSummary"]["subclient"]["instanceName"] for j in finished["jobs"]] == ["ORCL"]
    assert everything["totalRecordsWithoutPaging"] == 2


def test_listing_without_client_covers_all_clients(sim):
    headers = auth_headers(sim)
    start_backup(
        sim,
        headers,
        association(instance="ORCL"),
        association(client="testora01", instance="TESTDB", app_name="Oracle", application_id=22),
    )

    listing = list_jobs(sim, headers)

    client_ids = {j["jobSummary"]["subclient"]["clientId"] for j in listing["jobs"]}
    assert client_ids == {301, 401}


def test_listing_pages_newest_first(sim):
    headers = auth_headers(sim)
    job_ids = start_backup(sim, headers, *(association(instance="ORCL") for attempt in range(5)))

    first = list_jobs(sim, headers, clientId=301, limit=2, offset=0)
    last = list_jobs(sim, headers, clientId=301, limit=2, offset=4)

    assert first["totalRecordsWithoutPaging"] == 5
    assert [str(j["jobSummary"]["jobId"]) for j in first["jobs"]] == job_ids[:-3:-1]
    assert [str(j["jobSummary"]["jobId"]) for j in last["jobs"]] == job_ids[:1]


def test_listing_lookup_time_hides_old_jobs(sim):
    headers = {"Authtoken": f"QSDK {ACCESS_TOKEN}"}
    start_backup(sim, headers)
    sim.advance(3600)
    start_backup(sim, headers)
    sim.advance(60)

    recent = list_jobs(sim, headers, clientId=301, jobCategory="Finished", completedJobLookupTime=600)
    year = list_jobs(sim, headers, clientId=301, jobCategory="Finished")

    assert recent["totalRecordsWithoutPaging"] == 1
    assert year["totalRecordsWithoutPaging"] == 2


def test_listing_other_job_filter_is_empty(sim):
    headers = auth_headers(sim)
    start_backup(sim, headers)

    listing = list_jobs(sim, headers, jobFilter="Restore")

    assert listing["totalRecordsWithoutPaging"] == 0


def test_kill_active_job(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers, association(instance="SLOWDB"))[0]
    sim.advance(10)

    response = requests.post(f"{sim.url}/Job/{job_id}/action/kill", headers=headers, timeout=10)

    assert response.json()["errorCode"] == 0
    assert job_summary(sim, headers, job_id)["status"] == "Killed"
    assert job_summary(sim, headers, job_id)["jobEndTime"] > 0


def test_kill_finished_job_fails(sim):
    headers = auth_headers(sim)
    job_id = start_backup(sim, headers)[0]
    sim.advance(60)

    response = requests.post(f"{sim.url}/Job/{job_id}/action/kill", headers=headers, timeout=10)

    assert response.json()["errorCode"] != 0
    assert job_summary(sim, headers, job_id)["status"] == "Completed"


def test_time_scale_speeds_clock(simulator_factory):
    server = simulator_factory(time_scale=100)
    headers = auth_headers(server)
    job_id = start_backup(server, headers)[0]

    time.sleep(0.2)

    assert job_summary(server, headers, job_id)["status"] == "Completed"
