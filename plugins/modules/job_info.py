#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: job_info
short_description: Read the status of Commvault jobs, and optionally wait for them to finish
version_added: 0.1.0
description:
  - Reads the status of one or many Commvault jobs by job id, for example the jobs that
    M(backupops.commvault.oracle_rac_backup) started, and returns one normalised summary
    per job.
  - With O(wait=true), the module waits for all the jobs in one loop until each has
    finished, has been missing for longer than O(visibility_grace), or O(wait_timeout)
    runs out. A job that is still active at the timeout is left running.
  - Each status check reads all the jobs with one paged job listing, and reads one job
    at a time with C(GET /Job/{jobId}) only for the ids the listing did not return, such
    as jobs that finished more than an hour before the check.
  - The module never changes anything and never fails because a job failed. Check
    RV(failed_job_ids) or the RV(jobs[].outcome) values to decide what to do.
  - For each job counted as failed, the module reads Commvault's reason once with
    C(POST /JobDetails).
  - A status string that this collection does not know counts as failed, never as a
    success, and the reason names that status.
author:
  - backupops.commvault maintainers (@backupops)
options:
  job_ids:
    description:
      - Ids of the jobs to read. Integers are accepted.
      - A repeated id is read and returned once.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - backupops.commvault.connection
  - backupops.commvault.wait
  - backupops.commvault.wait.visibility_grace
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: The module only reads, so check mode runs it unchanged.
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
- name: Start backups of two databases
  backupops.commvault.oracle_rac_backup:
    client: "{{ item.client }}"
    instance: "{{ item.instance }}"
  loop:
    - {client: prod-rac01, instance: ORCLPRD}
    - {client: prod-rac02, instance: HRPRD}
  delegate_to: localhost
  register: backups

- name: Wait up to two hours for both jobs
  backupops.commvault.job_info:
    url: https://cs.example.com/commandcenter/api
    username: backup-admin
    password: "{{ commvault_password }}"
    job_ids: "{{ backups.results | map(attribute='job_id') | list }}"
    wait: true
    wait_timeout: 7200
    poll_interval: 30
  delegate_to: localhost
  register: jobs

- name: Fail when a job failed or is still running
  ansible.builtin.assert:
    that:
      - jobs.failed_job_ids | length == 0
      - not jobs.timed_out
    fail_msg: "{{ jobs.msg }}"

- name: Read the status of one job, with the connection from the environment
  backupops.commvault.job_info:
    job_ids: [63001]
  delegate_to: localhost
  register: job

- name: Show its status
  ansible.builtin.debug:
    msg: "Job {{ job.jobs[0].job_id }} is {{ job.jobs[0].status }} ({{ job.jobs[0].percent_complete }} %)"
"""

RETURN = r"""
jobs:
  description:
    - One entry per requested job id, in the order of O(job_ids).
    - An id the CommServe does not list has RV(jobs[].found=false) and null in the
      other fields except RV(jobs[].job_id) and RV(jobs[].reason).
  returned: success
  type: list
  elements: dict
  contains:
    job_id:
      description: Job id, as a decimal string.
      type: str
      sample: "63001"
    found:
      description: Whether the CommServe returned the job.
      type: bool
      sample: true
    status:
      description: Commvault's status string, as the CommServe sent it.
      type: str
      sample: Completed
    outcome:
      description:
        - V(active) while the job runs, waits, is queued, pending or suspended.
        - V(completed), V(completed_with_warnings), V(completed_with_errors) or V(failed)
          once it finished. V(failed) covers C(Failed), C(Killed) and C(Failed to Start).
          C(Committed) is V(completed_with_errors), because Commvault kept only part of the data.
        - V(unknown) for a status string this collection does not know.
        - Null when the job was not found.
      type: str
      sample: completed
    reason:
      description:
        - For a job in RV(failed_job_ids), Commvault's reason from C(JobDetails), or a
          sentence that names the status when Commvault gives no reason.
        - For a job that was not found, why it is reported as missing.
        - Null otherwise.
      type: str
      sample: "ORA-19502: write error on file"
    percent_complete:
      description: Progress of the job in percent.
      type: float
      sample: 100
    phase:
      description: Name of the current phase.
      type: str
      sample: Backup
    pending_reason:
      description: Why the job is pending or waiting, as Commvault states it.
      type: str
    start_time:
      description: Start of the job, ISO 8601 in UTC.
      type: str
      sample: "2024-05-01T10:00:00Z"
    end_time:
      description: End of the job, ISO 8601 in UTC, or null while it is active.
      type: str
      sample: "2024-05-01T10:42:13Z"
    backup_level:
      description: Commvault's name of the backup level.
      type: str
      sample: Incremental
    size_bytes:
      description: Size of the backed-up application data in bytes.
      type: int
      sample: 1073741824
    client:
      description: Client name of the job's subclient.
      type: str
      sample: prod-rac01
    client_id:
      description: Client id of the job's subclient.
      type: int
      sample: 42
    instance:
      description: Instance (database) name of the job's subclient.
      type: str
      sample: ORCLPRD
    backupset:
      description: Backup set name of the job's subclient.
      type: str
      sample: default
    subclient:
      description: Subclient name.
      type: str
      sample: default
    application_id:
      description: Commvault application id, 80 for Oracle RAC and 22 for Oracle.
      type: int
      sample: 80
finished_job_ids:
  description: Ids of the jobs that finished, successfully or not, in request order.
  returned: success
  type: list
  elements: str
  sample: ["63001", "63002"]
failed_job_ids:
  description:
    - Ids of the jobs that failed, were killed, failed to start, completed with errors,
      were committed, or have a status string this collection does not know.
  returned: success
  type: list
  elements: str
  sample: ["63002"]
active_job_ids:
  description: Ids of the jobs that are still active.
  returned: success
  type: list
  elements: str
  sample: []
missing_job_ids:
  description:
    - Ids of the jobs that the CommServe did not return.
    - With O(wait=true), an id counts as missing once it was not found for
      O(visibility_grace) seconds, or when the wait timed out before it was found.
  returned: success
  type: list
  elements: str
  sample: []
timed_out:
  description:
    - Whether O(wait_timeout) ran out while a job was still active or not yet found.
    - Always false without O(wait).
  returned: success
  type: bool
  sample: false
duration:
  description: Seconds the module spent reading and waiting.
  returned: success
  type: float
  sample: 184.2
polls:
  description: How many status checks the module made, each one batched for all jobs.
  returned: success
  type: int
  sample: 13
msg:
  description: Summary of the job states.
  returned: always
  type: str
  sample: "2 jobs: 1 completed, 1 failed"
http_status:
  description: HTTP status of the failed Commvault API call.
  returned: on failure, when the CommServe sent a response
  type: int
  sample: 401
error_code:
  description: Commvault's C(errorCode) of the failed call.
  returned: on failure, when Commvault sent one
  type: int
error_message:
  description: >-
    Commvault's error text, the cause of a failed connection, or the start of a response
    that was not JSON.
  returned: on failure, when there is one
  type: str
"""

import time

from ansible_collections.backupops.commvault.plugins.module_utils._client import CommvaultError
from ansible_collections.backupops.commvault.plugins.module_utils._job_api import (
    fetch_failure_reason,
    fetch_jobs,
)
from ansible_collections.backupops.commvault.plugins.module_utils._job_status import (
    OUTCOME_ACTIVE,
    OUTCOME_COMPLETED_WITH_ERRORS,
    OUTCOME_FAILED,
    OUTCOME_UNKNOWN,
    job_id_text,
    normalise_job_summary,
)
from ansible_collections.backupops.commvault.plugins.module_utils._job_wait import wait_for_jobs
from ansible_collections.backupops.commvault.plugins.module_utils._module import CommvaultModule
from ansible_collections.backupops.commvault.plugins.module_utils._wait_options import (
    check_wait_options,
    visibility_grace_argument_spec,
    wait_argument_spec,
)

FAILED_OUTCOMES = (OUTCOME_FAILED, OUTCOME_COMPLETED_WITH_ERRORS, OUTCOME_UNKNOWN)

# Each listing also returns the jobs that finished within this many seconds before the
# wait started. Jobs that finished earlier are read once each with GET /Job/{id},
# because a longer window makes every listing page through more rows on a busy CommServe.
FINISHED_LOOKUP_SECONDS = 3600


def argument_spec():
    spec = dict(job_ids=dict(type="list", elements="str", required=True))
    spec.update(wait_argument_spec())
    spec.update(visibility_grace_argument_spec())
    return spec


def parse_job_ids(values):
    """Return the job ids as decimal strings without repeats, or raise ValueError."""
    if not values:
        raise ValueError("job_ids must contain at least one job id")

    job_ids = []
    for value in values:
        job_id = job_id_text(value)
        if job_id is None:
            raise ValueError("job_ids contains %r, which is not a positive integer job id" % (value,))

        if job_id not in job_ids:
            job_ids.append(job_id)

    return job_ids


def describe_job_ids(job_ids):
    noun = "job" if len(job_ids) == 1 else "jobs"
    return "%s %s" % (noun, ", ".join(job_ids))


class JobReader:
    """Batched job lookup for the wait loop, whose listing window grows with the wait."""

    def __init__(self, client, clock):
        self.client = client
        self.clock = clock
        self.start = clock()

    def __call__(self, job_ids):
        lookup_seconds = self.clock() - self.start + FINISHED_LOOKUP_SECONDS
        return fetch_jobs(self.client, job_ids, lookup_seconds)


def read_once(reader, job_ids):
    """Return (summaries, missing ids) from one status check."""
    summaries = reader(job_ids)
    missing = [job_id for job_id in job_ids if job_id not in summaries]
    return summaries, missing


def wait_once_for_all(reader, job_ids, params, clock, sleep):
    """Return (summaries, missing ids, timed_out, polls) from the wait loop."""
    result = wait_for_jobs(
        reader,
        job_ids,
        timeout=params["wait_timeout"],
        poll_interval=params["poll_interval"],
        visibility_grace=params["visibility_grace"],
        clock=clock,
        sleep=sleep,
    )

    summaries = dict(result.active)
    summaries.update(result.finished)
    return summaries, list(result.missing), result.timed_out, result.polls


def explain_failure(client, summary, warn):
    """Return the reason of a failed job: Commvault's text, or a sentence naming the status."""
    try:
        commvault_reason = fetch_failure_reason(client, summary["job_id"])
    except CommvaultError as err:
        warn("Could not read the failure reason of job %s: %s" % (summary["job_id"], err))
        commvault_reason = None

    if summary["outcome"] == OUTCOME_UNKNOWN:
        reason = ("Commvault reported the job status %r, which this collection does not "
                  "know, so the job is counted as failed" % (summary["status"],))
        if commvault_reason:
            reason += ". Commvault's reason: %s" % commvault_reason
        return reason

    if commvault_reason:
        return commvault_reason

    return "The job ended with status %s and Commvault gave no reason" % summary["status"]


def missing_entry(job_id, waited):
    entry = normalise_job_summary({})
    entry.update(job_id=job_id, outcome=None, found=False)
    if waited:
        entry["reason"] = "The CommServe did not list the job while the module waited"
    else:
        entry["reason"] = "The CommServe does not list the job"
    return entry


def build_entries(client, job_ids, summaries, waited, warn):
    entries = []
    for job_id in job_ids:
        summary = summaries.get(job_id)
        if summary is None:
            entries.append(missing_entry(job_id, waited))
            continue

        entry = dict(summary, found=True, reason=None)
        if summary["outcome"] in FAILED_OUTCOMES:
            entry["reason"] = explain_failure(client, summary, warn)
        entries.append(entry)

    return entries


def ids_where(entries, condition):
    return [entry["job_id"] for entry in entries if condition(entry)]


def summarise(entries, timed_out, wait_timeout):
    """Return a msg such as '3 jobs: 1 completed, 1 failed, 1 missing'."""
    counts = {}
    for entry in entries:
        label = entry["outcome"] if entry["found"] else "missing"
        counts[label] = counts.get(label, 0) + 1

    parts = ["%d %s" % (count, label.replace("_", " ")) for label, count in sorted(counts.items())]
    noun = "job" if len(entries) == 1 else "jobs"
    msg = "%d %s: %s" % (len(entries), noun, ", ".join(parts))
    if timed_out:
        msg = ("Timed out after waiting %s seconds; active jobs were left running. %s"
               % (wait_timeout, msg))
    return msg


def read_jobs(module, client, job_ids, clock, sleep):
    params = module.params
    reader = JobReader(client, clock)

    if params["wait"]:
        summaries, missing, timed_out, polls = wait_once_for_all(reader, job_ids, params,
                                                                 clock, sleep)
    else:
        summaries, missing = read_once(reader, job_ids)
        timed_out = False
        polls = 1

    entries = build_entries(client, job_ids, summaries, params["wait"], module.warn)

    return dict(
        changed=False,
        jobs=entries,
        finished_job_ids=ids_where(entries, lambda e: e["found"] and e["outcome"] != OUTCOME_ACTIVE),
        failed_job_ids=ids_where(entries, lambda e: e["found"] and e["outcome"] in FAILED_OUTCOMES),
        active_job_ids=ids_where(entries, lambda e: e["outcome"] == OUTCOME_ACTIVE),
        missing_job_ids=[job_id for job_id in job_ids if job_id in missing],
        timed_out=timed_out,
        duration=round(clock() - reader.start, 3),
        polls=polls,
        msg=summarise(entries, timed_out, params["wait_timeout"]),
    )


def main(clock=time.monotonic, sleep=time.sleep):
    """Run the module; tests pass a fake clock and sleep so that waits take no time."""
    module = CommvaultModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params

    problem = check_wait_options(params)
    if problem:
        module.fail_json(msg=problem)

    try:
        job_ids = parse_job_ids(params["job_ids"])
    except ValueError as err:
        module.fail_json(msg=str(err))

    verb = "Waiting for" if params["wait"] else "Reading"
    subject = "%s %s" % (verb, describe_job_ids(job_ids))

    module.run(lambda client: read_jobs(module, client, job_ids, clock, sleep), subject)


if __name__ == "__main__":
    main()
