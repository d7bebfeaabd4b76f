"""CreateTask: payload forms, lookups of the associations and error shapes."""

import pytest
import requests
from simulator_helpers import association, auth_headers, task_body

NO_ELIGIBLE = {"errorCode": 587207178, "errorMessage": "Failed to start backups as no eligible subclients were found."}


def create_task(server, body, headers, path="CreateTask", url=None):
    return requests.post(f"{url or server.url}/{path}", json=body, headers=headers, timeout=10)


def test_immediate_task_returns_string_job_ids(sim):
    response = create_task(sim, task_body(), auth_headers(sim))

    assert response.status_code == 200
    assert isinstance(response.json()["taskId"], int)
    assert response.json()["jobIds"] == ["63001"]


@pytest.mark.parametrize("path", ["CreateTask", "Createtask", "createtask", "CREATETASK"])
def test_path_matches_without_case(sim, path):
    response = create_task(sim, task_body(), auth_headers(sim), path=path)

    assert response.status_code == 200
    assert len(response.json()["jobIds"]) == 1


def test_webconsole_prefix_works(sim):
    response = create_task(sim, task_body(), auth_headers(sim), url=sim.webconsole_url)

    assert len(response.json()["jobIds"]) == 1


def test_numeric_enums_accepted(sim):
    body = task_body(task_type=1, level=1, sub_task_type=2, operation_type=2)

    response = create_task(sim, body, auth_headers(sim))

    assert len(response.json()["jobIds"]) == 1
    assert sim.jobs[0].backup_level == "FULL"


def test_one_job_per_association(sim):
    body = task_body(
        association(instance="ORCL"),
        association(instance="ORCL", subclient="archivelogs"),
        association(client="testora01", instance="TESTDB", app_name="Oracle", application_id=22),
    )

    response = create_task(sim, body, auth_headers(sim))

    assert response.json()["jobIds"] == ["63001", "63002", "63003"]
    assert len({job.task_id for job in sim.jobs}) == 1


def test_names_match_without_case(sim):
    body = task_body(association(client="TESTRAC01-RAC", instance="orcl", app_name="oracle rac"))

    response = create_task(sim, body, auth_headers(sim))

    assert len(response.json()["jobIds"]) == 1


def test_special_character_instance(sim):
    body = task_body(association(instance='Sales & Ops #1/"Ünïcode"'))

    response = create_task(sim, body, auth_headers(sim))

    assert len(response.json()["jobIds"]) == 1
    assert sim.jobs[0].subclient.backupset.instance.name == 'Sales & Ops #1/"Ünïcode"'


@pytest.mark.parametrize(
    "entry",
    [
        association(client="nosuch-rac"),
        association(instance="NOSUCHDB"),
        association(backupset="other"),
        association(subclient="nosuch"),
        association(app_name="Oracle RAC", application_id=22),
        association(app_name="Oracle", application_id=None),
        association(app_name=None, application_id=22),
        association(app_name=None, application_id=None),
        association(client="testora01", instance="TESTDB"),
    ],
    ids=[
        "client",
        "instance",
        "backupset",
        "subclient",
        "disagreeing-agent",
        "oracle-name-on-rac",
        "oracle-id-on-rac",
        "no-agent",
        "rac-on-oracle",
    ],
)
def test_unresolvable_association_fails(sim, entry):
    response = create_task(sim, task_body(entry), auth_headers(sim))

    assert response.status_code == 200
    assert response.json() == NO_ELIGIBLE
    assert sim.jobs == []


def test_one_bad_association_starts_nothing(sim):
    body = task_body(association(), association(instance="NOSUCHDB"))

    response = create_task(sim, body, auth_headers(sim))

    assert response.json()["errorCode"] == 587207178
    assert sim.jobs == []


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"{}", b"not json"])
def test_invalid_body_is_400(sim, raw):
    headers = {**auth_headers(sim), "Content-Type": "application/json"}

    response = requests.post(f"{sim.url}/CreateTask", data=raw, headers=headers, timeout=10)

    assert response.status_code == 400
    assert response.text == "Request body is empty or format is invalid"


def test_unknown_enum_name_is_400(sim):
    response = create_task(sim, task_body(level="HOURLY"), auth_headers(sim))

    assert response.status_code == 400


def test_differential_level_is_error_code(sim):
    response = create_task(sim, task_body(level="DIFFERENTIAL"), auth_headers(sim))

    assert response.status_code == 200
    assert response.json()["errorCode"] != 0
    assert sim.jobs == []


def test_schedule_task_has_no_job_ids(sim):
    response = create_task(sim, task_body(task_type="SCHEDULE"), auth_headers(sim))

    assert "taskId" in response.json()
    assert "jobIds" not in response.json()


def test_create_task_needs_token(sim):
    response = create_task(sim, task_body(), {})

    assert response.status_code == 401
    assert sim.jobs == []
