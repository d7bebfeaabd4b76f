"""Client, GetId, Instance, Backupset and Subclient lookups."""

import requests
from simulator_helpers import auth_headers


def get(server, path, **params):
    return requests.get(f"{server.url}/{path}", params=params, headers=auth_headers(server), timeout=10)


def test_client_list(sim):
    clients = get(sim, "Client").json()["clientProperties"]

    entities = {c["client"]["clientEntity"]["clientName"]: c["client"]["clientEntity"] for c in clients}
    assert entities["testrac01-rac"]["clientId"] == 301
    assert entities["testrac01-rac"]["hostName"] == "testrac01-scan.example.com"
    assert "testora01" in entities


def test_client_by_id(sim):
    body = get(sim, "Client/401").json()

    assert body["clientProperties"][0]["client"]["clientEntity"]["clientName"] == "testora01"


def test_unknown_client_by_id(sim):
    response = get(sim, "Client/9999")

    assert response.status_code == 200
    assert response.json()["errorCode"] != 0


def test_get_id_finds_all_levels(sim):
    response = get(
        sim,
        "GetId",
        clientName="testrac01-rac",
        agent="Oracle RAC",
        instanceName="ORCL",
        backupset="default",
        subclient="archivelogs",
    )

    body = response.json()
    assert response.status_code == 200
    assert body["clientId"] == 301
    assert body["applicationId"] == 80
    assert body["instanceId"] > 0
    assert body["subclientId"] > 0


def test_get_id_marks_missing_value(sim):
    response = get(sim, "GetId", clientName="testrac01-rac", agent="Oracle RAC", instanceName="NOSUCHDB")

    assert response.status_code == 404
    assert response.json()["clientId"] == 301
    assert response.json()["instanceId"] == -32000


def test_instances_of_client(sim):
    body = get(sim, "Instance", clientId=401).json()

    instances = [p["instance"] for p in body["instanceProperties"]]
    assert [(i["instanceName"], i["appName"], i["applicationId"]) for i in instances] == [("TESTDB", "Oracle", 22)]


def test_query_names_match_without_case(sim):
    body = get(sim, "instance", CLIENTID=401).json()

    assert len(body["instanceProperties"]) == 1


def test_instance_of_unknown_client(sim):
    body = get(sim, "Instance", clientId=9999).json()

    assert body["errorCode"] != 0


def test_subclients_filtered_by_application(sim):
    rac = get(sim, "Subclient", clientId=301, applicationId=80).json()["subClientProperties"]
    oracle = get(sim, "Subclient", clientId=301, applicationId=22).json()["subClientProperties"]

    names = {(s["subClientEntity"]["instanceName"], s["subClientEntity"]["subclientName"]) for s in rac}
    assert ("ORCL", "archivelogs") in names
    assert ('Sales & Ops #1/"Ünïcode"', "default") in names
    assert oracle == []


def test_special_name_through_get_id(sim):
    response = get(
        sim, "GetId", clientName="testrac01-rac", agent="Oracle RAC", instanceName='Sales & Ops #1/"Ünïcode"'
    )

    assert response.status_code == 200
    assert response.json()["instanceId"] > 0


def test_backupsets_of_client(sim):
    body = get(sim, "Backupset", clientId=401, applicationId=22).json()

    entries = [b["backupSetEntity"] for b in body["backupsetProperties"]]
    assert [(e["instanceName"], e["backupsetName"]) for e in entries] == [("TESTDB", "default")]
