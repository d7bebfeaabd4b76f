"""Everything one simulator instance holds, rebuilt from the fixture on reset."""

from __future__ import annotations

import threading
from pathlib import Path

from .auth import TokenStore
from .clock import SimulatedClock
from .faults import FaultBook
from .fixture import load_fixture, resolve_fixture_path
from .jobs import JobStore
from .record import Recorder


class SimulatorState:
    """Fixture data, clock, tokens, jobs, faults and the record of one simulator."""

    def __init__(self, fixture: str | Path = "test", time_scale: float = 1.0):
        self.fixture_path = resolve_fixture_path(fixture)
        self.clock = SimulatedClock(time_scale)
        self.record = Recorder()
        self.faults = FaultBook()
        self._lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        data = load_fixture(self.fixture_path)
        self.users = data.users
        self.commcell = data.commcell
        self.tokens = TokenStore(data.users, data.access_tokens, data.token_idle_minutes)
        self.jobs = JobStore()

    def reset(self) -> None:
        """Reload the fixture and clear jobs, tokens, faults and the record. The clock keeps running."""
        with self._lock:
            self._load()
            self.faults.clear()
            self.record.clear()

    def now(self) -> float:
        return self.clock.now()
