"""`GET Schedules`: the schedules of an entity."""

from __future__ import annotations

from .routing import ApiRequest, json_response


def list_schedules(request: ApiRequest):
    """Return no schedules for any entity.

    NOTE: CreateTask accepts a SCHEDULE task but the simulator does not keep it, so
    this listing is always empty. The filters in the query are accepted and ignored.
    """
    return json_response({"taskDetail": []})


def register(router) -> None:
    router.add("GET", "Schedules", list_schedules)
