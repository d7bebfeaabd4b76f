# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the start steps of many databases on one client session, a few at a time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

try:
    from requests.adapters import HTTPAdapter
except ImportError:
    # _module reports the missing requests library before this module is used.
    HTTPAdapter = None


def size_connection_pool(session, size):
    """Give the session's HTTP adapters at least size pooled connections per host.

    requests keeps 10 connections per host by default, and a worker beyond that opens
    and drops a connection for every request. Adapters of other types, such as the
    fakes of the unit tests, are left alone.
    """
    for prefix, adapter in list(session.adapters.items()):
        if not isinstance(adapter, HTTPAdapter) or adapter._pool_maxsize >= size:
            continue
        session.mount(prefix, HTTPAdapter(pool_connections=max(10, size), pool_maxsize=size,
                                          max_retries=adapter.max_retries))
        adapter.close()


def run_in_pool(work, items, max_workers):
    """Return [work(item) for item in items], with at most max_workers calls at a time.

    work must not raise: an exception of one item would end the batch without the
    results of the others.
    """
    if max_workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]

    with ThreadPoolExecutor(max_workers=min(max_workers, len(items))) as pool:
        return list(pool.map(work, items))


def count_outcomes(backups):
    """Return text such as '2 started, 1 failed', counting failed backups as failed."""
    counts = {}
    for backup in backups:
        label = "failed" if backup.result["failed"] else backup.result["outcome"]
        counts[label] = counts.get(label, 0) + 1
    return ", ".join("%d %s" % (count, label.replace("_", " "))
                     for label, count in sorted(counts.items()))


def batch_result(backups):
    """Return the module result of a batch: one entry per database, in request order."""
    failed = [backup for backup in backups if backup.result["failed"]]
    noun = "database" if len(backups) == 1 else "databases"
    msg = "Backup of %d %s: %s" % (len(backups), noun, count_outcomes(backups))
    if failed:
        msg += ". Failed: %s" % "; ".join(backup.result["msg"] for backup in failed)

    # changed is true only for a task this run created, so jobs that were already
    # running are left out; in check mode job_ids is empty.
    started_job_ids = []
    for backup in backups:
        if backup.result["changed"]:
            started_job_ids.extend(backup.result["job_ids"])

    return dict(
        changed=any(backup.result["changed"] for backup in backups),
        failed=bool(failed),
        backups=[backup.result for backup in backups],
        started_job_ids=started_job_ids,
        msg=msg,
    )
