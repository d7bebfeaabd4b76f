"""Helpers that talk to a simulator the way the collection does."""

import base64

import requests

PASSWORD = "Demo-Passw0rd!"
ACCESS_TOKEN = "demo-access-token-0123456789abcdef"


def encode_password(password: str) -> str:
    return base64.b64encode(password.encode("utf-8")).decode("ascii")


def login(server, username="admin", password=PASSWORD, **extra) -> str:
    response = requests.post(
        f"{server.url}/Login", json={"username": username, "password": encode_password(password), **extra}, timeout=10
    )
    return response.json()["token"]


def auth_headers(server) -> dict:
    return {"Authtoken": login(server)}


def association(
    client="testrac01-rac",
    instance="ORCL",
    app_name="Oracle RAC",
    application_id=80,
    subclient="default",
    backupset="default",
) -> dict:
    entry = {"clientName": client, "instanceName": instance, "backupsetName": backupset, "subclientName": subclient}
    if app_name is not None:
        entry["appName"] = app_name
    if application_id is not None:
        entry["applicationId"] = application_id
    return entry


def task_body(
    *associations, task_type="IMMEDIATE", level="INCREMENTAL", sub_task_type="BACKUP", operation_type="BACKUP"
) -> dict:
    return {
        "taskInfo": {
            "associations": list(associations) or [association()],
            "task": {"taskType": task_type},
            "subTasks": [
                {
                    "subTask": {"subTaskType": sub_task_type, "operationType": operation_type},
                    "options": {"backupOpts": {"backupLevel": level, "oracleOptions": {"cumulative": True}}},
                }
            ],
        }
    }


def start_backup(server, headers, *associations, **task_options) -> list[str]:
    response = requests.post(
        f"{server.url}/CreateTask", json=task_body(*associations, **task_options), headers=headers, timeout=10
    )
    return response.json()["jobIds"]


def job_summary(server, headers, job_id) -> dict:
    body = requests.get(f"{server.url}/Job/{job_id}", headers=headers, timeout=10).json()
    return body["jobs"][0]["jobSummary"]
