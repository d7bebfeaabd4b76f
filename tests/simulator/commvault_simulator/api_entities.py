"""Read-only lookups: Client, GetId and Instance."""

from __future__ import annotations

from .client_properties import client_properties
from .commcell import Client, Instance, Subclient, resolve_agent
from .routing import ApiRequest, error_code_response, json_response

# NOTE: the API reference gives no error code for an unknown client in these
# lookups, so this value is a stand-in.
CLIENT_NOT_FOUND_CODE = 2
NOT_FOUND_ID = -32000


def client_entity(client: Client) -> dict:
    return {
        "clientName": client.name,
        "clientId": client.client_id,
        "hostName": client.host_name,
        "displayName": client.display_name,
    }


def subclient_entity(subclient: Subclient) -> dict:
    backupset = subclient.backupset
    instance = backupset.instance
    return {
        "subclientName": subclient.name,
        "subclientId": subclient.subclient_id,
        "backupsetName": backupset.name,
        "backupsetId": backupset.backupset_id,
        "instanceName": instance.name,
        "instanceId": instance.instance_id,
        "appName": instance.app_name,
        "applicationId": instance.application_id,
        "clientName": instance.client.name,
        "clientId": instance.client.client_id,
    }


def instance_entity(instance: Instance) -> dict:
    return {
        "instanceName": instance.name,
        "instanceId": instance.instance_id,
        "appName": instance.app_name,
        "applicationId": instance.application_id,
        "clientName": instance.client.name,
        "clientId": instance.client.client_id,
    }


def list_clients(request: ApiRequest):
    """List all clients; `PseudoClientType=VSPseudo` lists virtualization clients, of which there are none."""
    if (request.arg("PseudoClientType") or "").casefold() == "vspseudo":
        return json_response({"VSPseudoClientsList": []})
    clients = list(request.state.commcell.clients_by_id.values())
    return json_response({"clientProperties": [{"client": {"clientEntity": client_entity(c)}} for c in clients]})


def get_client(request: ApiRequest, client_id: str):
    client = request.state.commcell.find_client(client_id=client_id)
    if client is None:
        return client_not_found(client_id)
    return json_response({"clientProperties": [client_properties(client, client_entity(client))]})


def client_not_found(value):
    return error_code_response(CLIENT_NOT_FOUND_CODE, f"Client [{value}] not found.")


def id_filter(request: ApiRequest, name: str) -> int | None:
    """Return the id that the query parameter `name` filters on, None without one.

    A value that is not a number becomes -1, which matches no entity.
    """
    value = request.arg(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        return -1


def application_filter(request: ApiRequest) -> int | None:
    return id_filter(request, "applicationId")


def list_instances(request: ApiRequest):
    client = request.state.commcell.find_client(client_id=request.arg("clientId"))
    if client is None:
        return client_not_found(request.arg("clientId"))
    application_id = application_filter(request)
    instances = [i for i in client.instances if application_id is None or i.application_id == application_id]
    return json_response({"instanceProperties": [{"instance": instance_entity(i)} for i in instances]})


def get_id(request: ApiRequest):
    """Resolve names to ids; what is not found is -32000 and the status becomes 404."""
    commcell = request.state.commcell
    result = {}
    client = commcell.find_client(request.arg("clientName")) if request.arg("clientName") else None
    if request.arg("clientName") is not None:
        result["clientId"] = client.client_id if client else NOT_FOUND_ID

    application_id = None
    if request.arg("agent") is not None:
        try:
            application_id = resolve_agent(request.arg("agent"))[1]
        except ValueError:
            application_id = NOT_FOUND_ID
        result["applicationId"] = application_id

    instance = None
    if request.arg("instanceName") is not None:
        if client is not None and application_id != NOT_FOUND_ID:
            instance = client.find_instance(request.arg("instanceName"), application_id)
        result["instanceId"] = instance.instance_id if instance else NOT_FOUND_ID

    backupset = None
    if request.arg("backupset") is not None:
        if instance is not None:
            backupset = instance.backupsets.get(request.arg("backupset").casefold())
        result["backupsetId"] = backupset.backupset_id if backupset else NOT_FOUND_ID

    if request.arg("subclient") is not None:
        subclient = None
        # Without a backup set name, every backup set of the instance is searched.
        if backupset is not None:
            searched = [backupset]
        elif instance is not None and request.arg("backupset") is None:
            searched = list(instance.backupsets.values())
        else:
            searched = []
        for candidate in searched:
            subclient = subclient or candidate.subclients.get(request.arg("subclient").casefold())
        result["subclientId"] = subclient.subclient_id if subclient else NOT_FOUND_ID

    status = 404 if NOT_FOUND_ID in result.values() else 200
    return json_response(result, status)


def register(router) -> None:
    router.add("GET", "Client", list_clients)
    router.add("GET", "Client/{client_id}", get_client)
    router.add("GET", "GetId", get_id)
    router.add("GET", "Instance", list_instances)
