# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Commvault API error type and the mapping of HTTP responses to it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import re
import time

EXCERPT_LENGTH = 200


class CommvaultError(Exception):
    """A failed Commvault API call.

    outcome_unknown is True when the request may have been processed but no response
    was read, or a success response could not be parsed, so a non-idempotent call such
    as CreateTask must not be sent again.
    """

    def __init__(self, message, status=None, error_code=None, error_message=None,
                 path=None, outcome_unknown=False, body=None):
        super(CommvaultError, self).__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_message = error_message
        self.path = path
        self.outcome_unknown = outcome_unknown
        # Parsed JSON response, or None. Lookups read the ids in a 404 body.
        self.body = body

    def __str__(self):
        details = []
        if self.path:
            details.append("path %s" % self.path)
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.error_code is not None:
            details.append("Commvault errorCode %s" % self.error_code)
        # Without an HTTP status no response arrived, so the text is the transport error's.
        if self.error_message and self.status is not None:
            details.append("Commvault message: %s" % self.error_message)
        elif self.error_message:
            details.append("cause: %s" % self.error_message)
        if not details:
            return self.message
        return "%s (%s)" % (self.message, "; ".join(details))


def excerpt(text):
    """Return the start of a response body on one line, without HTML tags."""
    plain = re.sub(r"<[^>]*>", " ", text or "")
    plain = " ".join(plain.split())
    if len(plain) > EXCERPT_LENGTH:
        return plain[:EXCERPT_LENGTH] + "..."
    return plain


def find_api_error(data):
    """Return (errorCode, message) when a parsed body reports an error, else None."""
    if not isinstance(data, dict):
        return None

    code = data.get("errorCode")
    if code not in (None, 0, "0"):
        return code, data.get("errorMessage")

    for entry in data.get("errList") or []:
        if isinstance(entry, dict) and entry.get("errorCode") not in (None, 0, "0"):
            return entry.get("errorCode"), entry.get("errLogMessage") or entry.get("errorMessage")
    return None


def parse_response(response, path, expect_json=True):
    """Return the parsed body of an HTTP response, or raise CommvaultError."""
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        data = None

    api_error = find_api_error(data)
    if status >= 400 or api_error:
        code, text = api_error or (None, None)
        if data is None:
            text = excerpt(response.text)
        raise CommvaultError("Commvault API request failed", status=status, error_code=code,
                             error_message=text, path=path, body=data)

    # A success status means the server acted on the request, but an unreadable body
    # hides what it did, for example which job a CreateTask started.
    if data is None and expect_json:
        raise CommvaultError("Commvault API returned a response that is not JSON", status=status,
                             error_message=excerpt(response.text), path=path,
                             outcome_unknown=True)
    if data is not None and not isinstance(data, dict):
        raise CommvaultError("Commvault API returned JSON that is not an object", status=status,
                             path=path, outcome_unknown=True)
    return data if data is not None else {}


def login_error(username, data, status):
    """Build the error for a failed login from its response, which never echoes the request."""
    code, text = find_api_error(data) or (None, None)
    message = "Login to the CommServe failed for user %s" % username
    if data.get("isAccountLocked"):
        message += "; the account is locked for %s more seconds" % data.get("remainingLockTime")
    return CommvaultError(message, status=status, error_code=code, error_message=text,
                          path="/Login")


def retry_after_seconds(response):
    """Return the delay in seconds from a Retry-After header, or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())
