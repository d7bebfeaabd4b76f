"""The record: every API request the simulator received, in order of arrival."""

from __future__ import annotations

import itertools
import json
import threading
import time

# Body keys whose values are secrets. The record keeps the key so tests can see
# that it was sent, but never the value.
SECRET_KEYS = frozenset({"password", "sessionid", "token", "refreshtoken", "accesstoken"})
REDACTED = "<redacted>"


def redact(value):
    if isinstance(value, dict):
        return {k: (REDACTED if str(k).casefold() in SECRET_KEYS else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def parse_body(raw: bytes) -> tuple[object, str | None]:
    """Return (parsed JSON or None, raw text when the body is not JSON, else None)."""
    if not raw:
        return None, None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text), None
    except ValueError:
        return None, text


class Recorder:
    """Appends entries in O(1); an entry is filled in further when its response is known."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: list[dict] = []
        self._seq = itertools.count(1)

    def open_entry(
        self, method: str, prefix: str, path: str, query: dict, raw_body: bytes, has_authtoken: bool
    ) -> dict:
        parsed, text = parse_body(raw_body)
        entry = {
            "time": time.time(),
            "method": method,
            "prefix": prefix,
            "path": path,
            "query": query,
            "json": redact(parsed),
            "text": text,
            "has_authtoken": has_authtoken,
            "status": None,
            "fault": None,
        }
        with self._lock:
            entry["seq"] = next(self._seq)
            self._entries.append(entry)
        return entry

    def entries(self, since: int = 0) -> list[dict]:
        with self._lock:
            entries = list(self._entries)
        if since:
            entries = [entry for entry in entries if entry["seq"] > since]
        return [dict(entry) for entry in entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
