# -*- coding: utf-8 -*-
"""Batch helpers: the worker pool, the connection pool size and the batch result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    DatabaseBackup,
    start_backup,
)
from ansible_collections.backupops.commvault.plugins.module_utils._batch import (
    batch_result,
    run_in_pool,
    size_connection_pool,
)
from fake_backup_api import FakeApi, FakeClock, backup_request, start_settings


class ConcurrencyProbe:
    """Work function that records how many calls run at the same time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = 0
        self.max_running = 0

    def __call__(self, item):
        with self.lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        # Long enough for the other workers to start while this one runs.
        time.sleep(0.02)
        with self.lock:
            self.running -= 1
        return item * 10


def backup_with(outcome, failed=False, changed=False, job_id=None, instance="DB1"):
    backup = DatabaseBackup(backup_request(instance=instance))
    backup.result.update(outcome=outcome, failed=failed, changed=changed, job_id=job_id,
                         job_ids=[job_id] if job_id else [])
    if failed:
        backup.fail("CreateTask failed")
    return backup


def test_pool_respects_cap():
    probe = ConcurrencyProbe()

    run_in_pool(probe, list(range(12)), max_workers=3)

    assert probe.max_running == 3


def test_pool_keeps_item_order():
    results = run_in_pool(ConcurrencyProbe(), [3, 1, 2], max_workers=3)

    assert results == [30, 10, 20]


def test_pool_of_one_runs_in_order():
    probe = ConcurrencyProbe()

    results = run_in_pool(probe, [1, 2], max_workers=1)

    assert results == [10, 20]
    assert probe.max_running == 1


def test_connection_pool_grows_to_cap():
    session = requests.Session()

    size_connection_pool(session, 25)

    assert session.adapters["https://"]._pool_maxsize == 25
    assert session.adapters["http://"]._pool_maxsize == 25


def test_connection_pool_never_shrinks():
    session = requests.Session()
    adapter = session.adapters["https://"]

    size_connection_pool(session, 2)

    assert session.adapters["https://"] is adapter


def test_connection_pool_leaves_other_adapters():
    session = requests.Session()
    fake = BaseAdapter()
    session.mount("https://", fake)

    size_connection_pool(session, 25)

    assert session.adapters["https://"] is fake
    assert isinstance(session.adapters["http://"], HTTPAdapter)


def test_batch_result_lists_every_database():
    backups = [backup_with("started", changed=True, job_id="63001", instance="DB1"),
               backup_with("already_running", job_id="62000", instance="DB2"),
               backup_with(None, failed=True, instance="DB3")]

    result = batch_result(backups)

    assert result["failed"] is True
    assert result["changed"] is True
    assert [entry["instance"] for entry in result["backups"]] == ["DB1", "DB2", "DB3"]
    assert result["started_job_ids"] == ["63001"]
    assert "1 already running, 1 failed, 1 started" in result["msg"]
    assert "Backup of prod-rac01/DB3/default: CreateTask failed" in result["msg"]


def test_batch_result_without_failure():
    backups = [backup_with("recently_completed", job_id="61000", instance="DB1")]

    result = batch_result(backups)

    assert result["failed"] is False
    assert result["changed"] is False
    assert result["started_job_ids"] == []
    assert result["msg"] == "Backup of 1 database: 1 recently completed"


def test_check_mode_batch_starts_no_jobs():
    backups = [backup_with("would_start", changed=True, instance="DB1")]

    result = batch_result(backups)

    assert result["changed"] is True
    assert result["started_job_ids"] == []


def test_parallel_starts_share_one_client():
    api = FakeApi()
    api.create_task_replies = [{"taskId": 1, "jobIds": [str(63001 + n)]} for n in range(6)]
    clocks = FakeClock().clocks()
    names = ["DB%d" % n for n in range(6)]

    def start_one(name):
        return start_backup(api, backup_request(instance=name), start_settings(), clocks)

    backups = run_in_pool(start_one, names, max_workers=3)

    assert [backup.result["instance"] for backup in backups] == names
    assert all(backup.result["outcome"] == "started" for backup in backups)
    assert len(set(backup.result["job_id"] for backup in backups)) == 6
    assert len(api.paths("POST", "/CreateTask")) == 6
