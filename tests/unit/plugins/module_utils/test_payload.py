# -*- coding: utf-8 -*-
"""The CreateTask body builder, option by option, and a golden body."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    build_create_task_body,
    check_backup_options,
)


def build(**options):
    values = dict(client="prod-rac01", instance="ORCLPRD")
    values.update(options)
    return build_create_task_body(**values)


def association(body):
    return body["taskInfo"]["associations"][0]


def options(body):
    return body["taskInfo"]["subTasks"][0]["options"]


def test_golden_body_of_api_example():
    body = build_create_task_body(
        client="prod-rac01", instance="ORCLPRD", backupset="default", subclient="default",
        agent="oracle_rac", backup_level="incremental", cumulative=True,
        notify_on_completion=False, job_description="nightly", display_name="ORCLPRD nightly",
        user_name="backup-admin", user_id=1)

    assert body == {"taskInfo": {
        "associations": [{
            "clientName": "prod-rac01", "instanceName": "ORCLPRD",
            "appName": "Oracle RAC", "applicationId": 80,
            "backupsetName": "default", "subclientName": "default",
            "displayName": "ORCLPRD nightly"}],
        "task": {"taskType": "IMMEDIATE"},
        "subTasks": [{
            "subTask": {"subTaskType": "BACKUP", "operationType": "BACKUP"},
            "options": {
                "backupOpts": {"backupLevel": "INCREMENTAL", "oracleOptions": {"cumulative": True}},
                "commonOpts": {"notifyUserOnJobCompletion": False, "jobDescription": "nightly"},
                "adminOpts": {"clientInstallOption": {"installerOption": {
                    "User": {"userId": 1, "userName": "backup-admin"}}}}}}]}}


def test_defaults_minimal_body():
    body = build()

    assert association(body) == {
        "clientName": "prod-rac01", "instanceName": "ORCLPRD", "appName": "Oracle RAC",
        "applicationId": 80, "backupsetName": "default", "subclientName": "default"}
    assert options(body) == {
        "backupOpts": {"backupLevel": "INCREMENTAL", "oracleOptions": {"cumulative": False}},
        "commonOpts": {"notifyUserOnJobCompletion": False}}


def test_task_always_immediate_backup():
    body = build(backup_level="full")

    assert body["taskInfo"]["task"] == {"taskType": "IMMEDIATE"}
    assert body["taskInfo"]["subTasks"][0]["subTask"] == {
        "subTaskType": "BACKUP", "operationType": "BACKUP"}


@pytest.mark.parametrize("agent, app_name, application_id", [
    ("oracle_rac", "Oracle RAC", 80),
    ("oracle", "Oracle", 22),
])
def test_agent_sets_app_name_and_id(agent, app_name, application_id):
    body = build(agent=agent)

    assert association(body)["appName"] == app_name
    assert association(body)["applicationId"] == application_id


def test_backupset_and_subclient_names():
    body = build(backupset="bs1", subclient="archivelog")

    assert association(body)["backupsetName"] == "bs1"
    assert association(body)["subclientName"] == "archivelog"


def test_full_has_no_oracle_options():
    body = build(backup_level="full")

    assert options(body)["backupOpts"] == {"backupLevel": "FULL"}


def test_incremental_cumulative_true():
    body = build(backup_level="incremental", cumulative=True)

    assert options(body)["backupOpts"]["oracleOptions"] == {"cumulative": True}


def test_full_with_cumulative_rejected():
    with pytest.raises(ValueError) as info:
        build(backup_level="full", cumulative=True)

    assert "cumulative" in str(info.value)


def test_unknown_level_rejected():
    with pytest.raises(ValueError) as info:
        build(backup_level="differential")

    assert "backup_level" in str(info.value)


def test_unknown_agent_rejected():
    with pytest.raises(ValueError) as info:
        build(agent="sql")

    assert "agent" in str(info.value)


def test_notify_on_completion_true():
    assert options(build(notify_on_completion=True))["commonOpts"] == {
        "notifyUserOnJobCompletion": True}


def test_job_description_sent_when_given():
    common = options(build(job_description="before patch"))["commonOpts"]

    assert common["jobDescription"] == "before patch"


def test_display_name_only_when_given():
    assert "displayName" not in association(build())
    assert association(build(display_name="ORCL"))["displayName"] == "ORCL"


def test_no_admin_options_without_user():
    assert "adminOpts" not in options(build())


def test_user_name_only():
    user = options(build(user_name="dba"))["adminOpts"]["clientInstallOption"][
        "installerOption"]["User"]

    assert user == {"userName": "dba"}


def test_user_id_only():
    user = options(build(user_id=0))["adminOpts"]["clientInstallOption"][
        "installerOption"]["User"]

    assert user == {"userId": 0}


def test_names_passed_unchanged():
    body = build(client="rac & co #1", instance="Ärzte DB")

    assert association(body)["clientName"] == "rac & co #1"
    assert association(body)["instanceName"] == "Ärzte DB"


@pytest.mark.parametrize("level, cumulative, expected", [
    ("full", False, None),
    ("incremental", False, None),
    ("incremental", True, None),
    ("full", True, "cumulative is valid only with backup_level incremental, not full"),
])
def test_check_backup_options(level, cumulative, expected):
    assert check_backup_options(level, cumulative) == expected
