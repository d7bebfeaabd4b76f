"""Client lists that cvpysdk reads when it loads the clients of a CommCell.

The simulator has no virtualization clients, so these lists are empty.
"""

from __future__ import annotations

from .routing import ApiRequest, json_response


def virtualization_access_nodes(request: ApiRequest):
    return json_response({"clients": [], "groups": []})


def register(router) -> None:
    router.add("GET", "VSAClientAndClientGroupList", virtualization_access_nodes)
