# -*- coding: utf-8 -*-
"""Property tests over oracle_rac_backup's options.

Every combination of option values must end either in a well-formed CreateTask body
or in a validation error that names an invalid option, never in an exception.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import io
import json
import os
from unittest import mock

import pytest
from ansible.module_utils.common.validation import check_type_bool, check_type_int
from ansible.module_utils.testing import patch_module_args
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.backupops.commvault.plugins.module_utils import _module
from ansible_collections.backupops.commvault.plugins.module_utils._backup_flow import (
    BackupRequest,
    StartSettings,
    build_request_body,
)
from ansible_collections.backupops.commvault.plugins.module_utils._payload import (
    AGENTS,
    BACKUP_LEVELS,
)
from ansible_collections.backupops.commvault.plugins.modules import oracle_rac_backup

NAME_OPTIONS = ("client", "instance", "backupset", "subclient")
URL = "http://127.0.0.1:9/commandcenter/api"
PASSWORD = "Property-Test-Passw0rd-31"

# Examples are capped so that the file runs in a few seconds.
PURE_EXAMPLES = 300
MODULE_EXAMPLES = 60

# Each option has a strategy for values that should pass and one for values that
# should not. A test draws the few options it breaks, so valid combinations stay
# common, and computes which values are invalid from the values themselves.
NAME_VALUES = (
    st.one_of(st.text(min_size=1, max_size=40).filter(str.strip),
              st.sampled_from(["ORCL", 'Sales & Ops #1/"Ünïcode"', " padded ", "日本"])),
    st.one_of(st.sampled_from(["", " ", "\t\n", "\u3000", "\u00a0"]),
              st.text(alphabet=" \t\n\r\x0b\x0c\u2003", max_size=5)),
)
AGENT_VALUES = (st.sampled_from(sorted(AGENTS)), st.text(max_size=12))
LEVEL_VALUES = (st.sampled_from(sorted(BACKUP_LEVELS)), st.text(max_size=12))
optional_text = st.one_of(st.none(), st.text(max_size=60))


def draw_option(draw, values, broken):
    valid, invalid = values
    return draw(invalid if broken else valid)


def draw_broken(draw, options):
    """Draw the options to give invalid values: none in about half of the examples."""
    return draw(st.one_of(st.just(set()), st.sets(st.sampled_from(options), min_size=1, max_size=2)))


@st.composite
def pure_options(draw):
    broken = draw_broken(draw, NAME_OPTIONS + ("agent", "backup_level"))
    options = {name: draw_option(draw, NAME_VALUES, name in broken) for name in NAME_OPTIONS}
    options.update(
        agent=draw_option(draw, AGENT_VALUES, "agent" in broken),
        backup_level=draw_option(draw, LEVEL_VALUES, "backup_level" in broken),
        cumulative=draw(st.booleans()),
        job_description=draw(optional_text),
        notify_on_completion=draw(st.booleans()),
        display_name=draw(optional_text),
        user_name=draw(optional_text),
        user_id=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=2 ** 31 - 1))),
    )
    return options


def invalid_pure_options(options):
    invalid = [name for name in NAME_OPTIONS if not options[name].strip()]
    if options["agent"] not in AGENTS:
        invalid.append("agent")
    if options["backup_level"] not in BACKUP_LEVELS:
        invalid.append("backup_level")
    elif options["cumulative"] and options["backup_level"] == "full":
        invalid.append("cumulative")
    return invalid


def validate_and_build(options):
    """Run the module's option checks and the payload builder; return (body, error)."""
    request = BackupRequest(*(options[name] for name in BackupRequest._fields))
    problem = oracle_rac_backup.check_request(request)
    if problem:
        return None, problem

    start = StartSettings(force=False, skip_if_completed_within=0, check_mode=False,
                          notify_on_completion=options["notify_on_completion"],
                          display_name=options["display_name"], user_name=options["user_name"],
                          user_id=options["user_id"])
    try:
        return build_request_body(request, start), None
    except ValueError as err:
        return None, str(err)


def names_option(message, options):
    """Tell whether message starts by naming one of options, as every check's message does."""
    prefixes = []
    for option in options:
        prefixes += [option + " ", "value of %s must be one of" % option,
                     "argument '%s' is of type" % option]
    return any(message.startswith(prefix) for prefix in prefixes)


def check_association(association, options):
    app_name, application_id = AGENTS[options["agent"]]
    assert association["clientName"] == options["client"]
    assert association["instanceName"] == options["instance"]
    assert association["backupsetName"] == options["backupset"]
    assert association["subclientName"] == options["subclient"]
    assert association["appName"] == app_name
    assert association["applicationId"] == application_id
    assert ("displayName" in association) == bool(options["display_name"])


def check_backup_options(backup_options, options):
    assert backup_options["backupLevel"] == BACKUP_LEVELS[options["backup_level"]]
    incremental = options["backup_level"] == "incremental"
    assert ("oracleOptions" in backup_options) == incremental
    if incremental:
        assert backup_options["oracleOptions"] == {"cumulative": options["cumulative"]}


def check_common_and_admin_options(task_options, options):
    common = task_options["commonOpts"]
    assert common["notifyUserOnJobCompletion"] is options["notify_on_completion"]
    assert common.get("jobDescription") == (options["job_description"] or None)

    has_user = options["user_id"] is not None or bool(options["user_name"])
    assert ("adminOpts" in task_options) == has_user
    if has_user:
        user = task_options["adminOpts"]["clientInstallOption"]["installerOption"]["User"]
        assert user.get("userId") == options["user_id"]
        assert user.get("userName") == (options["user_name"] or None)


def check_body(body, options):
    assert list(body) == ["taskInfo"]
    task_info = body["taskInfo"]
    assert task_info["task"] == {"taskType": "IMMEDIATE"}
    assert len(task_info["associations"]) == 1
    check_association(task_info["associations"][0], options)

    assert len(task_info["subTasks"]) == 1
    sub_task = task_info["subTasks"][0]
    assert sub_task["subTask"] == {"subTaskType": "BACKUP", "operationType": "BACKUP"}
    check_backup_options(sub_task["options"]["backupOpts"], options)
    check_common_and_admin_options(sub_task["options"], options)

    # The client sends json.dumps output, so every body must survive it unchanged.
    assert json.loads(json.dumps(body)) == body


@settings(max_examples=PURE_EXAMPLES, deadline=None)
@given(options=pure_options())
def test_options_give_body_or_named_error(options):
    body, error = validate_and_build(options)
    invalid = invalid_pure_options(options)

    if invalid:
        assert body is None
        assert names_option(error, invalid), error
    else:
        assert error is None
        check_body(body, options)


# Values that the module receives from YAML or templating: strings for numbers and
# booleans are common, so they are drawn alongside the proper types.
BOOLEAN_VALUES = (st.one_of(st.booleans(), st.sampled_from(["yes", "no", "True", "0"])),
                  st.sampled_from(["maybe", "", "2", "ja"]))
USER_ID_VALUES = (st.one_of(st.none(), st.integers(min_value=1, max_value=2 ** 31 - 1),
                            st.sampled_from(["12", " 7 ", "1.0"])),
                  st.sampled_from(["1.5", "12a", "", "nan"]))


@st.composite
def module_arguments(draw):
    broken = draw_broken(draw, NAME_OPTIONS + ("agent", "backup_level", "cumulative", "user_id"))
    arguments = {name: draw_option(draw, NAME_VALUES, name in broken) for name in NAME_OPTIONS}
    arguments.update(
        agent=draw_option(draw, AGENT_VALUES, "agent" in broken),
        backup_level=draw_option(draw, LEVEL_VALUES, "backup_level" in broken),
        cumulative=draw_option(draw, BOOLEAN_VALUES, "cumulative" in broken),
        job_description=draw(optional_text),
        user_id=draw_option(draw, USER_ID_VALUES, "user_id" in broken),
    )
    return {key: value for key, value in arguments.items() if value is not None}


def converts(check, value):
    try:
        check(value)
    except TypeError:
        return False
    return True


def invalid_module_arguments(arguments):
    """Return the options whose values the module must reject."""
    invalid = [name for name in NAME_OPTIONS if not arguments[name].strip()]
    if arguments["agent"] not in AGENTS:
        invalid.append("agent")
    if arguments["backup_level"] not in BACKUP_LEVELS:
        invalid.append("backup_level")
    if not converts(check_type_bool, arguments["cumulative"]):
        invalid.append("cumulative")
    elif check_type_bool(arguments["cumulative"]) and arguments["backup_level"] == "full":
        invalid.append("cumulative")
    if "user_id" in arguments and not converts(check_type_int, arguments["user_id"]):
        invalid.append("user_id")
    return invalid


def run_module_validation(arguments):
    """Run oracle_rac_backup's main() up to the point where it would connect.

    Return (result, module): the printed result, and the module when its argument
    checks passed and it called run(), else None.
    """
    reached = {}

    def stop_before_connecting(module, action, subject):
        reached["module"] = module
        module.exit_json(changed=False, validated=True)

    values = dict(arguments, url=URL, username="admin", password=PASSWORD)
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("COMMVAULT_")}
    output = io.StringIO()
    with mock.patch.dict(os.environ, environment, clear=True), \
            mock.patch.object(_module.CommvaultModule, "run", stop_before_connecting), \
            patch_module_args(values), contextlib.redirect_stdout(output):
        with pytest.raises(SystemExit):
            oracle_rac_backup.main()
    return json.loads(output.getvalue()), reached.get("module")


def strip_subject(message, arguments):
    subject = "Backup of %s/%s/%s: " % (arguments["client"], arguments["instance"],
                                        arguments["subclient"])
    return message[len(subject):] if message.startswith(subject) else message


@settings(max_examples=MODULE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(arguments=module_arguments())
def test_module_arguments_validated(arguments):
    result, module = run_module_validation(arguments)
    invalid = invalid_module_arguments(arguments)

    if invalid:
        assert result.get("failed") is True
        assert module is None
        assert names_option(strip_subject(result["msg"], arguments), invalid), result["msg"]
        assert "Traceback" not in result.get("exception", "")
        return

    assert result.get("validated") is True, result.get("msg")
    request = oracle_rac_backup.single_request(module.params)
    start, _wait_settings = oracle_rac_backup.read_settings(module)
    options = dict(request._asdict(), notify_on_completion=start.notify_on_completion,
                   display_name=start.display_name, user_name=start.user_name,
                   user_id=start.user_id)
    check_body(build_request_body(request, start), options)


def test_module_output_hides_password():
    arguments = dict(client="c", instance="i", backupset="b", subclient="s",
                     agent="oracle_rac", backup_level="full", cumulative=True)

    result, _output = run_module_validation(arguments)

    assert result["failed"] is True
    assert PASSWORD not in json.dumps(result)


@pytest.mark.parametrize("user_id", [0, -1])
def test_user_id_below_one_rejected(user_id):
    arguments = dict(client="c", instance="i", backupset="b", subclient="s",
                     agent="oracle_rac", backup_level="full", cumulative=False, user_id=user_id)

    result, _output = run_module_validation(arguments)

    assert result.get("failed") is True
    assert "user_id" in result.get("msg", "")


@pytest.mark.xfail(strict=True, raises=OverflowError,
                   reason="ansible-core 2.19 check_type_int lets OverflowError escape for "
                          "'inf', so the module ends with a traceback")
def test_user_id_infinity_rejected():
    arguments = dict(client="c", instance="i", backupset="b", subclient="s",
                     agent="oracle_rac", backup_level="full", cumulative=False, user_id="inf")

    result, _output = run_module_validation(arguments)

    assert result.get("failed") is True
    assert "user_id" in result.get("msg", "")
