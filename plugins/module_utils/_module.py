# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options and the AnsibleModule subclass every module of the collection uses."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import os
from urllib.parse import urlsplit

from ansible.module_utils.basic import (
    AnsibleFallbackNotFound,
    AnsibleModule,
    _load_params,
    missing_required_lib,
)

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CommvaultClient,
    CommvaultError,
)

CONNECTION_MUTUALLY_EXCLUSIVE = [("auth_token", "username")]
CONNECTION_REQUIRED_TOGETHER = [("username", "password")]
CONNECTION_REQUIRED_ONE_OF = [("auth_token", "username")]


# More retries than this only hide an outage; max_retry_time bounds the time anyway.
MAX_RETRIES_LIMIT = 100

TOKEN_OPTIONS = ("auth_token",)
CREDENTIAL_OPTIONS = ("username", "password")


def env_fallback_if_set(*names):
    """Return the first of the named environment variables that is set and not empty.

    An exported but empty variable counts as unset, because credential injectors
    such as AWX's export every variable of a credential type, empty when unused.
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def from_environment(*names):
    return (env_fallback_if_set, list(names))


def connection_argument_spec(token_from_environment=True, credentials_from_environment=True):
    """Return a new copy of the connection and authentication options.

    A task that sets one way of authenticating turns off the environment fallback of the
    other way, so an explicit auth_token is not rejected because COMMVAULT_USERNAME is
    exported too (and the reverse).
    """
    spec = dict(
        url=dict(type="str", required=True, fallback=from_environment("COMMVAULT_URL")),
        auth_token=dict(type="str", no_log=True),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        validate_certs=dict(type="bool", default=True,
                            fallback=from_environment("COMMVAULT_VALIDATE_CERTS")),
        ca_path=dict(type="path", fallback=from_environment("COMMVAULT_CA_PATH")),
        request_timeout=dict(type="float", default=30,
                             fallback=from_environment("COMMVAULT_REQUEST_TIMEOUT")),
        max_retries=dict(type="int", default=3),
        max_retry_time=dict(type="float", default=60),
        use_proxy=dict(type="bool", default=True),
    )
    if token_from_environment:
        spec["auth_token"]["fallback"] = from_environment("COMMVAULT_AUTH_TOKEN")
    if credentials_from_environment:
        spec["username"]["fallback"] = from_environment("COMMVAULT_USERNAME")
        spec["password"]["fallback"] = from_environment("COMMVAULT_PASSWORD")
    return spec


def connection_spec_for_task(task_args):
    """Return the connection options with environment fallbacks fitting the task's own
    authentication options."""
    task_sets_token = any(task_args.get(option) for option in TOKEN_OPTIONS)
    task_sets_credentials = any(task_args.get(option) for option in CREDENTIAL_OPTIONS)
    return connection_argument_spec(
        token_from_environment=not task_sets_credentials,
        credentials_from_environment=not task_sets_token,
    )


def check_connection_options(params):
    """Return an error message for invalid connection option values, or None."""
    parts = urlsplit(params["url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "url must be an http or https URL such as https://cs.example.com/commandcenter/api"
    if parts.username or parts.password:
        return "url must not contain credentials; use username and password or auth_token"
    if parts.query or parts.fragment:
        return "url must not contain a query or fragment"
    # NaN compares false with everything, so it is caught by isfinite, not by the bounds.
    if not math.isfinite(params["request_timeout"]) or params["request_timeout"] <= 0:
        return ("request_timeout must be a number of seconds greater than 0, got %s"
                % params["request_timeout"])
    if not 0 <= params["max_retries"] <= MAX_RETRIES_LIMIT:
        return ("max_retries must be between 0 and %d, got %s"
                % (MAX_RETRIES_LIMIT, params["max_retries"]))
    if not math.isfinite(params["max_retry_time"]) or params["max_retry_time"] < 0:
        return ("max_retry_time must be a number of seconds of 0 or more, got %s"
                % params["max_retry_time"])
    return None


class ModuleFailure(Exception):
    """A failure a module detects itself, with the message and extra result fields."""

    def __init__(self, msg, **result):
        super(ModuleFailure, self).__init__(msg)
        self.msg = msg
        self.result = result


class CommvaultModule(AnsibleModule):
    """AnsibleModule with the connection options merged in and a client session runner."""

    def __init__(self, argument_spec, mutually_exclusive=None, required_together=None,
                 required_one_of=None, **kwargs):
        # The raw task arguments decide which environment fallbacks apply, so they are
        # read before AnsibleModule applies the fallbacks and validates. ansible-test's
        # argument spec introspection provides no arguments, hence the empty default.
        spec = connection_spec_for_task(_load_params() or {})
        spec.update(argument_spec)
        super(CommvaultModule, self).__init__(
            argument_spec=spec,
            mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE + (mutually_exclusive or []),
            required_together=CONNECTION_REQUIRED_TOGETHER + (required_together or []),
            required_one_of=CONNECTION_REQUIRED_ONE_OF + (required_one_of or []),
            **kwargs
        )

        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        # A password in the URL is not a no_log option, so mask it before any output.
        url_password = urlsplit(self.params["url"]).password
        if url_password:
            self.no_log_values.add(url_password)

        problem = check_connection_options(self.params)
        if problem:
            self.fail_json(msg=problem)
        if not self.params["validate_certs"]:
            self.warn("validate_certs is false, so the CommServe's TLS certificate is not verified")

    def build_client(self):
        params = self.params
        return CommvaultClient(
            params["url"].rstrip("/"),
            validate_certs=params["validate_certs"],
            ca_path=params["ca_path"],
            request_timeout=params["request_timeout"],
            max_retries=params["max_retries"],
            max_retry_time=params["max_retry_time"],
            use_proxy=params["use_proxy"],
        )

    def authenticate(self, client):
        if self.params["auth_token"]:
            client.use_token(self.params["auth_token"])
        else:
            client.login(self.params["username"], self.params["password"])

    def close_session(self, client):
        """Log out when the module logged in. A failed logout is only a warning."""
        if not client.owns_session:
            return
        try:
            client.logout()
        except CommvaultError as err:
            self.warn("Logout from the CommServe failed: %s" % err)

    def run(self, action, subject):
        """Call action(client) in an authenticated session, then exit with its result.

        subject names the object the module acts on; every failure message starts with it.
        A result with failed set to true ends the module with fail_json, so an action can
        fail with its full result and a message it has already prefixed.
        """
        client = self.build_client()
        result = None
        failure = None
        try:
            self.authenticate(client)
            result = action(client)
        except CommvaultError as err:
            failure = error_result(err, subject)
        except ModuleFailure as err:
            failure = dict(err.result, msg="%s: %s" % (subject, err.msg))

        # Logout comes before exit_json or fail_json, because both end the process.
        self.close_session(client)

        if failure:
            self.fail_json(**failure)
        if result.get("failed"):
            self.fail_json(**result)
        self.exit_json(**result)


def error_result(err, subject):
    """Return fail_json arguments for a CommvaultError, naming the subject."""
    result = dict(msg="%s: %s" % (subject, err))
    if err.status is not None:
        result["http_status"] = err.status
    if err.error_code is not None:
        result["error_code"] = err.error_code
    if err.error_message:
        result["error_message"] = err.error_message
    return result
