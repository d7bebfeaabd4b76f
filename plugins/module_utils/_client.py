# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP client for the Commvault REST API.

CommvaultError is defined in _responses and imported here, so modules import it from _client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import logging
import os
import random
import ssl
import threading
import time
import uuid
from urllib.parse import urlsplit

try:
    import requests
    import urllib3

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as import_error:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = import_error

from ansible_collections.backupops.commvault.plugins.module_utils._responses import (
    CommvaultError,
    excerpt,
    login_error,
    parse_response,
    retry_after_seconds,
)

LOG = logging.getLogger(__name__)

TOKEN_PREFIX = "QSDK "
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 10.0
RETRYABLE_STATUSES = frozenset([429, 500, 502, 503, 504])


def may_resend_after_status(status, retry):
    """Tell whether a request that got this HTTP status may be sent again.

    429 qualifies for every request, CreateTask included, because a rate limiter
    sends it instead of passing the request on. Other retryable statuses qualify
    only for read-only calls (retry=True).
    NOTE: Commvault's API documentation does not say whether a CreateTask answered
    with 429 can have started a job.
    """
    if status == 429:
        return True
    return retry and status in RETRYABLE_STATUSES


def _exception_chain(exc):
    """Return exc and the exceptions requests and urllib3 wrapped inside it."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = getattr(exc, "reason", None) or exc.__cause__ or (exc.args[0] if exc.args else None)
        if not isinstance(exc, BaseException):
            exc = None
    return seen


def never_reached_server(exc):
    """Tell whether a requests exception proves the request was never sent.

    Only failures to open the TCP connection qualify: refused, unreachable, name not
    resolved or connect timeout. A read timeout or a dropped connection may come after
    the server has acted on the request.
    """
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    for cause in _exception_chain(exc):
        if isinstance(cause, (urllib3.exceptions.NewConnectionError,
                              urllib3.exceptions.ConnectTimeoutError)):
            return True
    return False


def certificate_problem(exc):
    """Return OpenSSL's reason when exc comes from a failed certificate check, else None."""
    for cause in _exception_chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or cause.reason or "certificate verify failed"
    return None


class CommvaultClient:
    """One session with a CommServe: authentication, retries and error mapping."""

    def __init__(self, base_url, validate_certs=True, ca_path=None, request_timeout=30,
                 max_retries=3, max_retry_time=60, use_proxy=True, sleep=time.sleep,
                 clock=time.monotonic):
        self.base_url = base_url.rstrip("/")
        self.request_timeout = request_timeout
        self.max_retries = max_retries
        self.max_retry_time = max_retry_time
        self.request_count = 0
        # Batch mode shares one client between worker threads: the counter and the
        # session renewal must not race.
        self._count_lock = threading.Lock()
        self._renew_lock = threading.Lock()
        self._sleep = sleep
        self._clock = clock
        self._random = random.random
        self._token = None
        self._credentials = None
        self._device_id = None

        self.session = requests.Session()
        self.session.verify = (ca_path or True) if validate_certs else False
        self.session.trust_env = use_proxy
        self.session.headers["Accept"] = "application/json"

    @property
    def owns_session(self):
        """True when login() opened the session, so logout() may close it."""
        return self._credentials is not None

    def use_token(self, token):
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX):
            token = TOKEN_PREFIX + token
        self._token = token
        self._credentials = None

    def login(self, username, password):
        self._device_id = self._device_id or uuid.uuid4().hex
        encoded = base64.b64encode(password.encode("utf-8")).decode("ascii")
        body = {"username": username, "password": encoded, "deviceId": self._device_id}
        try:
            data = self._request("POST", "/Login", body=body, retry=True, authenticated=False)
        except CommvaultError as err:
            if not isinstance(err.body, dict):
                raise
            raise login_error(username, err.body, err.status)

        # Commvault reports a failed login as HTTP 200 without a token.
        token = data.get("token")
        if not token:
            raise login_error(username, data, 200)
        self._token = token
        self._credentials = (username, password)

    def renew(self):
        """Get a new session token, from RenewLoginToken or else a fresh login."""
        if not self.owns_session:
            raise CommvaultError("The authentication token expired or is invalid, and a "
                                 "given token cannot be renewed; supply a new auth_token",
                                 status=401)
        body = {"sessionId": self._token, "deviceId": self._device_id}
        try:
            data = self._request("POST", "/RenewLoginToken", body=body, authenticated=False)
        except CommvaultError:
            data = {}
        if data.get("token"):
            self._token = data["token"]
            return
        self.login(*self._credentials)

    def logout(self):
        """Close a session that login() opened. A given token stays valid."""
        if not self.owns_session or not self._token:
            return
        try:
            self._request("POST", "/Logout", body={}, expect_json=False)
        finally:
            self._token = None
            self._credentials = None

    def get(self, path, params=None):
        return self._request("GET", path, params=params, retry=True)

    def post(self, path, body, retry=False):
        return self._request("POST", path, body=body, retry=retry)

    def _request(self, method, path, body=None, params=None, retry=False,
                 authenticated=True, expect_json=True):
        renewed = False
        while True:
            token_sent = self._token
            response = self._send_with_retries(method, path, body, params, retry, authenticated)
            if response.status_code == 401 and authenticated and not renewed:
                self._renew_after_401(path, token_sent)
                renewed = True
                continue
            if response.status_code == 401 and authenticated:
                raise CommvaultError("The CommServe rejected the renewed session token",
                                     status=401, path=path)
            try:
                return parse_response(response, path, expect_json)
            except CommvaultError as err:
                err.error_message = self._without_token(err.error_message)
                raise

    def _without_token(self, text):
        """Return text with the session token masked, for error texts that quote it.

        Ansible masks only no_log option values, and a token from login() is not one.
        NOTE: the text is already cut to EXCERPT_LENGTH, so a token that the cut splits
        keeps its first characters.
        """
        if not text or not self._token:
            return text
        bare_token = self._token
        if bare_token.startswith(TOKEN_PREFIX):
            bare_token = bare_token[len(TOKEN_PREFIX):]
        return text.replace(self._token, "<session token>").replace(bare_token, "<session token>")

    def _renew_after_401(self, path, token_sent):
        """Renew the session after a 401, unless another thread already did."""
        with self._renew_lock:
            if self._token != token_sent:
                return
            try:
                self.renew()
            except CommvaultError as err:
                err.path = err.path or path
                raise

    def _send_with_retries(self, method, path, body, params, retry, authenticated):
        self._check_ca_path(path)
        deadline = self._clock() + self.max_retry_time
        attempt = 0
        while True:
            try:
                response = self._send(method, path, body, params, authenticated)
            except requests.exceptions.RequestException as exc:
                error = self._transport_error(exc, path)
                if not self._may_resend(exc, error, retry):
                    raise error
                delay = self._backoff(attempt)
                failure = error
            except OSError as exc:
                # requests raises a plain OSError for a CA bundle it cannot find, for
                # example one named by REQUESTS_CA_BUNDLE. Whether anything was sent is
                # not known in general, so a CreateTask is not sent again.
                raise CommvaultError("The request to the CommServe could not be sent",
                                     error_message=excerpt(str(exc)), path=path,
                                     outcome_unknown=True)
            else:
                if not may_resend_after_status(response.status_code, retry):
                    return response
                delay = retry_after_seconds(response)
                if delay is None:
                    delay = self._backoff(attempt)
                failure = response

            attempt += 1
            if attempt > self.max_retries or self._clock() + delay > deadline:
                if isinstance(failure, CommvaultError):
                    raise failure
                return failure
            LOG.debug("Retrying %s %s in %.1f seconds (attempt %d)", method, path, delay, attempt)
            self._sleep(delay)

    def _check_ca_path(self, path):
        ca_path = self.session.verify
        if isinstance(ca_path, str) and not os.path.exists(ca_path):
            raise CommvaultError("The CA bundle %s given in ca_path does not exist; give the "
                                 "path of a PEM file or a folder of CA certificates" % ca_path,
                                 path=path)

    @staticmethod
    def _may_resend(exc, error, retry):
        # TLS and URL errors repeat on every attempt, so only network failures qualify.
        if isinstance(exc, requests.exceptions.SSLError):
            return False
        if not isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout)):
            return False
        # Only a read-only call may be re-sent after it may have reached the server.
        return retry or not error.outcome_unknown

    def _send(self, method, path, body, params, authenticated):
        headers = {}
        if authenticated and self._token:
            headers["Authtoken"] = self._token
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        with self._count_lock:
            self.request_count += 1
        # verify is passed on each request too, because with trust_env requests lets
        # REQUESTS_CA_BUNDLE override the session's verify setting.
        return self.session.request(method, self.base_url + path, params=params, data=data,
                                    headers=headers, timeout=self.request_timeout,
                                    verify=self.session.verify)

    def _transport_error(self, exc, path):
        reason = certificate_problem(exc)
        if reason:
            return self._certificate_error(reason, path)

        outcome_unknown = False
        if isinstance(exc, requests.exceptions.ReadTimeout):
            message = "No response from the CommServe within %s seconds" % self.request_timeout
            outcome_unknown = True
        elif isinstance(exc, requests.exceptions.ProxyError):
            message = ("Could not reach the CommServe at %s through the proxy; check the "
                       "HTTPS_PROXY, HTTP_PROXY and NO_PROXY environment variables, or set "
                       "use_proxy to false to connect directly" % self.base_url)
            outcome_unknown = not never_reached_server(exc)
        elif never_reached_server(exc):
            message = "Could not connect to the CommServe at %s" % self.base_url
        elif isinstance(exc, requests.exceptions.SSLError):
            message = "TLS handshake with the CommServe at %s failed" % self.base_url
        elif isinstance(exc, requests.exceptions.ConnectionError):
            message = "The connection to the CommServe failed before a response was read"
            outcome_unknown = True
        else:
            message = "The request to the CommServe could not be sent"
        return CommvaultError(message, error_message=excerpt(str(exc)), path=path,
                              outcome_unknown=outcome_unknown)

    def _certificate_error(self, reason, path):
        # Only the host and port, because a URL may carry user information.
        parts = urlsplit(self.base_url)
        server = parts.hostname if parts.port is None else "%s:%s" % (parts.hostname, parts.port)
        return CommvaultError("The TLS certificate of the CommServe at %s could not be verified "
                              "(%s); set ca_path to the CA bundle that signed it, or set "
                              "validate_certs to false to skip verification" % (server, reason),
                              path=path)

    def _backoff(self, attempt):
        ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * (2 ** attempt))
        # Equal jitter: never zero, and spread so parallel workers do not retry in step.
        return ceiling / 2 + self._random() * ceiling / 2
