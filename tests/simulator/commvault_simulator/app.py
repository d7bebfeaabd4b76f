"""The Flask application: API under /commandcenter/api/ and /webconsole/api/, control API."""

from __future__ import annotations

import logging
from urllib.parse import unquote

from flask import Flask, request

from .connection import drop_middleware
from .control import control
from .dispatch import Dispatcher
from .routing import ApiRequest, text_response
from .state import SimulatorState

API_PREFIXES = ("commandcenter", "webconsole")
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]


def split_api_path(raw_target: str) -> tuple[str, str] | None:
    """Split `/<prefix>/api/<rest>` into (prefix, rest as sent); names match without case."""
    path = raw_target.split("?", 1)[0]
    parts = path.lstrip("/").split("/", 2)
    if len(parts) < 2 or parts[0].casefold() not in API_PREFIXES or parts[1].casefold() != "api":
        return None
    return parts[0], parts[2] if len(parts) == 3 else ""


def create_app(state: SimulatorState):
    """Build the WSGI application of one simulator; the returned callable resets connections on demand."""
    app = Flask("commvault_simulator")
    app.config["SIMULATOR_STATE"] = state
    app.register_blueprint(control)
    dispatcher = Dispatcher(state)

    @app.route("/", defaults={"target": ""}, methods=ALL_METHODS)
    @app.route("/<path:target>", methods=ALL_METHODS)
    def api(target):
        raw_target = request.environ.get("RAW_URI") or request.full_path
        split = split_api_path(raw_target)
        if split is None:
            return text_response(f"Not found: /{target}", 404)

        prefix, raw_path = split
        query = request.args.to_dict(flat=True)
        api_request = ApiRequest(
            state=state,
            method=request.method,
            path=unquote(raw_path),
            query={key.casefold(): value for key, value in query.items()},
            raw_body=request.get_data(cache=True),
            environ=request.environ,
        )
        return dispatcher.handle(api_request, prefix, raw_path, query, "HTTP_AUTHTOKEN" in request.environ)

    # werkzeug's own access log prints every request line; the dispatcher logs API
    # requests itself in a shorter form.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.wsgi_app = drop_middleware(app.wsgi_app)
    return app
