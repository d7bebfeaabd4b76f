"""Subclients: `GET Subclient` (the listing), `GET Subclient/{id}` and its backup action."""

from __future__ import annotations

from .api_entities import application_filter, client_not_found, id_filter, subclient_entity
from .api_tasks import BACKUP_LEVELS, UNSUPPORTED_TASK_CODE, parse_enum, start_jobs
from .commcell import Subclient
from .entity_ids import find_subclient_by_id
from .routing import ApiRequest, BadBody, bad_body_response, error_code_response, json_response

# NOTE: the API reference gives no error code for an unknown subclient id, so this
# value is a stand-in.
SUBCLIENT_NOT_FOUND_CODE = 2


def is_default_subclient(subclient: Subclient) -> bool:
    """Return whether `subclient` is its backup set's default: the first one the fixture lists."""
    first = next(iter(subclient.backupset.subclients.values()))
    return first is subclient


def oracle_subclient_prop() -> dict:
    # NOTE: the simulator keeps no subclient content, so every Oracle subclient
    # reports a backup of data and archive logs without archive log deletion,
    # including subclients that a site would configure for archive logs only.
    return {"data": True, "backupArchiveLog": True, "archiveDelete": False}


def subclient_properties(subclient: Subclient) -> dict:
    # An empty `planEntity` means that no plan is associated with the subclient. Every
    # agent of the simulator is an Oracle one, so every subclient has `oracleSubclientProp`.
    return {
        "subClientEntity": subclient_entity(subclient),
        "commonProperties": {"isDefaultSubclient": is_default_subclient(subclient), "enableBackup": True},
        "planEntity": {},
        "oracleSubclientProp": oracle_subclient_prop(),
    }


def list_subclients(request: ApiRequest):
    """List the subclients of `clientId`, narrowed by `applicationId` and `backupsetId` when given.

    cvpysdk sends `backupsetId` and then matches instance names by substring, so
    without that filter it would take a subclient of instance STARTFAILDB for one of
    FAILDB. `propertyLevel` is ignored: every row has the full properties.
    """
    commcell = request.state.commcell
    client = commcell.find_client(client_id=request.arg("clientId"))
    if client is None:
        return client_not_found(request.arg("clientId"))

    backupset_id = id_filter(request, "backupsetId")
    subclients = [
        subclient
        for subclient in commcell.iter_subclients(client, application_filter(request))
        if backupset_id is None or subclient.backupset.backupset_id == backupset_id
    ]
    return json_response({"subClientProperties": [subclient_properties(s) for s in subclients]})


def subclient_not_found(subclient_id: str):
    return error_code_response(SUBCLIENT_NOT_FOUND_CODE, f"Subclient [{subclient_id}] not found.")


def get_subclient(request: ApiRequest, subclient_id: str):
    subclient = find_subclient_by_id(request.state.commcell, subclient_id)
    if subclient is None:
        return subclient_not_found(subclient_id)
    return json_response({"subClientProperties": [subclient_properties(subclient)]})


def backup_subclient(request: ApiRequest, subclient_id: str):
    """Start a backup of one subclient at the `backupLevel` of the query (default Incremental).

    The response has the form of CreateTask's. Other query parameters, such as
    cvpysdk's `collectMetaInfo`, are accepted and ignored.
    """
    subclient = find_subclient_by_id(request.state.commcell, subclient_id)
    if subclient is None:
        return subclient_not_found(subclient_id)

    try:
        level = parse_enum(request.arg("backupLevel"), BACKUP_LEVELS, default="INCREMENTAL")
    except BadBody:
        return bad_body_response()
    if level not in ("FULL", "INCREMENTAL"):
        return error_code_response(UNSUPPORTED_TASK_CODE, f"Backup level {level} is not supported for Oracle.")
    return start_jobs(request, [subclient], level)


def register(router) -> None:
    router.add("GET", "Subclient", list_subclients)
    router.add("GET", "Subclient/{subclient_id}", get_subclient)
    router.add("POST", "Subclient/{subclient_id}/action/backup", backup_subclient)
