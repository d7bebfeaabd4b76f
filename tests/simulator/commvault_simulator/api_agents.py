"""`GET Agent`: the agents (iDataAgents) installed on a client.

A client's agents are those of its instances: the simulator has no agent without
an instance.
"""

from __future__ import annotations

from .api_entities import application_filter, client_not_found
from .client_properties import ACTIVITY_TYPES
from .commcell import Client
from .routing import ApiRequest, json_response


def agents_of(client: Client) -> list[tuple[str, int]]:
    """Return (appName, applicationId) of each agent of `client`, in the order of its instances."""
    agents = []
    for instance in client.instances:
        agent = (instance.app_name, instance.application_id)
        if agent not in agents:
            agents.append(agent)
    return agents


def agent_properties(client: Client, app_name: str, application_id: int) -> dict:
    activities = [{"activityType": kind, "enableActivityType": True} for kind in ACTIVITY_TYPES]
    return {
        "idaEntity": {
            "clientName": client.name,
            "clientId": client.client_id,
            "appName": app_name,
            "applicationId": application_id,
        },
        "idaActivityControl": {"activityControlOptions": activities},
    }


def list_agents(request: ApiRequest):
    """List the agents of `clientId`, or only the one of `applicationId` when it is given."""
    client = request.state.commcell.find_client(client_id=request.arg("clientId"))
    if client is None:
        return client_not_found(request.arg("clientId"))

    application_id = application_filter(request)
    rows = [
        agent_properties(client, app_name, app_id)
        for app_name, app_id in agents_of(client)
        if application_id is None or app_id == application_id
    ]
    return json_response({"agentProperties": rows})


def register(router) -> None:
    router.add("GET", "Agent", list_agents)
