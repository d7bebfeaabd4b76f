"""Environment fallbacks of the connection options."""

import pytest
from ansible.module_utils.basic import AnsibleFallbackNotFound

from ansible_collections.backupops.commvault.plugins.module_utils._module import (
    check_connection_options,
    connection_spec_for_task,
    env_fallback_if_set,
)


def has_fallback(spec, option):
    return "fallback" in spec[option]


def test_fallback_reads_first_set_variable(monkeypatch):
    monkeypatch.delenv("COMMVAULT_A", raising=False)
    monkeypatch.setenv("COMMVAULT_B", "second")

    assert env_fallback_if_set("COMMVAULT_A", "COMMVAULT_B") == "second"


def test_fallback_ignores_empty_variable(monkeypatch):
    monkeypatch.setenv("COMMVAULT_A", "")

    with pytest.raises(AnsibleFallbackNotFound):
        env_fallback_if_set("COMMVAULT_A")


def test_task_without_auth_reads_both_ways():
    spec = connection_spec_for_task({"url": "https://cs.example.com/commandcenter/api"})

    assert has_fallback(spec, "auth_token")
    assert has_fallback(spec, "username")
    assert has_fallback(spec, "password")


def test_task_token_turns_off_credentials():
    spec = connection_spec_for_task({"auth_token": "QSDK 0123"})

    assert has_fallback(spec, "auth_token")
    assert not has_fallback(spec, "username")
    assert not has_fallback(spec, "password")


@pytest.mark.parametrize("task_args", [{"username": "admin"}, {"password": "secret"}])
def test_task_credentials_turn_off_token(task_args):
    spec = connection_spec_for_task(task_args)

    assert not has_fallback(spec, "auth_token")
    assert has_fallback(spec, "username")
    assert has_fallback(spec, "password")


def test_empty_task_value_counts_as_unset():
    spec = connection_spec_for_task({"auth_token": "", "username": None})

    assert has_fallback(spec, "auth_token")
    assert has_fallback(spec, "username")


@pytest.mark.parametrize("option, value", [
    ("request_timeout", float("nan")),
    ("request_timeout", float("inf")),
    ("request_timeout", 0.0),
    ("max_retry_time", float("nan")),
    ("max_retry_time", float("inf")),
    ("max_retry_time", -1.0),
    ("max_retries", -1),
])
def test_invalid_number_named_in_message(option, value):
    params = {"url": "https://cs.example.com/commandcenter/api", "request_timeout": 30.0,
              "max_retries": 3, "max_retry_time": 60.0}
    params[option] = value

    message = check_connection_options(params)

    assert message is not None
    assert message.startswith(option)
