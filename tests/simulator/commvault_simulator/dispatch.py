"""Handle one API request: record it, apply faults and rate limits, authenticate, route."""

from __future__ import annotations

import json
import logging
import time

from flask import Response

from . import (
    api_agents,
    api_auth,
    api_backupsets,
    api_client_lists,
    api_entities,
    api_instance_properties,
    api_jobs,
    api_schedules,
    api_service,
    api_subclients,
    api_tasks,
)
from .connection import ENVIRON_DROP_KEY
from .faults import FaultRule
from .record import REDACTED
from .routing import ApiRequest, Router, json_response, text_response
from .state import SimulatorState

LOG = logging.getLogger("commvault_simulator")
API_MODULES = (
    api_agents,
    api_auth,
    api_backupsets,
    api_client_lists,
    api_entities,
    api_instance_properties,
    api_jobs,
    api_schedules,
    api_service,
    api_subclients,
    api_tasks,
)
# The empty key is the service root, which clients probe before they log in.
UNAUTHENTICATED = {"login", ""}
SECRET_BODY_PATHS = {"login", "renewlogintoken"}
DEFAULT_MALFORMED_BODY = '{"taskId": 478798, "jobIds": ["63001"'


def build_router() -> Router:
    router = Router()
    for module in API_MODULES:
        module.register(router)
    return router


def access_denied() -> Response:
    return json_response({"errorCode": 5, "errorMessage": "Access denied"}, 401)


def too_many_requests(retry_after) -> Response:
    body = {"errorCode": 429, "errorMessage": "Too many requests"}
    return json_response(body, 429, headers={"Retry-After": str(retry_after)})


def fault_response(rule: FaultRule, request: ApiRequest) -> Response | None:
    """Apply a fault that acts before the handler; return its response, or None to run the handler."""
    options = rule.options
    if rule.action == "status":
        status = int(options.get("status", 500))
        if "json" in options:
            return json_response(options["json"], status, headers=options.get("headers"))
        if "html" in options:
            return Response(options["html"], status=status, mimetype="text/html", headers=options.get("headers"))
        return Response(
            str(options.get("text", "")), status=status, mimetype="text/plain", headers=options.get("headers")
        )
    if rule.action == "rate_limit":
        return too_many_requests(options.get("retry_after", 1))
    if rule.action == "reset":
        request.environ[ENVIRON_DROP_KEY] = True
        return Response(b"", status=500)
    if rule.action == "error_code":
        code = int(options.get("errorCode", 587207178))
        message = str(options.get("errorMessage", "Simulated failure."))
        return json_response({"errorCode": code, "errorMessage": message})
    if rule.action == "delay":
        time.sleep(float(options.get("seconds", 1)))
    elif rule.action == "expire_tokens":
        request.state.tokens.expire_sessions()
    return None


def job_overrides(rule: FaultRule | None) -> dict:
    """Return the outcome overrides a fault gives to the jobs of this request."""
    if rule is None:
        return {}
    if rule.action == "job_outcome":
        return {"outcome": rule.options.get("outcome", {})}
    if rule.action == "unknown_status":
        return {"outcome": {"status": str(rule.options.get("status", "Unrecognized Status"))}}
    if rule.action == "stuck_waiting":
        return {"outcome": {"stuck_waiting": True}}
    return {}


def alter_response(rule: FaultRule, request: ApiRequest, response: Response) -> Response:
    """Apply a fault that alters the real response."""
    options = rule.options
    if rule.action == "accept_then_drop":
        if options.get("drop", "reset") == "delay":
            time.sleep(float(options.get("seconds", 60)))
        else:
            request.environ[ENVIRON_DROP_KEY] = True
    elif rule.action == "truncate":
        body = response.get_data()
        response.set_data(body[: len(body) // 2])
    elif rule.action == "malformed":
        response.set_data(str(options.get("body", DEFAULT_MALFORMED_BODY)).encode("utf-8"))
    return response


class Dispatcher:
    def __init__(self, state: SimulatorState):
        self.state = state
        self.router = build_router()

    def handle(self, request: ApiRequest, prefix: str, raw_path: str, query: dict, has_authtoken: bool) -> Response:
        """Handle one API request; `raw_path` and `query` are recorded as the client sent them."""
        started = time.monotonic()
        body = recorded_body(request.path, request.raw_body)
        entry = self.state.record.open_entry(request.method, prefix, raw_path, query, body, has_authtoken)

        limiter = self.state.faults.rate_limiter
        admitted = limiter.enter() if limiter is not None else True
        try:
            if not admitted:
                entry["fault"] = "global_rate_limit"
                response = too_many_requests(limiter.retry_after)
            else:
                response = self._handle_admitted(request, entry)
        finally:
            if limiter is not None and admitted:
                limiter.leave()

        dropped = bool(request.environ.get(ENVIRON_DROP_KEY))
        entry["status"] = None if dropped else response.status_code
        entry["dropped"] = dropped
        elapsed_ms = (time.monotonic() - started) * 1000
        LOG.info(
            "%s /%s/api/%s %s %.1fms",
            request.method,
            prefix,
            request.path,
            "reset" if dropped else response.status_code,
            elapsed_ms,
        )
        return response

    def _handle_admitted(self, request: ApiRequest, entry: dict) -> Response:
        rule = self.state.faults.pick(request.method, request.path.strip("/"))
        if rule is not None:
            entry["fault"] = rule.action
            response = fault_response(rule, request)
            if response is not None:
                return response

        handler, params = self.router.resolve(request.method, request.path)
        if handler is None:
            if params is None:
                return text_response(f"Not found: {request.path}", 404)
            return text_response(f"Method {request.method} is not allowed on {request.path}", 405)

        route_key = request.path.strip("/").split("/")[0].casefold()
        if route_key not in UNAUTHENTICATED:
            environ = request.environ
            request.username = self.state.tokens.authenticate(
                environ.get("HTTP_AUTHTOKEN"), environ.get("HTTP_AUTHORIZATION"), self.state.now()
            )
            if request.username is None:
                return access_denied()

        request.fault_options = job_overrides(rule)
        response = handler(request, **params)
        if rule is not None:
            response = alter_response(rule, request, response)
        return response


def recorded_body(path: str, raw_body: bytes) -> bytes:
    """Return the body to record.

    The recorder redacts secret keys of JSON bodies. A login body that is not JSON
    may still contain a password, so it is replaced as a whole.
    """
    route_key = path.strip("/").split("/")[0].casefold()
    if route_key not in SECRET_BODY_PATHS or not raw_body:
        return raw_body
    try:
        json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return REDACTED.encode()
    return raw_body
