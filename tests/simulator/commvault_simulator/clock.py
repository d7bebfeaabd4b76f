"""Simulated clock: epoch seconds that run `time_scale` times faster than real time."""

from __future__ import annotations

import threading
import time


class SimulatedClock:
    """Epoch seconds in simulated time.

    Simulated time starts at the real time of creation, runs at `time_scale`
    simulated seconds per real second (0 stops it), and jumps forward on `advance`.
    """

    def __init__(self, time_scale: float = 1.0):
        if time_scale < 0:
            raise ValueError(f"time scale must be 0 or more, got {time_scale}")
        self.time_scale = time_scale
        self._lock = threading.Lock()
        self._real_start = time.monotonic()
        self._simulated_start = time.time()
        self._offset = 0.0

    def now(self) -> float:
        elapsed = time.monotonic() - self._real_start
        return self._simulated_start + elapsed * self.time_scale + self._offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError(f"the clock only moves forward; got advance={seconds}")
        with self._lock:
            self._offset += seconds
        return self.now()
