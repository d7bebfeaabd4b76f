"""The floor: the fleet backup as a plain Python script on one requests.Session.

It logs in, sends one CreateTask per database from a thread pool of --concurrency
workers, polls all jobs with one unpaged GET /Job listing per poll until every job has
finished, and logs out. It does no lookups and no duplicate checks, so it shows what the
HTTP calls alone cost.

    COMMVAULT_USERNAME=... COMMVAULT_PASSWORD=... python floor.py URL DATABASES.json

DATABASES.json is a list of {"client": ..., "instance": ...} objects.
"""

import argparse
import base64
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from requests.adapters import HTTPAdapter

FINISHED_STATUSES = {
    "completed",
    "completed w/ one or more errors",
    "completed w/ one or more warnings",
    "failed",
    "failed to start",
    "killed",
}
REQUEST_TIMEOUT_SECONDS = 30


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="API base URL, ending in /commandcenter/api")
    parser.add_argument("databases", help="JSON file with the list of databases")
    parser.add_argument("--concurrency", type=int, default=5, help="CreateTask requests in flight")
    parser.add_argument("--poll-interval", type=float, default=2.0, help="seconds between polls")
    parser.add_argument("--wait-timeout", type=float, default=600.0, help="seconds for all jobs")
    return parser.parse_args(argv)


def create_task_body(database):
    return {
        "taskInfo": {
            "associations": [{
                "clientName": database["client"],
                "instanceName": database["instance"],
                "appName": "Oracle RAC",
                "applicationId": 80,
                "backupsetName": "default",
                "subclientName": "default",
            }],
            "task": {"taskType": "IMMEDIATE"},
            "subTasks": [{
                "subTask": {"subTaskType": "BACKUP", "operationType": "BACKUP"},
                "options": {
                    "backupOpts": {"backupLevel": "INCREMENTAL",
                                   "oracleOptions": {"cumulative": False}},
                    "commonOpts": {"notifyUserOnJobCompletion": False},
                },
            }],
        }
    }


def open_session(base_url, concurrency):
    session = requests.Session()
    session.trust_env = False
    session.headers["Accept"] = "application/json"
    # One pooled connection per worker, as the collection's batch mode does.
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(10, concurrency))
    session.mount(base_url.split("/", 3)[0] + "//", adapter)

    password = base64.b64encode(os.environ["COMMVAULT_PASSWORD"].encode("utf-8")).decode("ascii")
    response = session.post(base_url + "/Login",
                            json={"username": os.environ["COMMVAULT_USERNAME"], "password": password},
                            timeout=REQUEST_TIMEOUT_SECONDS)
    response.raise_for_status()
    token = response.json().get("token")
    if not token:
        sys.exit("Login to %s failed: the response has no token" % base_url)
    session.headers["Authtoken"] = token
    return session


def start_backups(session, base_url, databases, concurrency):
    def start(database):
        response = session.post(base_url + "/CreateTask", json=create_task_body(database),
                                timeout=REQUEST_TIMEOUT_SECONDS)
        response.raise_for_status()
        return str(response.json()["jobIds"][0])

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(start, databases))


def poll_jobs(session, base_url, job_ids, poll_interval, wait_timeout):
    """Poll until every job has finished; return the final status of each job id."""
    pending = set(job_ids)
    statuses = {}
    deadline = time.monotonic() + wait_timeout
    # NOTE: the limit covers the jobs this script started only because nothing else
    # runs on the simulator. On a busy CommServe the listing needs paging.
    params = {"jobFilter": "Backup", "jobCategory": "All", "completedJobLookupTime": 3600,
              "limit": len(job_ids)}
    while True:
        response = session.get(base_url + "/Job", params=params, timeout=REQUEST_TIMEOUT_SECONDS)
        response.raise_for_status()
        for row in response.json().get("jobs") or []:
            summary = row.get("jobSummary") or {}
            job_id = str(summary.get("jobId"))
            if job_id in pending and str(summary.get("status", "")).lower() in FINISHED_STATUSES:
                statuses[job_id] = summary["status"]
                pending.discard(job_id)

        if not pending or time.monotonic() >= deadline:
            return statuses, pending
        time.sleep(poll_interval)


def main(argv):
    args = parse_args(argv)
    base_url = args.url.rstrip("/")
    with open(args.databases, encoding="utf-8") as handle:
        databases = json.load(handle)

    session = open_session(base_url, args.concurrency)
    try:
        job_ids = start_backups(session, base_url, databases, args.concurrency)
        statuses, pending = poll_jobs(session, base_url, job_ids, args.poll_interval,
                                      args.wait_timeout)
    finally:
        session.post(base_url + "/Logout", timeout=REQUEST_TIMEOUT_SECONDS)

    failed = sorted(job_id for job_id, status in statuses.items()
                    if not status.lower().startswith("completed"))
    print("%d jobs: %d finished, %d still active, %d not completed"
          % (len(job_ids), len(statuses), len(pending), len(failed)))
    return 1 if pending or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
