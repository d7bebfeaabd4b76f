# -*- coding: utf-8 -*-
"""Read-only resolution of client, instance, backup set and subclient ids."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    CommvaultClient,
    CommvaultError,
)
from ansible_collections.backupops.commvault.plugins.module_utils._entities import (
    resolve_entities,
)
from fake_http import BASE_URL, FakeClock, FakeCommServe, mount

FOUND = {"clientId": 2, "applicationId": 80, "instanceId": 5, "backupsetId": 7, "subclientId": 9}
INSTANCES = {"instanceProperties": [
    {"instance": {"instanceName": "ORCLPRD", "applicationId": 80, "appName": "Oracle RAC"}},
    {"instance": {"instanceName": "HRDB", "applicationId": 22, "appName": "Oracle"}},
    {"instance": {"instanceName": "FINPRD", "applicationId": 80, "appName": "Oracle RAC"}},
]}


@pytest.fixture
def fake():
    return FakeCommServe()


@pytest.fixture
def client(fake):
    clock = FakeClock()
    client = CommvaultClient(BASE_URL, sleep=clock.sleep, clock=clock.clock)
    client.use_token("QSDK token")
    mount(client, fake)
    return client


def missing(**fields):
    data = dict(FOUND)
    data.update(fields)
    return (404, data)


def resolve(client, **names):
    values = dict(client_name="prod-rac01", instance="ORCLTYPO", backupset="default",
                  subclient="default", agent="oracle_rac")
    values.update(names)
    return resolve_entities(client, **values)


def raised(client, **names):
    with pytest.raises(CommvaultError) as info:
        resolve(client, **names)
    return info.value


def test_all_found_returns_ids(client, fake):
    fake.add("GET", "/GetId", (200, FOUND))

    entities = resolve(client, instance="ORCLPRD")

    assert entities.client_id == 2
    assert entities.application_id == 80
    assert entities.instance_id == 5
    assert entities.backupset_id == 7
    assert entities.subclient_id == 9


def test_query_names_every_entity(client, fake):
    fake.add("GET", "/GetId", (200, dict(FOUND, applicationId=22)))

    resolve(client, instance="ORCL PRD", subclient="archive logs", agent="oracle")
    query = fake.requests[0].query

    assert query["clientName"] == ["prod-rac01"]
    assert query["agent"] == ["Oracle"]
    assert query["instanceName"] == ["ORCL PRD"]
    assert query["backupset"] == ["default"]
    assert query["subclient"] == ["archive logs"]


def test_missing_client_named(client, fake):
    fake.add("GET", "/GetId", missing(clientId=-32000, applicationId=-32000, instanceId=-32000,
                                      backupsetId=-32000, subclientId=-32000))

    err = raised(client)

    assert "Client 'prod-rac01' was not found" in err.message
    assert err.status == 404


def test_missing_agent_named(client, fake):
    fake.add("GET", "/GetId", missing(applicationId=-32000, instanceId=-32000))

    err = raised(client)

    assert "Oracle RAC agent was not found on client 'prod-rac01'" in err.message


def test_missing_instance_lists_known(client, fake):
    fake.add("GET", "/GetId", missing(instanceId=-32000, subclientId=-32000))
    fake.add("GET", "/Instance", (200, INSTANCES))

    err = raised(client)

    assert err.message.startswith("Database (instance) 'ORCLTYPO' was not found")
    assert err.message.endswith("databases found for that agent: FINPRD, ORCLPRD")
    assert fake.calls("GET", "/Instance")[0].query["clientId"] == ["2"]


def test_missing_instance_listing_fails(client, fake):
    fake.add("GET", "/GetId", missing(instanceId=-32000))
    fake.add("GET", "/Instance", (403, {"errorCode": 1, "errorMessage": "No permission"}))

    err = raised(client)

    assert err.message.startswith("Database (instance) 'ORCLTYPO' was not found")
    assert "databases found" not in err.message


def test_missing_backupset_named(client, fake):
    fake.add("GET", "/GetId", missing(backupsetId=-32000, subclientId=-32000))

    err = raised(client, backupset="bs9")

    assert "Backup set 'bs9' was not found in database 'ORCLTYPO'" in err.message


def test_missing_subclient_named(client, fake):
    fake.add("GET", "/GetId", missing(subclientId=-32000))

    err = raised(client, subclient="archivelog")

    assert err.message.startswith("Subclient 'archivelog' was not found in backup set 'default'")


def test_backupset_id_optional(client, fake):
    data = dict(FOUND)
    del data["backupsetId"]
    fake.add("GET", "/GetId", (200, data))

    entities = resolve(client)

    assert entities.backupset_id is None
    assert entities.subclient_id == 9


def test_mismatched_application_id(client, fake):
    fake.add("GET", "/GetId", (200, dict(FOUND, applicationId=22)))

    err = raised(client)

    assert "applicationId 22, not 80" in err.message


def test_404_without_ids_raised_unchanged(client, fake):
    fake.add("GET", "/GetId", (404, "<html>Not Found</html>"))

    err = raised(client)

    assert err.message == "Commvault API request failed"
    assert err.status == 404


def test_server_error_raised(client, fake):
    fake.add("GET", "/GetId", (400, {"errorCode": 3, "errorMessage": "Invalid agent"}))

    err = raised(client)

    assert err.error_code == 3
