"""Planned outcome of a simulated backup job: final status, reason and timing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

ACTIVE_STATUSES = frozenset(
    s.casefold()
    for s in (
        "Running",
        "Waiting",
        "Pending",
        "Queued",
        "Suspended",
        "Suspend Pending",
        "Kill Pending",
    )
)

# Keys a fixture or the control API may set, mapped to their types.
OUTCOME_KEYS = {
    "status": str,
    "reason": str,
    "waiting_seconds": float,
    "running_seconds": float,
    "invisible_seconds": float,
    "size_bytes": int,
    "pending_reason": str,
    "waiting_status": str,
    "stuck_waiting": bool,
}


def is_active_status(status: str) -> bool:
    return status.casefold() in ACTIVE_STATUSES


@dataclass(frozen=True)
class Outcome:
    """What a job does once started. Durations are simulated seconds."""

    status: str = "Completed"
    reason: str = ""
    waiting_seconds: float = 3.0
    running_seconds: float = 5.0
    invisible_seconds: float = 0.0
    size_bytes: int = 1073741824
    pending_reason: str = ""
    waiting_status: str = "Waiting"
    stuck_waiting: bool = False

    def merged(self, overrides: dict | None) -> Outcome:
        """Return a copy with the keys of `overrides` applied, after validating them."""
        if not overrides:
            return self
        return dataclasses.replace(self, **validate_outcome(overrides))


def validate_outcome(overrides: dict) -> dict:
    """Check the keys and value types of an outcome mapping and return it converted.

    Raises ValueError naming the first invalid key or value.
    """
    if not isinstance(overrides, dict):
        raise ValueError(f"outcome must be a mapping, got {type(overrides).__name__}")

    converted = {}
    for key, value in overrides.items():
        expected_type = OUTCOME_KEYS.get(key)
        if expected_type is None:
            raise ValueError(f"unknown outcome key {key!r}; valid keys: {sorted(OUTCOME_KEYS)}")
        if expected_type is bool and not isinstance(value, bool):
            raise ValueError(f"outcome key {key!r} must be true or false")
        if expected_type in (int, float) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"outcome key {key!r} must be a number, got {value!r}")
        if expected_type is str and not isinstance(value, str):
            raise ValueError(f"outcome key {key!r} must be a string, got {value!r}")
        converted[key] = expected_type(value)
    return converted
