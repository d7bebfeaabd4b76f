"""Backup sets: `GET Backupset` (the listing) and `GET Backupset/{id}`."""

from __future__ import annotations

from .api_entities import application_filter, client_not_found, id_filter, instance_entity
from .commcell import Backupset
from .entity_ids import find_backupset_by_id
from .routing import ApiRequest, error_code_response, json_response

# NOTE: the API reference gives no error code for an unknown backup set id, so this
# value is a stand-in.
BACKUPSET_NOT_FOUND_CODE = 2


def is_default_backupset(backupset: Backupset) -> bool:
    """Return whether `backupset` is its instance's default: the first one the fixture lists."""
    first = next(iter(backupset.instance.backupsets.values()))
    return first is backupset


def backupset_entity(backupset: Backupset) -> dict:
    entity = instance_entity(backupset.instance)
    entity.update({"backupsetName": backupset.name, "backupsetId": backupset.backupset_id})
    return entity


def common_backupset(backupset: Backupset) -> dict:
    return {"isDefaultBackupSet": is_default_backupset(backupset), "onDemandBackupset": False}


def backupset_properties(backupset: Backupset) -> dict:
    # An empty `planEntity` means that no plan is associated with the backup set.
    return {
        "backupSetEntity": backupset_entity(backupset),
        "commonBackupSet": common_backupset(backupset),
        "planEntity": {},
    }


def get_backupset(request: ApiRequest, backupset_id: str):
    backupset = find_backupset_by_id(request.state.commcell, backupset_id)
    if backupset is None:
        return error_code_response(BACKUPSET_NOT_FOUND_CODE, f"Backup set [{backupset_id}] not found.")
    return json_response({"backupsetProperties": [backupset_properties(backupset)]})


def list_backupsets(request: ApiRequest):
    """List the backup sets of `clientId`, narrowed by `applicationId` and `instanceId` when given.

    `propertyLevel` is ignored: every row has the full properties.
    """
    client = request.state.commcell.find_client(client_id=request.arg("clientId"))
    if client is None:
        return client_not_found(request.arg("clientId"))

    application_id = application_filter(request)
    instance_id = id_filter(request, "instanceId")
    rows = []
    for instance in client.instances:
        if application_id is not None and instance.application_id != application_id:
            continue
        if instance_id is not None and instance.instance_id != instance_id:
            continue
        rows.extend(backupset_properties(backupset) for backupset in instance.backupsets.values())
    return json_response({"backupsetProperties": rows})


def register(router) -> None:
    router.add("GET", "Backupset", list_backupsets)
    router.add("GET", "Backupset/{backupset_id}", get_backupset)
