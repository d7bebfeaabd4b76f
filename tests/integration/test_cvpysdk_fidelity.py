"""Drive the simulator with Commvault's own Python SDK, cvpysdk, over HTTPS on 127.0.0.1.

cvpysdk walks from the CommCell to a subclient of a RAC pseudo-client, starts backups
and waits for them, reading the fields it needs from each response. A test here fails
when the simulator serves a call in a shape that cvpysdk cannot read.

Three things are patched so that cvpysdk stays on 127.0.0.1 and the tests stay fast:
- `socket.getfqdn`, which cvpysdk calls for the Login `deviceId` and which can send
  a DNS query, returns a fixed name;
- every HTTP request goes through a guard that fails the test for any host but 127.0.0.1;
- `time.sleep` inside `cvpysdk.job` moves the simulator's stopped clock forward
  instead of waiting, so a 30-second poll of `wait_for_completion` takes no real time.
"""

import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests

cvpysdk = pytest.importorskip(
    "cvpysdk",
    reason="cvpysdk (Commvault's Python SDK) is not installed; pip install cvpysdk==11.44 to run these tests",
)

from cvpysdk import commcell as cvpysdk_commcell  # noqa: E402
from cvpysdk import job as cvpysdk_job  # noqa: E402
from cvpysdk.commcell import Commcell  # noqa: E402

from commvault_simulator import SimulatorServer  # noqa: E402

# Users and clients of tests/simulator/fixtures/test.yml.
USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
RAC_CLIENT = "testrac01-rac"
RAC_CLIENT_ID = 301
ALLOWED_HOST = "127.0.0.1"
DEVICE_ID = "cvpysdk-fidelity-test"


class ForeignHostError(AssertionError):
    """cvpysdk tried to reach a host other than the simulator."""


@pytest.fixture
def simulator():
    """A simulator with the test fixture, served over HTTPS, whose clock is stopped until a test advances it."""
    with SimulatorServer("test", tls=True, time_scale=0) as server:
        yield server


@pytest.fixture
def local_only(monkeypatch, simulator):
    """Keep cvpysdk on 127.0.0.1 and let its job waits move the simulated clock."""
    original_send = requests.Session.send

    def guarded_send(session, prepared, **options):
        host = urlsplit(prepared.url).hostname
        if host != ALLOWED_HOST:
            raise ForeignHostError(f"cvpysdk sent {prepared.method} to {host}; only {ALLOWED_HOST} is allowed")
        return original_send(session, prepared, **options)

    monkeypatch.setattr(requests.Session, "send", guarded_send)

    monkeypatch.setattr(cvpysdk_commcell.socket, "getfqdn", lambda *args: DEVICE_ID)

    simulated_time = SimpleNamespace(**vars(time))
    simulated_time.sleep = simulator.advance
    monkeypatch.setattr(cvpysdk_job, "time", simulated_time)


@pytest.fixture
def commcell(simulator, local_only):
    """A cvpysdk Commcell logged in to the simulator as the fixture's admin user."""
    return Commcell(
        ALLOWED_HOST,
        USERNAME,
        PASSWORD,
        web_service_url=simulator.url,
        certificate_path=str(simulator.ca_file),
    )


def oracle_rac_subclient(commcell, instance_name, subclient_name="default"):
    """Walk client, agent, instance and backup set to a subclient, as a cvpysdk user would."""
    client = commcell.clients.get(RAC_CLIENT)
    agent = client.agents.get("Oracle RAC")
    instance = agent.instances.get(instance_name)
    backupset = instance.backupsets.get("default")
    return backupset.subclients.get(subclient_name)


def api_calls(simulator):
    """Return (method, path) of each recorded API request, in order."""
    return [(entry["method"], entry["path"]) for entry in simulator.record]


def test_login_sends_device_id(simulator, commcell):
    login = [entry for entry in simulator.record if entry["path"] == "Login"]
    assert len(login) == 1
    assert login[0]["json"]["username"] == USERNAME
    assert login[0]["json"]["deviceId"] == DEVICE_ID
    assert login[0]["json"]["password"] == "<redacted>"


def test_walk_to_rac_subclient(simulator, commcell):
    client = commcell.clients.get(RAC_CLIENT)
    agent = client.agents.get("Oracle RAC")
    instance = agent.instances.get("ORCL")
    backupset = instance.backupsets.get("default")
    subclient = backupset.subclients.get("archivelogs")

    assert client.client_id == str(RAC_CLIENT_ID)
    assert agent.agent_id == "80"
    assert instance.instance_name == "orcl"
    assert backupset.backupset_name == "default"
    assert subclient.subclient_name == "archivelogs"
    assert type(subclient).__name__ == "OracleSubclient"
    expected = simulator.state.commcell.find_client(RAC_CLIENT).find_instance("ORCL", 80)
    assert subclient.subclient_id == str(expected.backupsets["default"].subclients["archivelogs"].subclient_id)


def test_walk_lists_default_entities(commcell):
    instance = commcell.clients.get(RAC_CLIENT).agents.get("Oracle RAC").instances.get("ORCL")

    assert instance.backupsets.default_backup_set == "default"
    assert instance.backupsets.get("default").subclients.default_subclient == "default"


def test_every_call_succeeds(simulator, commcell):
    subclient = oracle_rac_subclient(commcell, "ORCL")
    subclient.backup("full").wait_for_completion()

    failed = [(entry["method"], entry["path"], entry["status"]) for entry in simulator.record if entry["status"] != 200]
    assert failed == []


def test_full_backup_completes(simulator, commcell):
    subclient = oracle_rac_subclient(commcell, "ORCL")

    job = subclient.backup("full")
    completed = job.wait_for_completion()

    assert completed is True
    assert job.status == "Completed"
    assert ("POST", f"Subclient/{subclient.subclient_id}/action/backup") in api_calls(simulator)
    started = simulator.jobs
    assert [str(j.job_id) for j in started] == [job.job_id]
    assert started[0].backup_level == "FULL"
    assert started[0].subclient.backupset.instance.name == "ORCL"


def test_cumulative_backup_uses_createtask(simulator, commcell):
    subclient = oracle_rac_subclient(commcell, "ORCL")

    job = subclient.backup("incremental", cumulative=True)
    completed = job.wait_for_completion()

    assert completed is True
    assert job.status == "Completed"
    tasks = [entry["json"]["taskInfo"] for entry in simulator.record if entry["path"] == "CreateTask"]
    assert len(tasks) == 1
    association = tasks[0]["associations"][0]
    assert association["clientName"] == RAC_CLIENT
    assert association["instanceName"] == "ORCL"
    assert association["appName"] == "Oracle RAC"
    assert association["applicationId"] == 80
    assert tasks[0]["subTasks"][0]["options"]["backupOpts"]["oracleOptions"]["cumulative"] is True
    assert simulator.jobs[0].backup_level == "INCREMENTAL"


def test_failed_job_reports_reason(commcell):
    subclient = oracle_rac_subclient(commcell, "FAILDB")

    job = subclient.backup("full")
    completed = job.wait_for_completion()

    assert completed is False
    assert job.status == "Failed"
    assert job.delay_reason.startswith("ORA-19504")


def lookups_before_details(simulator, job_id):
    """Count the `Job/{id}` requests for `job_id` before its first JobDetails request."""
    count = 0
    for entry in simulator.record:
        if entry["path"] == f"Job/{job_id}":
            count += 1
        elif entry["path"] == "JobDetails" and entry["json"]["jobId"] == int(job_id):
            break
    return count


def test_late_job_record_is_retried(simulator, commcell):
    prompt_job = oracle_rac_subclient(commcell, "ORCL").backup("full")
    late_job = oracle_rac_subclient(commcell, "LATEDB").backup("full")

    assert late_job.wait_for_completion() is True
    assert late_job.status == "Completed"
    prompt_lookups = lookups_before_details(simulator, prompt_job.job_id)
    late_lookups = lookups_before_details(simulator, late_job.job_id)
    assert late_lookups > prompt_lookups


def test_foreign_host_is_blocked(local_only):
    with pytest.raises(ForeignHostError):
        requests.get("http://192.0.2.1/commandcenter/api/", timeout=1)
