#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: oracle_rac_backup
short_description: Start a Commvault backup of an Oracle RAC or Oracle database
version_added: 0.1.0
description:
  - Starts an immediate backup of one subclient of an Oracle RAC database (or a plain
    Oracle database) through the CreateTask call of Commvault's REST API, and returns the
    task id and the job ids.
  - Before it starts anything, the module looks up the client, database, backup set and
    subclient with read-only calls, so a wrong name fails with a message that names it,
    also in check mode.
  - In check mode the module does those lookups and returns the CreateTask body it would
    send, without sending it, and reports C(changed) because a real run would start a backup.
  - If the CommServe may have received CreateTask but no response arrived (read timeout or
    dropped connection), the module does not send it again. It fails and asks you to check
    the CommServe's job list, so a backup is never started twice.
  - "How options map to the CreateTask body: O(client) sets C(associations[].clientName),
    O(instance) C(instanceName), O(backupset) C(backupsetName), O(subclient)
    C(subclientName), O(display_name) C(displayName), and O(agent) sets both C(appName) and
    C(applicationId) (C(Oracle RAC) and 80, or C(Oracle) and 22), which must agree.
    O(backup_level) sets C(backupOpts.backupLevel) to C(FULL) or C(INCREMENTAL), and
    O(cumulative) sets C(backupOpts.oracleOptions.cumulative), sent with incremental
    backups only. O(notify_on_completion) sets C(commonOpts.notifyUserOnJobCompletion) and
    O(job_description) C(commonOpts.jobDescription). O(user_name) and O(user_id) set
    C(adminOpts.clientInstallOption.installerOption.User), sent only when one of them is given."
  - "Fixed fields: C(task.taskType) is always C(IMMEDIATE), because a C(SCHEDULE) task returns
    no job ids to report or wait for. C(subTask.subTaskType) and C(subTask.operationType) are
    always C(BACKUP). Enumerations are sent as names, not numbers."
  - "Left out: schedules (use your scheduler or a Commvault schedule policy), job priority,
    start in suspended state and job retry options. Archive-log backup and deletion are not
    options of this call but properties of the subclient. For an archive-log backup, back
    up a subclient configured for archive logs."
author:
  - backupops.commvault maintainers (@backupops)
options:
  client:
    description:
      - Name of the Commvault client that holds the database. For a RAC database this is
        the RAC pseudo-client that stands for the cluster, not a node, SCAN or VIP host name.
    type: str
    required: true
  instance:
    description:
      - Name of the database, as Commvault names the instance.
    type: str
    required: true
  backupset:
    description:
      - Name of the backup set.
    type: str
    default: default
  subclient:
    description:
      - Name of the subclient to back up.
    type: str
    default: default
  agent:
    description:
      - Commvault agent of the database. V(oracle_rac) is the Oracle RAC agent
        (application id 80), V(oracle) the Oracle agent for single-instance databases (22).
    type: str
    choices: [oracle_rac, oracle]
    default: oracle_rac
  backup_level:
    description:
      - Backup level. V(full) backs up the whole database. V(incremental) backs up the
        blocks changed since the last backup, or since the last full backup when
        O(cumulative=true).
    type: str
    choices: [full, incremental]
    default: incremental
  cumulative:
    description:
      - Whether an incremental backup is cumulative, so it holds all changes since the
        last full backup.
      - Valid only with O(backup_level=incremental).
    type: bool
    default: false
  notify_on_completion:
    description:
      - Whether Commvault notifies the user when the job completes.
    type: bool
    default: false
  job_description:
    description:
      - Description of the job, shown in the CommServe's job list.
    type: str
  display_name:
    description:
      - Display name of the association in the request. Commvault does not need it to
        find the subclient.
    type: str
  user_name:
    description:
      - Name of the Commvault user the job is started for.
    type: str
  user_id:
    description:
      - Id of the Commvault user the job is started for.
    type: int
extends_documentation_fragment:
  - backupops.commvault.connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: Check mode does the read-only lookups and returns the request it would send.
  diff_mode:
    support: none
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - backupops.commvault.commvault
"""

EXAMPLES = r"""
- name: Start an incremental backup of a RAC database
  backupops.commvault.oracle_rac_backup:
    url: https://cs.example.com/commandcenter/api
    username: backup-admin
    password: "{{ commvault_password }}"
    client: prod-rac01
    instance: ORCLPRD
  delegate_to: localhost
  register: backup

- name: Show the job id
  ansible.builtin.debug:
    msg: "Job {{ backup.job_id }} started"

- name: Start a full backup with a token from the environment (COMMVAULT_URL, COMMVAULT_AUTH_TOKEN)
  backupops.commvault.oracle_rac_backup:
    client: prod-rac01
    instance: ORCLPRD
    backup_level: full
    job_description: Full backup before the quarterly patch
  delegate_to: localhost

- name: Back up the archive-log subclient of a single-instance database
  backupops.commvault.oracle_rac_backup:
    client: db-host07
    instance: HRDB
    agent: oracle
    subclient: archivelog
  delegate_to: localhost

- name: Set the connection once for several tasks
  module_defaults:
    group/backupops.commvault.commvault:
      url: https://cs.example.com/commandcenter/api
      auth_token: "{{ commvault_token }}"
  block:
    - name: Start a cumulative incremental backup
      backupops.commvault.oracle_rac_backup:
        client: prod-rac01
        instance: ORCLPRD
        cumulative: true
      delegate_to: localhost
"""

RETURN = r"""
task_id:
  description: Id of the task that CreateTask created.
  returned: success, not in check mode
  type: int
  sample: 478798
job_ids:
  description: Ids of the jobs the task started, as strings as Commvault sends them.
  returned: success, not in check mode
  type: list
  elements: str
  sample: ["63001"]
job_id:
  description: The first of RV(job_ids).
  returned: success, not in check mode
  type: str
  sample: "63001"
request:
  description: The CreateTask body that was sent or, in check mode, would be sent.
  returned: success
  type: dict
  sample:
    taskInfo:
      associations:
        - clientName: prod-rac01
          instanceName: ORCLPRD
          appName: Oracle RAC
          applicationId: 80
          backupsetName: default
          subclientName: default
      task:
        taskType: IMMEDIATE
      subTasks:
        - subTask:
            subTaskType: BACKUP
            operationType: BACKUP
          options:
            backupOpts:
              backupLevel: INCREMENTAL
              oracleOptions:
                cumulative: false
            commonOpts:
              notifyUserOnJobCompletion: false
msg:
  description: What the module did.
  returned: always
  type: str
  sample: Started backup job 63001 of prod-rac01/ORCLPRD/default
http_status:
  description: HTTP status of the failed Commvault API call.
  returned: on failure, when the CommServe sent a response
  type: int
  sample: 500
error_code:
  description: Commvault's C(errorCode) of the failed call.
  returned: on failure, when Commvault sent one
  type: int
  sample: 587207178
error_message:
  description: Commvault's error text, or the start of a response that was not JSON.
  returned: on failure, when there is one
  type: str
  sample: Failed to start backups as no eligible subclients were found.
"""

from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from ansible_collections.backupops.commvault.plugins.module_utils._entities import resolve_entities
from ansible_collections.backupops.commvault.plugins.module_utils._module import (
    CommvaultModule,
    ModuleFailure,
)
from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    AGENTS,
    BACKUP_LEVELS,
    build_create_task_body,
    check_backup_options,
)

NAME_OPTIONS = ("client", "instance", "backupset", "subclient")


def argument_spec():
    return dict(
        client=dict(type="str", required=True),
        instance=dict(type="str", required=True),
        backupset=dict(type="str", default="default"),
        subclient=dict(type="str", default="default"),
        agent=dict(type="str", choices=sorted(AGENTS), default="oracle_rac"),
        backup_level=dict(type="str", choices=sorted(BACKUP_LEVELS), default="incremental"),
        cumulative=dict(type="bool", default=False),
        notify_on_completion=dict(type="bool", default=False),
        job_description=dict(type="str"),
        display_name=dict(type="str"),
        user_name=dict(type="str"),
        user_id=dict(type="int"),
    )


def check_options(params):
    """Return an error message for option values that conflict or are blank, or None."""
    for name in NAME_OPTIONS:
        if not params[name].strip():
            return "%s must not be empty or only whitespace" % name
    return check_backup_options(params["backup_level"], params["cumulative"])


def build_body(params):
    return build_create_task_body(
        client=params["client"],
        instance=params["instance"],
        backupset=params["backupset"],
        subclient=params["subclient"],
        agent=params["agent"],
        backup_level=params["backup_level"],
        cumulative=params["cumulative"],
        notify_on_completion=params["notify_on_completion"],
        job_description=params["job_description"],
        display_name=params["display_name"],
        user_name=params["user_name"],
        user_id=params["user_id"],
    )


def send_create_task(client, body):
    """Post CreateTask once, and fail without re-sending when its outcome is unknown."""
    try:
        return client.post("/CreateTask", body, retry=False)
    except CommvaultError as err:
        if not err.outcome_unknown:
            raise
        # NOTE: a later version will look for the job this request may have started and
        # adopt it instead of failing.
        raise ModuleFailure(
            "the backup may or may not have started, because CreateTask was sent but no "
            "response was read: %s. Check the CommServe's job list for this database "
            "before you run the task again." % err.message,
            changed=False, request=body)


def read_job_ids(response, body):
    """Return the task id and job ids of a CreateTask response, failing when no job started."""
    task_id = response.get("taskId")
    job_ids = [str(job_id) for job_id in response.get("jobIds") or []]
    if not job_ids:
        raise ModuleFailure(
            "CreateTask returned task %s without job ids, so no backup job was started"
            % task_id, changed=task_id is not None, task_id=task_id, request=body)
    return int(task_id) if task_id is not None else None, job_ids


def start_backup(module, client, subject):
    params = module.params
    resolve_entities(client, params["client"], params["instance"], params["backupset"],
                     params["subclient"], params["agent"])

    body = build_body(params)
    if module.check_mode:
        return dict(changed=True, request=body,
                    msg="Check mode: would start a backup of %s" % subject)

    response = send_create_task(client, body)
    task_id, job_ids = read_job_ids(response, body)

    return dict(changed=True, task_id=task_id, job_ids=job_ids, job_id=job_ids[0],
                request=body, msg="Started backup job %s of %s" % (", ".join(job_ids), subject))


def main():
    module = CommvaultModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params

    database = "%s/%s/%s" % (params["client"], params["instance"], params["subclient"])
    subject = "Backup of %s" % database

    problem = check_options(params)
    if problem:
        module.fail_json(msg="%s: %s" % (subject, problem))

    module.run(lambda client: start_backup(module, client, database), subject)


if __name__ == "__main__":
    main()
