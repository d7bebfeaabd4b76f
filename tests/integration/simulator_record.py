"""Read what the simulator received, through its control API."""

import requests


def received_requests(simulator):
    """Return the API requests the simulator recorded, oldest first."""
    response = requests.get(simulator.control_url + "/requests", timeout=10)
    response.raise_for_status()
    return response.json()["requests"]


def endpoint_name(entry):
    """Return the API path of a recorded request without slashes, in lower case,
    so that /CreateTask and /Createtask compare equal as they do on a CommServe."""
    return entry["path"].strip("/").lower()


def requests_to(simulator, method, endpoint):
    """Return the recorded requests for one method and endpoint, e.g. POST CreateTask."""
    wanted = endpoint.strip("/").lower()
    return [
        entry for entry in received_requests(simulator)
        if entry["method"] == method and endpoint_name(entry) == wanted
    ]
