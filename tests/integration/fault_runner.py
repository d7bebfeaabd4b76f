"""Run fault cases with ansible-playbook against simulators of their own, in parallel."""

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
import yaml
from commvault_simulator import SimulatorServer

from ansible_runner_helpers import run_module, run_playbook
from fault_cases import FLEET_DATABASES, case_id

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
HTTP_TIMEOUT = 10
MODULE_DATABASE = {"client": "testrac01-rac", "instance": "ORCL"}
# Simulated seconds per real second: the fixtures' jobs finish in well under a second.
DEFAULT_TIME_SCALE = {"module": 10, "role": 20}
# Most cases sleep (retry delays, the adoption grace, slow responses), so more runs
# than CPUs overlap well.
PARALLEL_RUNS = 6
VERBOSITY = "-vvv"


@dataclass
class SimulatedJob:
    """A job as the simulator stores it at the end of a case."""

    job_id: str
    database: tuple
    status: str


@dataclass
class CaseRun:
    """What one case printed, returned and left on the simulator."""

    case: object
    returncode: int
    output: str
    databases: list
    result: dict = None
    report: dict = None
    jobs: list = field(default_factory=list)
    record: list = field(default_factory=list)
    secrets_found: int = 0
    seconds: float = 0.0


def record_issued_tokens(simulator):
    """Wrap the simulator's session factory so that every token it issues is kept."""
    issued = []
    tokens = simulator.state.tokens
    open_session = tokens.open_session

    def open_and_keep(*args, **kwargs):
        token = open_session(*args, **kwargs)
        issued.append(token)
        return token

    tokens.open_session = open_and_keep
    return issued


def login(simulator):
    encoded = base64.b64encode(PASSWORD.encode("utf-8")).decode("ascii")
    response = requests.post(simulator.url + "/Login", json={"username": USERNAME, "password": encoded},
                             timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    return response.json()["token"]


def secret_values(issued_tokens):
    """Return the texts that must never appear in output: the password and every token."""
    values = [PASSWORD, base64.b64encode(PASSWORD.encode("utf-8")).decode("ascii")]
    for token in issued_tokens:
        values.append(token.split(" ", 1)[-1])
    return values


def mask_secrets(text, secrets):
    """Return (number of secrets found in text, text with them masked).

    Masking keeps secrets out of the failure messages that quote the output.
    """
    found = 0
    for value in secrets:
        if value in text:
            found += 1
            text = text.replace(value, "<secret>")
    return found, text


def module_arguments(case, simulator, token):
    arguments = dict(
        MODULE_DATABASE,
        url=simulator.url,
        use_proxy=False,
        request_timeout=3,
        max_retries=3,
        max_retry_time=20,
        wait=True,
        wait_timeout=60,
        poll_interval=0.5,
    )
    if token:
        arguments["auth_token"] = token
    else:
        arguments.update(username=USERNAME, password=PASSWORD)
    arguments.update(case.arguments)
    return arguments


def role_variables(case, simulator, work_dir):
    variables = {
        "fleet_hosts": "localhost",
        "reach_nodes": False,
        "rac_fleet_backup_url": simulator.url,
        "rac_fleet_backup_username": USERNAME,
        "rac_fleet_backup_password": PASSWORD,
        "rac_fleet_backup_use_proxy": False,
        "rac_fleet_backup_request_timeout": 3,
        "rac_fleet_backup_poll_interval": 1,
        "rac_fleet_backup_wait_timeout": 60,
        "rac_fleet_backup_report_dir": str(work_dir / "reports"),
        "rac_fleet_backup_databases": FLEET_DATABASES[:case.databases],
    }
    variables.update(case.arguments)
    return variables


def run_through_module(case, simulator, work_dir, token):
    run = run_module("oracle_rac_backup", module_arguments(case, simulator, token), work_dir,
                     options=[VERBOSITY])
    result_file = work_dir / "module_result.json"
    extra_text = result_file.read_text() if result_file.exists() else ""
    return run.returncode, run.output + extra_text, run.result, None


def run_through_role(case, simulator, work_dir):
    inventory = work_dir / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"localhost": {"ansible_connection": "local"}}}}))
    run = run_playbook("fleet_role.yml", work_dir, extra_vars=role_variables(case, simulator, work_dir),
                       options=["-i", str(inventory), VERBOSITY])

    reports = sorted((work_dir / "reports").glob("rac_fleet_backup-*.json"))
    report = json.loads(reports[0].read_text()) if len(reports) == 1 else None
    report_text = reports[0].read_text() if reports else ""
    return run.returncode, run.output + report_text, None, report


def simulated_jobs(simulator):
    now = simulator.state.now()
    jobs = []
    for job in simulator.jobs:
        subclient = job.subclient
        backupset = subclient.backupset
        instance = backupset.instance
        database = (instance.client.name, instance.name, backupset.name, subclient.name)
        jobs.append(SimulatedJob(str(job.job_id), database, job.view(now).status))
    return jobs


def requested_databases(case):
    if case.via == "module":
        return [(MODULE_DATABASE["client"], MODULE_DATABASE["instance"], "default", "default")]
    return [(entry["client"], entry["instance"], "default", "default") for entry in FLEET_DATABASES[:case.databases]]


def run_case(case, work_dir):
    """Run one case on a new simulator and return its CaseRun."""
    time_scale = case.time_scale or DEFAULT_TIME_SCALE[case.via]
    started = time.monotonic()
    with SimulatorServer(fixture=case.fixture, time_scale=time_scale) as simulator:
        issued = record_issued_tokens(simulator)
        token = login(simulator) if case.given_session_token else None
        simulator.add_faults(*case.faults)

        if case.via == "module":
            returncode, output, result, report = run_through_module(case, simulator, work_dir, token)
        else:
            returncode, output, result, report = run_through_role(case, simulator, work_dir)

        run = CaseRun(case, returncode, output, requested_databases(case), result=result, report=report,
                      jobs=simulated_jobs(simulator), record=simulator.record)
        run.secrets_found, run.output = mask_secrets(run.output, secret_values(issued))
    run.seconds = round(time.monotonic() - started, 1)
    return run


def run_cases(cases, work_dirs):
    """Run the cases in parallel and return a dict of case id to CaseRun.

    work_dirs maps each case id to an empty folder for its files.
    """
    def work(case):
        return run_case(case, work_dirs[case_id(case)])

    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        runs = list(pool.map(work, cases))
    return {case_id(case): run for case, run in zip(cases, runs)}
