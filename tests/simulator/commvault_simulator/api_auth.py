"""Login, Logout and RenewLoginToken."""

from __future__ import annotations

import uuid

from .auth import decode_password
from .routing import ApiRequest, BadBody, bad_body_response, json_response, text_response

# NOTE: the code Commvault returns for invalid credentials is not in the API
# reference this simulator follows, so this value is a stand-in.
INVALID_LOGIN_CODE = 1116
INVALID_LOGIN_MESSAGE = "Invalid Username or Password"


def login(request: ApiRequest):
    try:
        body = request.json_object()
    except BadBody:
        return bad_body_response()

    state = request.state
    password = decode_password(body.get("password"))
    user = state.tokens.check_password(body.get("username"), password)
    if user is None:
        return json_response({"errList": [{"errorCode": INVALID_LOGIN_CODE, "errLogMessage": INVALID_LOGIN_MESSAGE}]})

    token = state.tokens.open_session(user.username, state.now(), body.get("timeout"))
    request.username = user.username
    return json_response(
        {
            "token": token,
            "userName": user.username,
            "aliasName": str(user.user_id),
            "userGUID": str(uuid.uuid5(uuid.NAMESPACE_URL, f"commvault-simulator/{user.username}")).upper(),
            "providerType": 1,
            "loginAttempts": 0,
            "remainingLockTime": 0,
            "isAccountLocked": False,
            "errList": [],
        }
    )


def logout(request: ApiRequest):
    request.state.tokens.close_session(request.environ.get("HTTP_AUTHTOKEN"))
    return text_response("User logged out")


def renew_login_token(request: ApiRequest):
    """Open a new session for the caller.

    NOTE: the old token stays valid, because the API reference does not say
    whether Commvault revokes it on renewal.
    """
    try:
        request.json_object()
    except BadBody:
        return bad_body_response()

    state = request.state
    token = state.tokens.open_session(request.username, state.now())
    return json_response({"token": token, "errList": []})


def register(router) -> None:
    router.add("POST", "Login", login)
    router.add("POST", "Logout", logout)
    router.add("POST", "RenewLoginToken", renew_login_token)
