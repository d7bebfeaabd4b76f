# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the CommServe's REST API, including the API path, for example
        V(https://cs.example.com/commandcenter/api) or V(https://cs.example.com/webconsole/api).
      - A trailing slash is removed.
      - If not set, the value of the E(COMMVAULT_URL) environment variable is used.
    type: str
    required: true
  auth_token:
    description:
      - Commvault authentication token, sent in the C(Authtoken) header.
      - A value without the C(QSDK ) prefix is given that prefix.
      - The module cannot renew a given token, so an expired token fails the task.
      - Mutually exclusive with O(username). One of O(auth_token) and O(username) is required.
      - If not set, the value of the E(COMMVAULT_AUTH_TOKEN) environment variable is used,
        unless the task sets O(username) or O(password).
    type: str
  username:
    description:
      - Commvault user name to log in with. The module logs in, renews the session when
        the CommServe rejects it as expired, and logs out at the end.
      - Requires O(password).
      - If not set, the value of the E(COMMVAULT_USERNAME) environment variable is used,
        unless the task sets O(auth_token).
    type: str
  password:
    description:
      - Password of O(username). It is sent base64-encoded in the login request, as the
        Commvault API expects, and never appears in results or messages.
      - If not set, the value of the E(COMMVAULT_PASSWORD) environment variable is used,
        unless the task sets O(auth_token).
    type: str
  validate_certs:
    description:
      - Whether to verify the CommServe's TLS certificate.
      - Set to V(false) only for test systems; the module then returns a warning.
      - If not set, the value of the E(COMMVAULT_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM file with the CA certificates that verify the CommServe's certificate,
        in place of the system's CA bundle.
      - If not set, the value of the E(COMMVAULT_CA_PATH) environment variable is used.
    type: path
  request_timeout:
    description:
      - Seconds to wait for the CommServe to accept a connection and, separately, for each
        read of its response.
      - This limits one HTTP request, not the time a backup job takes.
      - If not set, the value of the E(COMMVAULT_REQUEST_TIMEOUT) environment variable is used.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a read-only request is retried after a connection error, HTTP 429
        or HTTP 5xx, with a growing, randomized delay that honours C(Retry-After).
      - A request that starts a backup is retried only when the connection was never
        established or the CommServe answered HTTP 429, so a backup is never started twice.
      - At most 100.
    type: int
    default: 3
  max_retry_time:
    description:
      - Maximum seconds spent retrying one request, counted from its first attempt.
        A retry whose delay would pass this limit is not made.
    type: float
    default: 60
  use_proxy:
    description:
      - Whether to use the proxy that the E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY)
        environment variables set.
      - V(false) ignores those variables, and also E(REQUESTS_CA_BUNDLE) and C(.netrc).
    type: bool
    default: true
requirements:
  - requests >= 2.28 on the host that runs the module (usually the controller)
notes:
  - "The module talks to the CommServe from the host it runs on, so use it with
    C(delegate_to: localhost) or on a host that can reach the CommServe."
  - The action group C(backupops.commvault.commvault) lets a play set these options once
    with C(module_defaults).
  - An environment variable that is exported but empty counts as not set.
"""
