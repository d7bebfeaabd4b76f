"""Small HTTP client for the control API, on the standard library only."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request


def call_json(
    method: str, url: str, payload: dict | None = None, ca_file: str | None = None, timeout: float = 30
) -> dict:
    """Send a JSON request and return the decoded response body; raise urllib.error.HTTPError on an error status."""
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    context = ssl.create_default_context(cafile=ca_file) if url.startswith("https:") else None
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        return json.loads(response.read().decode("utf-8"))


def is_responding(url: str, ca_file: str | None) -> bool:
    try:
        call_json("GET", url, ca_file=ca_file, timeout=2)
    except (OSError, ValueError):
        return False
    return True
