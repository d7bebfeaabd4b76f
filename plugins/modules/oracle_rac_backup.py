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
    task id and the job ids. With O(databases) it starts the backups of many databases in
    one task.
  - Before it starts anything, the module looks up the client, database, backup set and
    subclient with read-only calls, so a wrong name fails with a message that names it,
    also in check mode.
  - A backup is never started twice. When a backup job of the same client, database,
    backup set and subclient is active, the module starts nothing and returns that job,
    unless O(force=true). Jobs are matched by application id and by the names exactly as
    Commvault stores them.
  - With O(skip_if_completed_within), a backup that completed recently also means that
    nothing is started. A full backup satisfies a request for an incremental one; an
    incremental backup does not satisfy a request for a full one.
  - With O(wait=true) the module waits for the job and fails when the job fails, with the
    job id, its status and Commvault's reason. A job that was already running is waited
    for too.
  - In check mode the module does the lookups, including the search for an active or
    recent job, and reports whether a backup would start, without sending CreateTask.
  - If the CommServe may have received CreateTask but its response does not say whether a
    job started (read timeout, dropped connection, a body that is not JSON, or HTTP 5xx
    without a Commvault C(errorCode), as a proxy sends), the module does not send it again.
    HTTP 429 is the exception, because the CommServe rejected the request, so it is sent
    again after C(Retry-After). Otherwise the module looks for a job of the
    subclient that started after the request, for up to 30 seconds, and adopts it. If it
    finds none, it fails and asks you to check the CommServe's job list, so a backup is
    never started twice.
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
      - Required unless O(databases) is given, and mutually exclusive with it.
    type: str
  instance:
    description:
      - Name of the database, as Commvault names the instance.
      - Required with O(client), and mutually exclusive with O(databases).
    type: str
  backupset:
    description:
      - Name of the backup set.
      - In batch mode, the backup set of the O(databases) items that do not set one.
    type: str
    default: default
  subclient:
    description:
      - Name of the subclient to back up.
      - In batch mode, the subclient of the O(databases) items that do not set one.
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
      - Id of the Commvault user the job is started for, a positive number.
    type: int
  force:
    description:
      - Whether to start a backup even when a backup job of the same subclient is active.
      - When V(false), an active job means that nothing is started and the module returns
        that job with RV(outcome=already_running) and RV(changed=false). The exception is
        an active incremental when O(backup_level=full). An incremental does not stand in for
        a full, so the full is started (Commvault queues it) and the module warns.
      - Jobs whose status the module does not know count as active.
    type: bool
    default: false
  skip_if_completed_within:
    description:
      - Seconds. When a backup of the same subclient ended with status C(Completed) within
        this many seconds, nothing is started and the module returns that job with
        RV(outcome=recently_completed).
      - A full backup satisfies a request for an incremental backup, but an incremental
        backup does not satisfy a request for a full one.
      - The job end time comes from the CommServe's clock and is compared with the
        controller's clock.
      - At most 31622400 (366 days).
      - V(0) turns the check off.
    type: int
    default: 0
  kill_on_timeout:
    description:
      - Whether to ask Commvault to kill the job when O(wait_timeout) runs out.
      - When V(false), the job is left running. Either way the task fails.
      - Used only when O(wait=true).
    type: bool
    default: false
  accept_completed_with_errors:
    description:
      - Whether a job that ends with status C(Completed w/ one or more errors) counts as
        a success, with a warning.
      - When V(false), such a job fails the task. A job that ends with warnings always
        succeeds, with a warning.
      - Used only when O(wait=true).
    type: bool
    default: false
  databases:
    description:
      - Batch mode. Starts one backup per item, through the same checks as one database,
        with one login and one HTTP session for the whole list.
      - Mutually exclusive with O(client) and O(instance).
      - Each item may set the options below. An item that leaves one out uses the
        module-level option of the same name.
      - A database that fails does not stop the others. The task fails at the end when any
        database failed, and still returns RV(backups) for all of them.
      - List each subclient once. Items that name the same client, instance, backup set
        and subclient (compared without regard to case) are rejected before any request.
    type: list
    elements: dict
    suboptions:
      client:
        description: Name of the Commvault client, as O(client).
        type: str
        required: true
      instance:
        description: Name of the database, as O(instance).
        type: str
        required: true
      agent:
        description: Commvault agent, as O(agent).
        type: str
        choices: [oracle_rac, oracle]
      backupset:
        description: Name of the backup set, as O(backupset).
        type: str
      subclient:
        description: Name of the subclient, as O(subclient).
        type: str
      backup_level:
        description: Backup level, as O(backup_level).
        type: str
        choices: [full, incremental]
      cumulative:
        description: Whether an incremental backup is cumulative, as O(cumulative).
        type: bool
      job_description:
        description: Description of the job, as O(job_description).
        type: str
  max_concurrent_requests:
    description:
      - In batch mode, the maximum number of databases handled at the same time, and so
        the maximum number of requests, CreateTask included, in flight to the CommServe.
      - Must be 1 or more.
    type: int
    default: 5
extends_documentation_fragment:
  - backupops.commvault.connection
  - backupops.commvault.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: >-
      Check mode does the read-only lookups, looks for an active or recent job, and reports
      whether a backup would start. It never sends CreateTask and never waits.
  diff_mode:
    support: none
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - backupops.commvault.commvault
notes:
  - "In batch mode the worker threads share one HTTP session. Its connection pool is sized
    to O(max_concurrent_requests), so each worker keeps its connection."
  - "The duplicate guard looks for an active job, then starts one. Two runs for the same
    database at the same moment (a play whose every RAC node runs the task, or two
    schedules that overlap to the second) can both find none and both start a backup.
    Run the task once per database, for example with C(run_once: true) and
    C(delegate_to: localhost), or use the role C(backupops.commvault.rac_fleet_backup),
    which does that."
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
    msg: "Job {{ backup.job_id }}: {{ backup.outcome }}"

- name: Start a full backup with a token from the environment (COMMVAULT_URL, COMMVAULT_AUTH_TOKEN)
  backupops.commvault.oracle_rac_backup:
    client: prod-rac01
    instance: ORCLPRD
    backup_level: full
    job_description: Full backup before the quarterly patch
  delegate_to: localhost

- name: Run a full backup and wait up to two hours for it, unless one completed today
  backupops.commvault.oracle_rac_backup:
    client: prod-rac01
    instance: ORCLPRD
    backup_level: full
    skip_if_completed_within: 86400
    wait: true
    wait_timeout: 7200
    poll_interval: 30
  delegate_to: localhost

- name: Back up the archive-log subclient of a single-instance database
  backupops.commvault.oracle_rac_backup:
    client: db-host07
    instance: HRDB
    agent: oracle
    subclient: archivelog
  delegate_to: localhost

- name: Start the backups of several databases in one task, three requests at a time
  backupops.commvault.oracle_rac_backup:
    databases:
      - client: prod-rac01
        instance: ORCLPRD
      - client: prod-rac01
        instance: HRPRD
        backup_level: full
      - client: db-host07
        instance: HRDB
        agent: oracle
    max_concurrent_requests: 3
    wait: true
  delegate_to: localhost
  register: fleet

- name: Show the jobs of the batch
  ansible.builtin.debug:
    msg: "{{ item.client }}/{{ item.instance }}: {{ item.outcome }} {{ item.job_id }}"
  loop: "{{ fleet.backups }}"

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
changed:
  description:
    - Whether a backup task was created or, in check mode, would be created.
    - V(false) when a job was already running or completed recently.
  returned: always
  type: bool
outcome:
  description:
    - What happened to the backup, in single mode.
    - V(started) a job was started, or adopted after a CreateTask response that did not say
      whether a job started.
      V(already_running) a job of the subclient was active, so nothing was started.
      V(recently_completed) a job completed within O(skip_if_completed_within) seconds.
      V(would_start) check mode, a backup would be started.
    - With O(wait=true), the end of the job instead. V(completed),
      V(completed_with_warnings) and V(completed_with_errors) (only with
      O(accept_completed_with_errors=true), else the task fails). V(failed) for jobs that
      failed, were killed, failed to start or ended with an unknown status. V(timed_out)
      when O(wait_timeout) ran out or the CommServe never listed the job.
    - V(null) when the backup could not be started.
  returned: single mode
  type: str
  sample: started
task_id:
  description: Id of the task that CreateTask created, or V(null) when the module created none.
  returned: single mode
  type: int
  sample: 478798
job_ids:
  description: Ids of the jobs the task started, or of the job the module found, as strings.
  returned: single mode
  type: list
  elements: str
  sample: ["63001"]
job_id:
  description: The first of RV(job_ids), or V(null) when there is no job.
  returned: single mode
  type: str
  sample: "63001"
job:
  description:
    - Summary of the job the module looked at (a running or recent job, or the job it
      waited for), or V(null).
    - V(percent_complete) is a number, V(size_bytes) an integer, times are ISO 8601 UTC.
  returned: single mode
  type: dict
  sample:
    job_id: "63001"
    status: Failed
    outcome: failed
    percent_complete: 40
    phase: Backup
    pending_reason: null
    start_time: "2024-05-01T10:00:00Z"
    end_time: "2024-05-01T10:09:12Z"
    backup_level: Full
    size_bytes: 1073741824
    reason: "ORA-19504: failed to create file"
duration:
  description: Seconds the module spent waiting for jobs; V(0.0) without O(wait=true).
  returned: single mode
  type: float
  sample: 312.5
client:
  description: O(client), so results of a loop name their database.
  returned: single mode
  type: str
  sample: prod-rac01
instance:
  description: O(instance).
  returned: single mode
  type: str
  sample: ORCLPRD
backupset:
  description: O(backupset).
  returned: single mode
  type: str
  sample: default
subclient:
  description: O(subclient).
  returned: single mode
  type: str
  sample: default
request:
  description: The CreateTask body that was sent or, when nothing was started, would have been sent.
  returned: single mode, when the lookups got that far
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
backups:
  description:
    - Batch mode. One entry per item of O(databases), in the same order, with the keys of
      single mode (RV(changed), RV(outcome), RV(job_id), RV(job_ids), RV(task_id), RV(job),
      RV(duration), RV(request), RV(client), RV(instance), RV(backupset), RV(subclient)),
      plus C(failed) and C(msg).
    - An entry that failed also has C(http_status), C(error_code) and C(error_message)
      when Commvault sent them.
  returned: batch mode
  type: list
  elements: dict
started_job_ids:
  description: Batch mode. Ids of the jobs that this task started or adopted.
  returned: batch mode
  type: list
  elements: str
  sample: ["63001", "63002"]
msg:
  description: What the module did. In batch mode, counts per outcome and the failed databases.
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
  description: >-
    Commvault's error text, the cause of a failed connection, or the start of a response
    that was not JSON.
  returned: on failure, when there is one
  type: str
  sample: Failed to start backups as no eligible subclients were found.
"""

from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    SYSTEM_CLOCKS,
    BackupRequest,
    StartSettings,
    start_backup,
)
from ansible_collections.backupops.commvault.plugins.module_utils._backup_wait import (
    WaitSettings,
    wait_for_backups,
)
from ansible_collections.backupops.commvault.plugins.module_utils._batch import (
    batch_result,
    run_in_pool,
    size_connection_pool,
)
from ansible_collections.backupops.commvault.plugins.module_utils._module import CommvaultModule
from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    AGENTS,
    BACKUP_LEVELS,
    check_backup_options,
)
from ansible_collections.backupops.commvault.plugins.module_utils._wait_options import (
    check_wait_options,
    wait_argument_spec,
)

# Without a lookup time Commvault lists up to a year of finished jobs, so a longer
# window finds nothing more.
MAX_SKIP_WINDOW_SECONDS = 366 * 24 * 3600

NAME_OPTIONS = ("client", "instance", "backupset", "subclient")

# Options that an item of databases may set for itself; None in an item means the
# module-level value of the same name.
DATABASE_OPTIONS = NAME_OPTIONS + ("agent", "backup_level", "cumulative", "job_description")


def database_suboptions():
    return dict(
        client=dict(type="str", required=True),
        instance=dict(type="str", required=True),
        backupset=dict(type="str"),
        subclient=dict(type="str"),
        agent=dict(type="str", choices=sorted(AGENTS)),
        backup_level=dict(type="str", choices=sorted(BACKUP_LEVELS)),
        cumulative=dict(type="bool"),
        job_description=dict(type="str"),
    )


def argument_spec():
    spec = dict(
        client=dict(type="str"),
        instance=dict(type="str"),
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
        force=dict(type="bool", default=False),
        skip_if_completed_within=dict(type="int", default=0),
        kill_on_timeout=dict(type="bool", default=False),
        accept_completed_with_errors=dict(type="bool", default=False),
        databases=dict(type="list", elements="dict", options=database_suboptions()),
        max_concurrent_requests=dict(type="int", default=5),
    )
    spec.update(wait_argument_spec())
    return spec


def check_request(request):
    """Return an error message for names that are blank or options that conflict, or None."""
    for name in NAME_OPTIONS:
        if not getattr(request, name).strip():
            return "%s must not be empty or only whitespace" % name
    return check_backup_options(request.backup_level, request.cumulative)


def single_request(params):
    return BackupRequest(*(params[name] for name in DATABASE_OPTIONS))


def batch_request(params, item):
    values = []
    for name in DATABASE_OPTIONS:
        value = item.get(name)
        values.append(params[name] if value is None else value)
    return BackupRequest(*values)


def database_key(request):
    # Commvault compares entity names without regard to case.
    return tuple(getattr(request, name).strip().lower() for name in NAME_OPTIONS)


def build_batch_requests(params):
    """Return one BackupRequest per item of databases, or raise ValueError naming the item."""
    if not params["databases"]:
        raise ValueError("databases must contain at least one database")

    backup_requests = []
    seen = {}
    for index, item in enumerate(params["databases"]):
        request = batch_request(params, item)
        name = "databases[%d] (%s/%s)" % (index, request.client, request.instance)
        problem = check_request(request)
        if problem:
            raise ValueError("%s: %s" % (name, problem))

        # Two workers with the same subclient could both pass the running-job check.
        key = database_key(request)
        if key in seen:
            raise ValueError("%s: the same client, instance, backup set and subclient as "
                             "databases[%d]; list each subclient once" % (name, seen[key]))
        seen[key] = index
        backup_requests.append(request)
    return backup_requests


def check_module_options(params):
    """Return an error message for invalid values of the options that are not per database."""
    if not 0 <= params["skip_if_completed_within"] <= MAX_SKIP_WINDOW_SECONDS:
        return ("skip_if_completed_within must be between 0 (off) and %d seconds (366 days), "
                "got %s" % (MAX_SKIP_WINDOW_SECONDS, params["skip_if_completed_within"]))
    if params["max_concurrent_requests"] < 1:
        return "max_concurrent_requests must be 1 or more"
    if params["user_id"] is not None and params["user_id"] < 1:
        return ("user_id must be a positive Commvault user id, got %d; leave it out to "
                "send no user" % params["user_id"])
    return check_wait_options(params)


def read_settings(module):
    params = module.params
    start = StartSettings(
        force=params["force"],
        skip_if_completed_within=params["skip_if_completed_within"],
        check_mode=module.check_mode,
        notify_on_completion=params["notify_on_completion"],
        display_name=params["display_name"],
        user_name=params["user_name"],
        user_id=params["user_id"],
    )
    wait = WaitSettings(
        timeout=params["wait_timeout"],
        poll_interval=params["poll_interval"],
        kill_on_timeout=params["kill_on_timeout"],
        accept_completed_with_errors=params["accept_completed_with_errors"],
    )
    return start, wait


def start_and_wait(module, client, backup_requests, clocks):
    """Start the backups, wait for their jobs when asked, and emit their warnings."""
    start_settings, wait_settings = read_settings(module)
    size_connection_pool(client.session, module.params["max_concurrent_requests"])

    def start_one(request):
        return start_backup(client, request, start_settings, clocks)

    backups = run_in_pool(start_one, backup_requests, module.params["max_concurrent_requests"])

    # Check mode never waits: it started nothing, and a running job can take hours.
    if module.params["wait"] and not module.check_mode:
        wait_for_backups(client, backups, wait_settings, clocks)

    for backup in backups:
        for warning in backup.warnings:
            module.warn(warning)
    return backups


def single_result(backup):
    result = dict(backup.result)
    if not result.pop("failed"):
        return result
    result["failed"] = True
    return result


def main(clocks=None):
    """Run the module; tests pass fake clocks so that waits take no time."""
    clocks = clocks or SYSTEM_CLOCKS
    module = CommvaultModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[("databases", "client"), ("databases", "instance")],
        required_together=[("client", "instance")],
        required_one_of=[("client", "databases")],
        supports_check_mode=True,
    )
    params = module.params

    problem = check_module_options(params)
    if problem:
        module.fail_json(msg=problem)

    if params["databases"] is not None:
        run_batch(module, clocks)
    else:
        run_single(module, clocks)


def run_batch(module, clocks):
    try:
        backup_requests = build_batch_requests(module.params)
    except ValueError as err:
        module.fail_json(msg=str(err))

    subject = "Backup of %d databases" % len(backup_requests)
    module.run(lambda client: batch_result(start_and_wait(module, client, backup_requests, clocks)),
               subject)


def run_single(module, clocks):
    request = single_request(module.params)
    subject = "Backup of %s/%s/%s" % (request.client, request.instance, request.subclient)
    problem = check_request(request)
    if problem:
        module.fail_json(msg="%s: %s" % (subject, problem))

    module.run(lambda client: single_result(start_and_wait(module, client, [request], clocks)[0]),
               subject)


if __name__ == "__main__":
    main()
