"""Case-insensitive routing of API paths, as IIS matches them, and the request context."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import Response

from .state import SimulatorState

BAD_BODY_MESSAGE = "Request body is empty or format is invalid"


class BadBody(Exception):
    """The request needs a JSON object body and did not get one."""


@dataclass
class ApiRequest:
    state: SimulatorState
    method: str
    path: str
    query: dict[str, str]
    raw_body: bytes
    environ: dict
    username: str | None = None
    fault_options: dict = field(default_factory=dict)

    def arg(self, name: str, default=None):
        """Return a query parameter; names are compared without case."""
        return self.query.get(name.casefold(), default)

    def json_object(self) -> dict:
        try:
            body = json.loads(self.raw_body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise BadBody() from error
        if not isinstance(body, dict) or not body:
            raise BadBody()
        return body


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json", headers=headers)


def text_response(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def error_code_response(code: int, message: str, status: int = 200) -> Response:
    return json_response({"errorCode": code, "errorMessage": message}, status)


def bad_body_response() -> Response:
    return text_response(BAD_BODY_MESSAGE, 400)


class Router:
    """Routes such as `Job/{id}/action/kill`; literal segments match without case."""

    def __init__(self):
        self._routes: list[tuple[str, tuple[str, ...], object]] = []

    def add(self, method: str, pattern: str, handler) -> None:
        segments = tuple(s if s.startswith("{") else s.casefold() for s in pattern.split("/"))
        self._routes.append((method.upper(), segments, handler))

    def resolve(self, method: str, path: str):
        """Return (handler, params), (None, None) for an unknown path, or (None, {}) for a wrong method."""
        segments = path.strip("/").split("/")
        path_known = False
        for route_method, pattern, handler in self._routes:
            params = match_segments(pattern, segments)
            if params is None:
                continue
            path_known = True
            if route_method == method.upper():
                return handler, params
        return None, ({} if path_known else None)


def match_segments(pattern: tuple[str, ...], segments: list[str]) -> dict | None:
    if len(pattern) != len(segments):
        return None
    params = {}
    for expected, actual in zip(pattern, segments):
        if expected.startswith("{"):
            params[expected[1:-1]] = actual
        elif expected != actual.casefold():
            return None
    return params
