"""The service root that clients probe before they log in."""

from __future__ import annotations

from .routing import ApiRequest, text_response


def service_root(request: ApiRequest):
    """Return HTTP 200 so that a client probing the base URL sees a running service.

    NOTE: the API reference does not document the body of GET on the base URL;
    cvpysdk 11.44 checks only for HTTP 200, so the body is a stand-in.
    """
    return text_response("Commvault REST API")


def register(router) -> None:
    router.add("GET", "", service_root)
