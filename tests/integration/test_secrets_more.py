"""More places a password or token could leak: failure results, 401s, the
simulator's record, ANSIBLE_DEBUG output and credentials in the URL."""

import base64
import json
import re

import pytest
import requests

from ansible_runner_helpers import run_module

pytestmark = pytest.mark.integration

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
ACCESS_TOKEN = "demo-access-token-0123456789abcdef"
NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

# Session tokens that the simulator issues look like "QSDK 3f9a...".
SESSION_TOKEN = re.compile(r"QSDK [0-9a-fA-F]{16,}")


def base64_of(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def assert_absent(text, *secrets):
    for secret in secrets:
        assert secret not in text
    assert SESSION_TOKEN.search(text) is None


def assert_run_clean(run, *secrets):
    assert_absent(run.output, *secrets)
    assert_absent(json.dumps(run.result, ensure_ascii=False), *secrets)


def password_arguments(simulator, password=PASSWORD, **options):
    arguments = dict(url=simulator.url, username=USERNAME, password=password,
                     client="testrac01-rac", instance="ORCL")
    arguments.update(options)
    return arguments


def token_arguments(simulator, token, **options):
    arguments = dict(url=simulator.url, auth_token=token, client="testrac01-rac", instance="ORCL")
    arguments.update(options)
    return arguments


def test_failed_login_result_clean(simulator, tmp_path):
    wrong_password = "Wrong-Passw0rd-7"

    run = run_module("oracle_rac_backup", password_arguments(simulator, wrong_password),
                     tmp_path, options=["-vvv"])

    assert run.result["failed"] is True
    assert "Login to the CommServe failed for user admin" in run.result["msg"]
    # -vvv prints the module's invocation, which Ansible leaves out of registered results.
    assert '"password": "%s"' % NO_LOG_PLACEHOLDER in run.output
    assert_run_clean(run, wrong_password, base64_of(wrong_password))


def test_failed_login_non_ascii_password(simulator, tmp_path):
    wrong_password = "Pässwörd-ß-7 & #"

    run = run_module("oracle_rac_backup", password_arguments(simulator, wrong_password),
                     tmp_path, options=["-vvv"])

    assert run.result["failed"] is True
    assert_run_clean(run, wrong_password, base64_of(wrong_password))


@pytest.mark.parametrize("token", ["QSDK 0123456789abcdef0123456789abcdef",
                                   "0123456789abcdef0123456789abcdef"])
def test_rejected_token_result_clean(simulator, tmp_path, token):
    run = run_module("oracle_rac_backup", token_arguments(simulator, token), tmp_path,
                     options=["-vvv"])

    assert run.result["failed"] is True
    assert run.result["http_status"] == 401
    assert "supply a new auth_token" in run.result["msg"]
    assert_run_clean(run, "0123456789abcdef0123456789abcdef")


def test_token_echoed_by_server_masked(simulator, tmp_path):
    # A CommServe error text that quotes the token must not carry it into the result.
    simulator.add_faults({"path": "GetId", "action": "status", "status": 400, "json": {
        "errorCode": 1, "errorMessage": "Token %s has no rights here" % ACCESS_TOKEN}})

    run = run_module("oracle_rac_backup", token_arguments(simulator, ACCESS_TOKEN), tmp_path,
                     options=["-vvv"])

    assert run.result["failed"] is True
    assert run.result["http_status"] == 400
    assert_run_clean(run, ACCESS_TOKEN)


def test_renewed_session_clean(simulator, tmp_path):
    simulator.add_faults({"path": "GetId", "action": "expire_tokens"})

    run = run_module("oracle_rac_backup", password_arguments(simulator), tmp_path,
                     options=["-vvv"])

    assert run.result["failed"] is False, run.result["msg"]
    renewals = [entry for entry in simulator.record if entry["path"].lower() == "renewlogintoken"]
    assert len(renewals) == 1
    assert renewals[0]["json"]["sessionId"] == "<redacted>"
    assert_run_clean(run, PASSWORD, base64_of(PASSWORD))


def test_login_record_redacted(simulator, tmp_path):
    run = run_module("oracle_rac_backup", password_arguments(simulator), tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    logins = [entry for entry in simulator.record if entry["path"].lower() == "login"]
    assert logins[0]["json"]["username"] == USERNAME
    assert logins[0]["json"]["password"] == "<redacted>"
    served = requests.get(simulator.control_url + "/requests", timeout=10).text
    assert_absent(served, PASSWORD, base64_of(PASSWORD))


# ansible-core prints a module's arguments, no_log ones included, in this debug line.
# Its documentation of ANSIBLE_DEBUG (DEFAULT_DEBUG in ansible/config/base.yml of
# ansible-core 2.19) warns that debug output can include secrets despite no_log.
CORE_ARGUMENTS_DEBUG_LINE = "done with _execute_module (backupops.commvault.oracle_rac_backup, "


@pytest.mark.parametrize("login", ["password", "token"])
def test_ansible_debug_output_clean(simulator, tmp_path, login):
    if login == "password":
        arguments = password_arguments(simulator)
    else:
        arguments = token_arguments(simulator, ACCESS_TOKEN)

    run = run_module("oracle_rac_backup", arguments, tmp_path, env={"ANSIBLE_DEBUG": "1"},
                     options=["-vvv"])

    assert run.result["failed"] is False, run.result["msg"]
    assert_absent(json.dumps(run.result), PASSWORD, base64_of(PASSWORD), ACCESS_TOKEN)
    leaking_lines = [line for line in run.output.splitlines()
                     if PASSWORD in line or ACCESS_TOKEN in line]
    for line in leaking_lines:
        assert CORE_ARGUMENTS_DEBUG_LINE in line
    assert_absent(run.output, base64_of(PASSWORD))


def test_url_credentials_masked(simulator, tmp_path):
    url_password = "Url-Secret-5501"
    url = simulator.url.replace("http://", "http://admin:%s@" % url_password)
    arguments = password_arguments(simulator, url=url)

    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["-vvv"])

    assert run.result["failed"] is True
    assert "url must not contain credentials" in run.result["msg"]
    assert_run_clean(run, url_password, PASSWORD)
    assert simulator.record == []
