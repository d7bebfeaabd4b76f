# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only lookups of the client, instance, backup set and subclient ids."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from ansible_collections.backupops.commvault.plugins.module_utils._payload import AGENTS

Entities = namedtuple("Entities", "client_id application_id instance_id backupset_id subclient_id")

ID_FIELDS = ("clientId", "applicationId", "instanceId", "backupsetId", "subclientId")


def read_id(data, field):
    """Return a positive id from a GetId response, or None when it is absent or not found.

    GetId marks what it could not find with -32000, so any value below 1 counts as missing.
    """
    value = data.get(field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def describe_missing(field, names):
    """Return the message for the first entity GetId did not find."""
    messages = {
        "clientId": "client '{client}' was not found on the CommServe (for a RAC database, "
                    "give the RAC pseudo-client name)",
        "applicationId": "the {app_name} agent was not found on client '{client}'",
        "instanceId": "database (instance) '{instance}' was not found on client '{client}' "
                      "for the {app_name} agent",
        "backupsetId": "backup set '{backupset}' was not found in database '{instance}' "
                       "on client '{client}'",
        "subclientId": "subclient '{subclient}' was not found in backup set '{backupset}' "
                       "of database '{instance}' on client '{client}'",
    }
    return messages[field].format(**names)


def list_instance_names(client, client_id, application_id):
    """Return the database names of one agent on a client, or None when listing fails."""
    try:
        data = client.get("/Instance", params={"clientId": client_id})
    except CommvaultError:
        return None
    names = []
    for entry in data.get("instanceProperties") or []:
        instance = (entry or {}).get("instance") or {}
        # Match on applicationId, because "Oracle" is a substring of "Oracle RAC".
        if instance.get("applicationId") == application_id and instance.get("instanceName"):
            names.append(instance["instanceName"])
    return sorted(names)


def query_ids(client, params):
    """Send GetId and return its response body, also when it comes with HTTP 404."""
    try:
        return client.get("/GetId", params=params)
    except CommvaultError as err:
        has_ids = isinstance(err.body, dict) and any(field in err.body for field in ID_FIELDS)
        if err.status == 404 and has_ids:
            return err.body
        raise


def resolve_entities(client, client_name, instance, backupset="default", subclient="default",
                     agent="oracle_rac"):
    """Resolve the ids of one subclient, raising CommvaultError naming what is missing."""
    app_name, application_id = AGENTS[agent]
    params = {
        "clientName": client_name,
        "agent": app_name,
        "instanceName": instance,
        "backupset": backupset,
        "subclient": subclient,
    }
    data = query_ids(client, params)

    names = dict(client=client_name, instance=instance, backupset=backupset,
                 subclient=subclient, app_name=app_name)
    for field in ID_FIELDS:
        # Older servers may leave backupsetId out, so only a value that is present counts.
        if field == "backupsetId" and field not in data:
            continue
        if read_id(data, field) is None:
            raise not_found_error(client, field, names, data, application_id)

    if read_id(data, "applicationId") != application_id:
        raise CommvaultError("GetId returned applicationId %s, not %s for the %s agent"
                             % (data.get("applicationId"), application_id, app_name),
                             path="/GetId")

    return Entities(*(read_id(data, field) for field in ID_FIELDS))


def not_found_error(client, field, names, data, application_id):
    """Build the not-found error, listing the client's databases when the database is missing."""
    message = describe_missing(field, names)
    client_id = read_id(data, "clientId")
    if field == "instanceId" and client_id:
        known = list_instance_names(client, client_id, application_id)
        if known:
            message += "; databases found for that agent: %s" % ", ".join(known)
        elif known is not None:
            message += "; the client has no database for that agent"
    return CommvaultError(message[0].upper() + message[1:], status=404, path="/GetId")
