"""Users, session tokens and long-lived access tokens."""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from dataclasses import dataclass

from .fixture import User

TOKEN_PREFIX = "QSDK "


@dataclass
class Session:
    username: str
    idle_seconds: float
    last_used: float


def decode_password(encoded) -> str | None:
    """Decode the base64 form that Login expects, or return None when it is not valid."""
    if not isinstance(encoded, str):
        return None
    try:
        return base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def strip_prefix(value: str) -> str:
    value = value.strip()
    if value[: len(TOKEN_PREFIX)].upper() == TOKEN_PREFIX.upper():
        return value[len(TOKEN_PREFIX) :].strip()
    return value


class TokenStore:
    """Session tokens expire after an idle time in simulated seconds; access tokens never do."""

    def __init__(self, users: dict[str, User], access_tokens: dict[str, str], idle_minutes: float):
        self.users = users
        self.access_tokens = access_tokens
        self.idle_seconds = idle_minutes * 60
        self.sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def check_password(self, username, password) -> User | None:
        if not isinstance(username, str) or password is None:
            return None
        user = self.users.get(username.casefold())
        if user is None or not secrets.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    def open_session(self, username: str, now: float, timeout_minutes=None) -> str:
        """Create a session and return the token in its sent form, `QSDK <hex>`."""
        idle = self.idle_seconds
        if isinstance(timeout_minutes, (int, float)) and not isinstance(timeout_minutes, bool) and timeout_minutes > 0:
            idle = timeout_minutes * 60
        value = secrets.token_hex(32)
        with self._lock:
            self.sessions[value] = Session(username, idle, now)
        return TOKEN_PREFIX + value

    def authenticate(self, authtoken: str | None, authorization: str | None, now: float) -> str | None:
        """Return the user name behind the request's token, or None; a valid session is touched."""
        candidates = []
        if authtoken:
            candidates.append(strip_prefix(authtoken))
        if authorization and authorization[:7].lower() == "bearer ":
            candidates.append(strip_prefix(authorization[7:]))

        for value in candidates:
            owner = self.access_tokens.get(value)
            if owner is not None:
                return owner
            with self._lock:
                session = self.sessions.get(value)
                if session is None:
                    continue
                if now - session.last_used > session.idle_seconds:
                    del self.sessions[value]
                    continue
                session.last_used = now
                return session.username
        return None

    def close_session(self, authtoken: str | None) -> bool:
        if not authtoken:
            return False
        with self._lock:
            return self.sessions.pop(strip_prefix(authtoken), None) is not None

    def expire_sessions(self) -> int:
        """Drop every session token; access tokens stay valid. Return how many were dropped."""
        with self._lock:
            count = len(self.sessions)
            self.sessions.clear()
        return count
