"""Control API under /_simulator/: no authentication, JSON in and out, never recorded."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request

from .api_jobs import job_summary
from .faults import RateLimiter
from .fixture import generate_clients
from .outcomes import validate_outcome

control = Blueprint("simulator_control", __name__, url_prefix="/_simulator")
LOG = logging.getLogger("commvault_simulator")


class ControlError(ValueError):
    """A control request that is invalid; the message goes back to the caller."""


@control.errorhandler(ControlError)
def control_error(error):
    LOG.warning("rejected control request %s %s: %s", request.method, request.path, error)
    return jsonify({"error": str(error)}), 400


@control.after_request
def log_control_request(response):
    LOG.info("%s %s %s", request.method, request.path, response.status_code)
    return response


def state():
    return current_app.config["SIMULATOR_STATE"]


def body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ControlError("the request body must be a JSON object")
    return data


@control.get("/health")
def health():
    return jsonify({"status": "ok", "now": state().now(), **state().commcell.counts()})


@control.get("/requests")
def list_requests():
    since = request.args.get("since", default=0, type=int)
    return jsonify({"requests": state().record.entries(since)})


@control.delete("/requests")
def clear_requests():
    state().record.clear()
    return jsonify({"cleared": True})


def describe_job(job, now: float) -> dict:
    described = job_summary(job, job.view(now))
    described.update(
        {
            "taskId": job.task_id,
            "visible": job.is_visible(now),
            "forcedStatus": job.forced_status,
            "reason": job.view(now).reason,
            "outcome": job.outcome.__dict__,
        }
    )
    return described


@control.get("/jobs")
def list_jobs():
    now = state().now()
    jobs = [describe_job(job, now) for job in reversed(state().jobs.snapshot())]
    return jsonify({"now": now, "jobs": jobs})


def find_job(job_id: int):
    job = state().jobs.get(job_id)
    if job is None:
        raise ControlError(f"job {job_id} not found")
    return job


@control.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    return jsonify(describe_job(find_job(job_id), state().now()))


@control.post("/jobs/<int:job_id>")
def change_job(job_id: int):
    """Force a status (null clears it), or change the job's outcome, visibility window included."""
    job = find_job(job_id)
    data = body()
    if "status" in data:
        status = data["status"]
        if status is not None and not isinstance(status, str):
            raise ControlError("status must be a string or null")
        job.forced_status = status
    overrides = {k: v for k, v in data.items() if k != "status" and k != "outcome"}
    overrides.update(data.get("outcome", {}))
    try:
        job.outcome = job.outcome.merged(overrides)
    except ValueError as error:
        raise ControlError(str(error)) from error
    return jsonify(describe_job(job, state().now()))


@control.get("/clock")
def get_clock():
    return jsonify({"now": state().now(), "time_scale": state().clock.time_scale})


@control.post("/clock")
def advance_clock():
    seconds = body().get("advance")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        raise ControlError(f"advance must be a number of seconds, 0 or more; got {seconds!r}")
    return jsonify({"now": state().clock.advance(float(seconds))})


@control.post("/reset")
def reset():
    state().reset()
    return jsonify({"reset": True, **state().commcell.counts()})


@control.post("/tokens/expire")
def expire_tokens():
    return jsonify({"expired": state().tokens.expire_sessions()})


@control.get("/faults")
def list_faults():
    limiter = state().faults.rate_limiter
    return jsonify({"rules": state().faults.rules(), "rate_limit": limiter.as_dict() if limiter else None})


@control.post("/faults")
def add_faults():
    """Add rules: {"rules": [...]}, or one rule object; "rate_limit" sets the global limit."""
    data = body()
    book = state().faults
    if "rate_limit" in data:
        limit = data["rate_limit"] or {}
        book.rate_limiter = RateLimiter(limit.get("per_second"), limit.get("concurrent"), limit.get("retry_after", 1))

    specs = data.get("rules", [data] if "action" in data else [])
    try:
        rules = book.add(specs)
    except (TypeError, ValueError) as error:
        raise ControlError(str(error)) from error
    return jsonify({"added": [rule.as_dict() for rule in rules]})


@control.delete("/faults")
def clear_faults():
    state().faults.clear()
    return jsonify({"cleared": True})


@control.get("/commcell")
def commcell_counts():
    return jsonify(state().commcell.counts())


@control.post("/commcell")
def add_entities():
    """Add or merge clients: {"clients": [...]} in fixture form and/or {"generate": {...}}."""
    data = body()
    specs = list(data.get("clients", []))
    if "generate" in data:
        specs.extend(generate_clients(data["generate"]))
    commcell = state().commcell
    try:
        for spec in specs:
            commcell.add_client(spec)
    except (KeyError, TypeError, ValueError) as error:
        raise ControlError(f"invalid client entry: {error}") from error
    return jsonify(commcell.counts())


@control.post("/outcomes")
def set_outcome():
    """Set the outcome of later jobs of a client, or of one of its instances or subclients."""
    data = body()
    commcell = state().commcell
    client = commcell.find_client(str(data.get("client", "")))
    if client is None:
        raise ControlError(f"client {data.get('client')!r} not found")
    try:
        overrides = validate_outcome(data.get("outcome", {}))
    except ValueError as error:
        raise ControlError(str(error)) from error

    if data.get("instance") is None:
        client.outcome.update(overrides)
        return jsonify({"client": client.name, "outcome": client.outcome})

    instance = client.find_instance(str(data["instance"]))
    if instance is None:
        raise ControlError(f"instance {data['instance']!r} of client {client.name!r} not found")
    if data.get("subclient") is None:
        instance.outcome.update(overrides)
        return jsonify({"instance": instance.name, "outcome": instance.outcome})

    backupset = instance.backupsets.get(str(data.get("backupset", "default")).casefold())
    subclient = backupset.subclients.get(str(data["subclient"]).casefold()) if backupset else None
    if subclient is None:
        raise ControlError(f"subclient {data['subclient']!r} of instance {instance.name!r} not found")
    subclient.outcome.update(overrides)
    return jsonify({"subclient": subclient.name, "outcome": subclient.outcome})
