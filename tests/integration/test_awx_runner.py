"""The fleet job run the way Automation Controller runs it: through ansible-runner,
with the credential's COMMVAULT_* variables in env/envvars and the survey answers in
env/extravars, against the simulator."""

import json
import os
import sys

import ansible_runner
import pytest
import yaml
from jinja2 import Environment

from ansible_runner_helpers import ANSIBLE_PLAYBOOK, COLLECTIONS_PATH, REPO_ROOT
from simulator_record import requests_to

pytestmark = pytest.mark.integration

FIXTURE = REPO_ROOT / "tests" / "simulator" / "fixtures" / "fleet-test.yml"
CREDENTIAL_TYPE = REPO_ROOT / "awx" / "credential_type.yml"
SURVEY_SPEC = REPO_ROOT / "awx" / "survey_spec.json"
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
ACCESS_TOKEN = "fleet-access-token-0123456789abcdef"
TIME_SCALE = 20

INVENTORY = {"all": {"children": {
    "fleetrac01": {"hosts": {"fleetrac01a": {}, "fleetrac01b": {}},
                   "vars": {"commvault_client": "fleetrac01-rac",
                            "commvault_databases": ["FINDB", "HRDB"]}},
    "fleetrac02": {"hosts": {"fleetrac02a": {}, "fleetrac02b": {}},
                   "vars": {"commvault_client": "fleetrac02-rac",
                            "commvault_databases": ["ERPDB", "CRMDB"]}},
}, "vars": {"ansible_connection": "local"}}}


def injected_environment(credential_inputs):
    """Render the credential type's env injectors the way the Controller does, with
    an empty string for an input the credential leaves unset."""
    injectors = yaml.safe_load(CREDENTIAL_TYPE.read_text())["injectors"]["env"]
    environment = Environment()
    return {name: environment.from_string(template).render(**credential_inputs)
            for name, template in injectors.items()}


def survey_answers(**answers):
    """Return the survey's defaults, updated with answers, as the extra vars of a launch."""
    spec = json.loads(SURVEY_SPEC.read_text())["spec"]
    values = {question["variable"]: question["default"] for question in spec}
    values.update(answers)
    return values


def run_job(tmp_path, credential_inputs, answers):
    """Lay out a private data directory as the Controller does and run the fleet playbook."""
    private = tmp_path / "private"
    (private / "env").mkdir(parents=True)
    (private / "inventory").mkdir()
    (private / "inventory" / "hosts.yml").write_text(yaml.safe_dump(INVENTORY))

    envvars = injected_environment(credential_inputs)
    envvars.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_NOCOLOR="1")
    (private / "env" / "envvars").write_text(yaml.safe_dump(envvars))

    extravars = dict(answers, rac_fleet_backup_poll_interval=1, rac_fleet_backup_use_proxy=False,
                     rac_fleet_backup_report_dir=str(tmp_path / "reports"))
    (private / "env" / "extravars").write_text(yaml.safe_dump(extravars))

    # The Controller's own COMMVAULT_* settings must not reach the job: only the credential's.
    # ansible-runner finds ansible-playbook on PATH, as it does inside an execution environment.
    saved = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("COMMVAULT_")}
    saved["PATH"] = os.environ["PATH"]
    os.environ["PATH"] = "%s:%s" % (ANSIBLE_PLAYBOOK.parent, saved["PATH"])
    try:
        return ansible_runner.run(private_data_dir=str(private), project_dir=str(REPO_ROOT),
                                  playbook="playbooks/fleet_backup.yml", quiet=True, timeout=600)
    finally:
        os.environ.update(saved)


def job_stats(runner):
    """Return the set_stats data of the run, as a workflow's next node receives it."""
    for event in runner.events:
        if event.get("event") == "playbook_on_stats":
            return event["event_data"].get("artifact_data", {})
    return {}


@pytest.fixture
def fleet_simulator(simulator_factory):
    return simulator_factory(fixture=str(FIXTURE), time_scale=TIME_SCALE)


def test_runner_password_credential(fleet_simulator, tmp_path):
    credential = {"url": fleet_simulator.url, "username": USERNAME, "password": PASSWORD,
                  "validate_certs": True}

    runner = run_job(tmp_path, credential, survey_answers(backup_level="full"))

    output = runner.stdout.read()
    assert runner.status == "successful", output
    assert runner.rc == 0
    assert PASSWORD not in output
    creates = requests_to(fleet_simulator, "POST", "CreateTask")
    assert len(creates) == 4
    levels = {entry["json"]["taskInfo"]["subTasks"][0]["options"]["backupOpts"]["backupLevel"]
              for entry in creates}
    assert levels == {"FULL"}
    assert len(requests_to(fleet_simulator, "POST", "Login")) == 1
    assert len(requests_to(fleet_simulator, "POST", "Logout")) == 1

    report = job_stats(runner)["rac_fleet_backup_report"]
    assert len(report["rows"]) == 4
    assert {row["outcome"] for row in report["rows"]} == {"completed"}


def test_runner_token_credential(fleet_simulator, tmp_path):
    credential = {"url": fleet_simulator.url, "auth_token": ACCESS_TOKEN, "validate_certs": True}

    runner = run_job(tmp_path, credential, survey_answers(cumulative="true"))

    output = runner.stdout.read()
    assert runner.status == "successful", output
    assert ACCESS_TOKEN not in output
    assert requests_to(fleet_simulator, "POST", "Login") == []
    creates = requests_to(fleet_simulator, "POST", "CreateTask")
    assert len(creates) == 4
    cumulative = {entry["json"]["taskInfo"]["subTasks"][0]["options"]["backupOpts"]["oracleOptions"]["cumulative"]
                  for entry in creates}
    assert cumulative == {True}
