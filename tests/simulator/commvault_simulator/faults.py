"""Scripted faults per endpoint and call count, and a global rate limit."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field

# Actions decided before the request is handled.
BEFORE_ACTIONS = {"status", "rate_limit", "reset", "delay", "error_code", "expire_tokens"}
# Actions applied to the real response, or to the jobs that the request creates.
AFTER_ACTIONS = {"accept_then_drop", "truncate", "malformed", "job_outcome", "unknown_status", "stuck_waiting"}
ACTIONS = BEFORE_ACTIONS | AFTER_ACTIONS


@dataclass(eq=False)
class FaultRule:
    """One rule: the first `skip` matching calls pass, the next `count` (None: all) get `action`."""

    rule_id: int
    action: str
    path: str = ".*"
    method: str = "*"
    skip: int = 0
    count: int | None = 1
    options: dict = field(default_factory=dict)
    matched: int = 0
    applied: int = 0

    def __post_init__(self):
        self._pattern = re.compile(self.path, re.IGNORECASE)

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return self._pattern.fullmatch(path) is not None

    def as_dict(self) -> dict:
        return {
            "id": self.rule_id,
            "action": self.action,
            "path": self.path,
            "method": self.method,
            "skip": self.skip,
            "count": self.count,
            "matched": self.matched,
            "applied": self.applied,
            **self.options,
        }


def parse_rule(rule_id: int, spec: dict) -> FaultRule:
    if not isinstance(spec, dict):
        raise ValueError(f"a fault rule must be an object, got {spec!r}")
    options = dict(spec)
    action = options.pop("action", None)
    if action not in ACTIONS:
        raise ValueError(f"invalid fault action {action!r}; valid actions: {sorted(ACTIONS)}")

    path = str(options.pop("path", ".*"))
    try:
        re.compile(path)
    except re.error as error:
        raise ValueError(f"invalid fault path pattern {path!r}: {error}") from error

    count = options.pop("count", 1)
    if count is not None:
        count = int(count)
    return FaultRule(
        rule_id=rule_id,
        action=action,
        path=path,
        method=str(options.pop("method", "*")),
        skip=int(options.pop("skip", 0)),
        count=count,
        options=options,
    )


class FaultBook:
    """The active rules. Every matching rule counts a call; the first eligible one fires."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self.rate_limiter: RateLimiter | None = None

    def add(self, specs: list[dict]) -> list[FaultRule]:
        with self._lock:
            rules = [parse_rule(next(self._ids), spec) for spec in specs]
            self._rules.extend(rules)
        return rules

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.rate_limiter = None

    def rules(self) -> list[dict]:
        with self._lock:
            return [rule.as_dict() for rule in self._rules]

    def pick(self, method: str, path: str) -> FaultRule | None:
        chosen = None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                rule.matched += 1
                if chosen is not None or rule.matched <= rule.skip:
                    continue
                if rule.count is not None and rule.applied >= rule.count:
                    continue
                rule.applied += 1
                chosen = rule
        return chosen


class RateLimiter:
    """Reject requests beyond `per_second` in any one-second window or beyond `concurrent` in flight."""

    def __init__(self, per_second: float | None = None, concurrent: int | None = None, retry_after: int = 1):
        self.per_second = per_second
        self.concurrent = concurrent
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._in_flight = 0
        self.rejected = 0

    def enter(self) -> bool:
        """Admit a request and return True, or count a rejection and return False."""
        now = time.monotonic()
        with self._lock:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            over_rate = self.per_second is not None and len(self._recent) >= self.per_second
            over_concurrency = self.concurrent is not None and self._in_flight >= self.concurrent
            if over_rate or over_concurrency:
                self.rejected += 1
                return False
            self._recent.append(now)
            self._in_flight += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def as_dict(self) -> dict:
        return {
            "per_second": self.per_second,
            "concurrent": self.concurrent,
            "retry_after": self.retry_after,
            "rejected": self.rejected,
        }
