"""The client properties document of `GET Client/{id}`, in the shape Commvault documents.

The simulator keeps no operating-system, version or activity-control data for its
clients, so those parts are fixed values for a Linux x64 client of Commvault 11.40
on which every activity is enabled.
"""

from __future__ import annotations

from .commcell import Client

# Activity types of `clientActivityControl`: 1 is backup, 2 is restore, 16 is data aging.
ACTIVITY_TYPES = (1, 2, 16)
CVD_PORT = 8400
INSTALL_DIRECTORY = "/opt/commvault/Base"
JOB_RESULTS_DIRECTORY = "/opt/commvault/iDataAgent/jobResults"


def os_info() -> dict:
    return {
        "Type": "Unix",
        "SubType": "Linux",
        "Version": "5.14",
        "OsDisplayInfo": {"OSName": "Linux", "ProcessorType": "x64"},
    }


def version_info() -> dict:
    return {
        "version": "ServicePack:40.0,FeatureRelease:40",
        "GalaxyRelease": {"ReleaseString": "11.40"},
    }


def client_props() -> dict:
    activities = [{"activityType": kind, "enableActivityType": True} for kind in ACTIVITY_TYPES]
    return {
        "activityControl": {
            "EnableDataRecovery": True,
            "EnableDataManagement": True,
            "EnableOnlineContentIndex": False,
        },
        "clientActivityControl": {"activityControlOptions": activities},
        "EnableSnapBackups": False,
        "IsDeletedClient": False,
    }


def client_properties(client: Client, entity: dict) -> dict:
    """Return one entry of `clientProperties` for `client`, whose `clientEntity` is `entity`."""
    return {
        "client": {
            "clientEntity": entity,
            "osInfo": os_info(),
            "cvdPort": CVD_PORT,
            "TimeZone": {"TimeZoneName": "(UTC) Coordinated Universal Time"},
            "versionInfo": version_info(),
            "installDirectory": INSTALL_DIRECTORY,
            "jobResulsDir": {"path": JOB_RESULTS_DIRECTORY},
        },
        "clientProps": client_props(),
    }
