"""Simulated jobs: each one's status is computed from its outcome and the clock."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

from .commcell import Subclient
from .outcomes import Outcome, is_active_status


@dataclass(frozen=True)
class JobView:
    """A job's state at one moment of simulated time."""

    status: str
    percent_complete: int
    phase: str
    pending_reason: str
    end_time: int
    size_bytes: int
    reason: str


@dataclass(eq=False)
class Job:
    job_id: int
    task_id: int
    subclient: Subclient
    backup_level: str
    created_at: float
    outcome: Outcome
    forced_status: str | None = None
    killed_at: float | None = None

    @property
    def client_id(self) -> int:
        return self.subclient.backupset.instance.client.client_id

    def is_visible(self, now: float) -> bool:
        return now - self.created_at >= self.outcome.invisible_seconds

    def view(self, now: float) -> JobView:
        if self.killed_at is not None:
            return self._finished_view("Killed", self.killed_at, "Job was killed by user.")
        if self.forced_status is not None:
            return self._forced_view()

        outcome = self.outcome
        elapsed = now - self.created_at
        if outcome.stuck_waiting or elapsed < outcome.waiting_seconds:
            return JobView(outcome.waiting_status, 0, "", outcome.pending_reason, 0, 0, "")

        running = 0.0 if outcome.status.casefold() == "failed to start" else outcome.running_seconds
        running_elapsed = elapsed - outcome.waiting_seconds
        if running_elapsed < running:
            percent = min(99, int(100 * running_elapsed / running))
            size = outcome.size_bytes * percent // 100
            return JobView("Running", percent, "Backup", "", 0, size, "")

        end_time = self.created_at + outcome.waiting_seconds + running
        return self._finished_view(outcome.status, end_time, outcome.reason)

    def _finished_view(self, status: str, end_time: float, reason: str) -> JobView:
        completed = status.casefold().startswith("completed")
        size = self.outcome.size_bytes if completed else 0
        return JobView(status, 100, "", "", int(end_time), size, reason)

    def _forced_view(self) -> JobView:
        status = self.forced_status
        if is_active_status(status):
            return JobView(status, 0, "", self.outcome.pending_reason, 0, 0, "")
        return JobView(status, 100, "", "", int(self.created_at), 0, self.outcome.reason)


class JobStore:
    """Jobs by id and by client id. Ids are handed out in increasing order."""

    def __init__(self, first_job_id: int = 63001, first_task_id: int = 478798):
        self.lock = threading.Lock()
        self.jobs: dict[int, Job] = {}
        self.jobs_by_client: dict[int, list[Job]] = {}
        self._job_ids = itertools.count(first_job_id)
        self._task_ids = itertools.count(first_task_id)

    def new_task_id(self) -> int:
        with self.lock:
            return next(self._task_ids)

    def create(self, task_id: int, subclient: Subclient, level: str, now: float, outcome: Outcome) -> Job:
        with self.lock:
            job = Job(next(self._job_ids), task_id, subclient, level, now, outcome)
            self.jobs[job.job_id] = job
            self.jobs_by_client.setdefault(job.client_id, []).append(job)
        return job

    def get(self, job_id) -> Job | None:
        try:
            return self.jobs.get(int(job_id))
        except (TypeError, ValueError):
            return None

    def snapshot(self, client_id: int | None = None) -> list[Job]:
        """Return the jobs of one client, or of all clients, newest first."""
        with self.lock:
            if client_id is None:
                jobs = list(self.jobs.values())
            else:
                jobs = list(self.jobs_by_client.get(client_id, ()))
        jobs.reverse()
        return jobs
