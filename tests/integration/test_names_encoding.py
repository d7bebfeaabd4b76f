# -*- coding: utf-8 -*-
"""Entity names with URL, JSON and shell metacharacters and non-ASCII letters.

They must reach the CommServe unchanged, both in GetId's query string and in the
CreateTask body, and come back unchanged in results and messages.
"""

import pytest

from ansible_runner_helpers import run_module

pytestmark = pytest.mark.integration

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"

# In the simulator's test fixture, on client testrac01-rac.
FIXTURE_INSTANCE = 'Sales & Ops #1/"Ünïcode"'

# Added through the control API. Each name mixes characters that a query string,
# a JSON string or a path segment treats specially.
CLIENT = 'Ops Cluster/Ä&B #2 "q"'
INSTANCE = "Inst ü & #7 'x' 日本"
BACKUPSET = 'BS / Spaß & "x" #1 ?a=b'
SUBCLIENT = "Sub 'ä' & #/ %20 + ; Ω\\n"
JOB_DESCRIPTION = 'Nightly & "ad hoc" #3 / Ünïcode ✓'


@pytest.fixture
def named_simulator(simulator_factory):
    # A stopped clock keeps jobs waiting, so a second run finds the first run's job.
    simulator = simulator_factory(time_scale=0)
    simulator.control("POST", "commcell", {"clients": [{
        "name": CLIENT,
        "instances": [{
            "name": INSTANCE,
            "agent": "Oracle RAC",
            "backupsets": [{"name": BACKUPSET, "subclients": [SUBCLIENT]}],
        }],
    }]})
    return simulator


def backup_arguments(simulator, **options):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD)
    arguments.update(options)
    return arguments


def recorded(simulator, method, endpoint):
    return [entry for entry in simulator.record
            if entry["method"] == method and entry["path"].lower() == endpoint.lower()]


def test_fixture_instance_name_intact(simulator, tmp_path):
    arguments = backup_arguments(simulator, client="testrac01-rac", instance=FIXTURE_INSTANCE,
                                 subclient="archivelogs")

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["instance"] == FIXTURE_INSTANCE
    lookup = recorded(simulator, "GET", "GetId")[0]["query"]
    assert lookup["instanceName"] == FIXTURE_INSTANCE
    association = recorded(simulator, "POST", "CreateTask")[0]["json"]["taskInfo"]["associations"][0]
    assert association["instanceName"] == FIXTURE_INSTANCE
    assert association["subclientName"] == "archivelogs"


def test_all_names_intact_in_requests(named_simulator, tmp_path):
    arguments = backup_arguments(named_simulator, client=CLIENT, instance=INSTANCE,
                                 backupset=BACKUPSET, subclient=SUBCLIENT,
                                 job_description=JOB_DESCRIPTION, backup_level="full")

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    lookup = recorded(named_simulator, "GET", "GetId")[0]["query"]
    assert lookup["clientName"] == CLIENT
    assert lookup["instanceName"] == INSTANCE
    assert lookup["backupset"] == BACKUPSET
    assert lookup["subclient"] == SUBCLIENT

    body = recorded(named_simulator, "POST", "CreateTask")[0]["json"]["taskInfo"]
    association = body["associations"][0]
    assert association["clientName"] == CLIENT
    assert association["instanceName"] == INSTANCE
    assert association["backupsetName"] == BACKUPSET
    assert association["subclientName"] == SUBCLIENT
    assert body["subTasks"][0]["options"]["commonOpts"]["jobDescription"] == JOB_DESCRIPTION


def test_all_names_intact_in_result(named_simulator, tmp_path):
    arguments = backup_arguments(named_simulator, client=CLIENT, instance=INSTANCE,
                                 backupset=BACKUPSET, subclient=SUBCLIENT)

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["client"] == CLIENT
    assert run.result["instance"] == INSTANCE
    assert run.result["backupset"] == BACKUPSET
    assert run.result["subclient"] == SUBCLIENT
    assert run.result["request"]["taskInfo"]["associations"][0]["subclientName"] == SUBCLIENT
    assert CLIENT in run.result["msg"]


def test_running_job_matched_by_names(named_simulator, tmp_path):
    # The duplicate guard compares the names of listed jobs with the requested ones,
    # so a name mangled on either side would start a second backup.
    arguments = backup_arguments(named_simulator, client=CLIENT, instance=INSTANCE,
                                 backupset=BACKUPSET, subclient=SUBCLIENT)
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = run_module("oracle_rac_backup", arguments, tmp_path / "first")

    second = run_module("oracle_rac_backup", arguments, tmp_path / "second")

    assert first.result["outcome"] == "started", first.result["msg"]
    assert second.result["outcome"] == "already_running", second.result["msg"]
    assert second.result["job_id"] == first.result["job_id"]
    assert len(recorded(named_simulator, "POST", "CreateTask")) == 1


def test_missing_subclient_named_intact(named_simulator, tmp_path):
    missing = "Nope & #1/ü \"q\""
    arguments = backup_arguments(named_simulator, client=CLIENT, instance=INSTANCE,
                                 backupset=BACKUPSET, subclient=missing)

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is True
    assert "Subclient '%s' was not found" % missing in run.result["msg"]
    assert BACKUPSET in run.result["msg"]
    assert recorded(named_simulator, "POST", "CreateTask") == []
