# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Builder of the CreateTask request body that starts an Oracle or Oracle RAC backup."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Commvault's appName and applicationId must agree, so both come from one table.
AGENTS = {
    "oracle_rac": ("Oracle RAC", 80),
    "oracle": ("Oracle", 22),
}

BACKUP_LEVELS = {
    "full": "FULL",
    "incremental": "INCREMENTAL",
}


def check_backup_options(backup_level, cumulative):
    """Return an error message for a backup level and cumulative flag that conflict, or None."""
    if backup_level not in BACKUP_LEVELS:
        return "backup_level must be one of %s, got %r" % (", ".join(sorted(BACKUP_LEVELS)),
                                                           backup_level)
    if cumulative and backup_level != "incremental":
        return "cumulative is valid only with backup_level incremental, not %s" % backup_level
    return None


def build_association(client, instance, backupset, subclient, agent, display_name=None):
    app_name, application_id = AGENTS[agent]
    association = {
        "clientName": client,
        "instanceName": instance,
        "appName": app_name,
        "applicationId": application_id,
        "backupsetName": backupset,
        "subclientName": subclient,
    }
    if display_name:
        association["displayName"] = display_name
    return association


def build_backup_options(backup_level, cumulative):
    options = {"backupLevel": BACKUP_LEVELS[backup_level]}
    # RMAN cumulative applies to incremental backups only; a full has no such flag.
    if backup_level == "incremental":
        options["oracleOptions"] = {"cumulative": bool(cumulative)}
    return options


def build_common_options(notify_on_completion, job_description=None):
    options = {"notifyUserOnJobCompletion": bool(notify_on_completion)}
    if job_description:
        options["jobDescription"] = job_description
    return options


def build_admin_options(user_name=None, user_id=None):
    """Return adminOpts naming the user the job runs for, or None when no user is given."""
    user = {}
    if user_id is not None:
        user["userId"] = user_id
    if user_name:
        user["userName"] = user_name
    if not user:
        return None
    return {"clientInstallOption": {"installerOption": {"User": user}}}


def build_create_task_body(client, instance, backupset="default", subclient="default",
                           agent="oracle_rac", backup_level="incremental", cumulative=False,
                           notify_on_completion=False, job_description=None,
                           display_name=None, user_name=None, user_id=None):
    """Build the CreateTask body for one immediate backup of one subclient.

    Raises ValueError for an unknown agent or backup level, or cumulative with a full.
    """
    if agent not in AGENTS:
        raise ValueError("agent must be one of %s, got %r" % (", ".join(sorted(AGENTS)), agent))
    problem = check_backup_options(backup_level, cumulative)
    if problem:
        raise ValueError(problem)

    options = {
        "backupOpts": build_backup_options(backup_level, cumulative),
        "commonOpts": build_common_options(notify_on_completion, job_description),
    }
    admin_options = build_admin_options(user_name, user_id)
    if admin_options:
        options["adminOpts"] = admin_options

    association = build_association(client, instance, backupset, subclient, agent, display_name)
    # IMMEDIATE because a SCHEDULE task returns no job ids to report or wait for.
    return {
        "taskInfo": {
            "associations": [association],
            "task": {"taskType": "IMMEDIATE"},
            "subTasks": [{
                "subTask": {"subTaskType": "BACKUP", "operationType": "BACKUP"},
                "options": options,
            }],
        }
    }
