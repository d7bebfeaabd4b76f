"""No password or token in anything ansible-playbook prints, even at -vvv."""

import base64
import re

import pytest

from ansible_runner_helpers import run_module

pytestmark = pytest.mark.integration

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
ACCESS_TOKEN = "demo-access-token-0123456789abcdef"

# Session tokens that the simulator issues look like "QSDK 3f9a...".
SESSION_TOKEN = re.compile(r"QSDK [0-9a-fA-F]{16,}")


def assert_no_secret(output, *secrets):
    for secret in secrets:
        assert secret not in output
    assert SESSION_TOKEN.search(output) is None


def base64_of(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


@pytest.mark.parametrize("check_mode", [False, True])
def test_password_session_verbose(simulator, tmp_path, check_mode):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client="testrac01-rac", instance="ORCL")
    options = ["-vvv"] + (["--check"] if check_mode else [])
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=options)

    assert run.returncode == 0, run.output
    assert_no_secret(run.output, PASSWORD, base64_of(PASSWORD))
    assert_no_secret(str(run.result), PASSWORD, base64_of(PASSWORD))


def test_token_session_verbose(simulator, tmp_path):
    arguments = dict(url=simulator.url, auth_token=ACCESS_TOKEN,
                     client="testrac01-rac", instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["-vvv"])

    assert run.returncode == 0, run.output
    assert_no_secret(run.output, ACCESS_TOKEN)
    assert_no_secret(str(run.result), ACCESS_TOKEN)


def test_failed_login_verbose(simulator, tmp_path):
    wrong_password = "Wrong-Passw0rd-7"
    arguments = dict(url=simulator.url, username=USERNAME, password=wrong_password,
                     client="testrac01-rac", instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["-vvv"])

    assert run.result["failed"] is True
    assert_no_secret(run.output, wrong_password, base64_of(wrong_password))


def test_failed_backup_verbose(simulator, tmp_path):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client="nosuch-rac", instance="ORCL")
    run = run_module("oracle_rac_backup", arguments, tmp_path, options=["-vvv"])

    assert run.result["failed"] is True
    assert_no_secret(run.output, PASSWORD, base64_of(PASSWORD))
