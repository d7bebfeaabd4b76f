"""`GET Instance/{id}`: the properties of one instance, in the shape Commvault documents.

The simulator keeps no Oracle settings, so `oracleInstance` contains fixed values of an
Oracle 19c home owned by the user `oracle`, connected as `/` without a catalog.
"""

from __future__ import annotations

from .api_entities import instance_entity
from .client_properties import ACTIVITY_TYPES
from .commcell import Instance
from .entity_ids import find_instance_by_id
from .routing import ApiRequest, error_code_response, json_response

# NOTE: the API reference gives no error code for an unknown instance id, so this
# value is a stand-in.
INSTANCE_NOT_FOUND_CODE = 2
ORACLE_HOME = "/u01/app/oracle/product/19.0.0/dbhome_1"


def oracle_instance() -> dict:
    return {
        "oracleHome": ORACLE_HOME,
        "oracleUser": {"userName": "oracle"},
        "sqlConnect": {"userName": "/", "domainName": ""},
        "useCatalogConnect": False,
        "archiveLogDest": "",
        "ctrlFileAutoBackup": 1,
        "numberOfArchiveLogBackupStreams": 1,
    }


def instance_properties(instance: Instance) -> dict:
    activities = [{"activityType": kind, "enableActivityType": True} for kind in ACTIVITY_TYPES]
    return {
        "instance": instance_entity(instance),
        "instanceActivityControl": {"activityControlOptions": activities},
        # cvpysdk 11.44 reads `oracleInstance` for Oracle and Oracle RAC instances alike.
        # NOTE: a real RAC instance also lists its database instances per node under
        # `oracleRACInstance`; the simulator keeps no nodes, so that part is missing.
        "oracleInstance": oracle_instance(),
    }


def get_instance(request: ApiRequest, instance_id: str):
    """Return the properties of the instance `instance_id`.

    cvpysdk adds `association/entity/clientId` and `association/entity/applicationId`
    to the query; instance ids are unique here, so they are not needed to find it.
    """
    instance = find_instance_by_id(request.state.commcell, instance_id)
    if instance is None:
        return error_code_response(INSTANCE_NOT_FOUND_CODE, f"Instance [{instance_id}] not found.")
    return json_response({"instanceProperties": [instance_properties(instance)]})


def register(router) -> None:
    router.add("GET", "Instance/{instance_id}", get_instance)
