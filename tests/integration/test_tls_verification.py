"""TLS certificate verification of oracle_rac_backup against the simulator's own CA."""

import pytest

from ansible_runner_helpers import run_module

pytestmark = pytest.mark.integration

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
UNVERIFIED_WARNING = "validate_certs is false, so the CommServe's TLS certificate is not verified"


@pytest.fixture
def tls_simulator(simulator_factory, tmp_path):
    return simulator_factory(tls=True, cert_dir=str(tmp_path / "certs"))


def backup_arguments(simulator, **options):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client="testrac01-rac", instance="ORCL")
    arguments.update(options)
    return arguments


def recorded_logins(simulator):
    return [entry for entry in simulator.record if entry["path"].lower() == "login"]


def assert_no_traceback(run):
    # ansible-core 2.19 puts "(traceback unavailable)" in every failed result without one.
    assert "Traceback" not in run.result.get("exception", "")
    assert "Traceback" not in run.output


def assert_verification_failure(run, simulator):
    msg = run.result["msg"]
    assert run.result["failed"] is True
    assert "certificate" in msg
    assert "could not be verified" in msg
    assert "127.0.0.1" in msg
    assert "ca_path" in msg
    assert_no_traceback(run)
    assert recorded_logins(simulator) == []


def test_default_verification_rejects_unknown_ca(tls_simulator, tmp_path):
    run = run_module("oracle_rac_backup", backup_arguments(tls_simulator), tmp_path)

    assert_verification_failure(run, tls_simulator)


def test_ca_path_of_other_ca_rejected(tls_simulator, simulator_factory, tmp_path):
    other = simulator_factory(tls=True, cert_dir=str(tmp_path / "other-certs"))
    arguments = backup_arguments(tls_simulator, ca_path=str(other.ca_file))

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert_verification_failure(run, tls_simulator)


def test_ca_path_option_verifies(tls_simulator, tmp_path):
    arguments = backup_arguments(tls_simulator, ca_path=str(tls_simulator.ca_file))

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]
    assert UNVERIFIED_WARNING not in run.result.get("warnings", [])
    assert len(recorded_logins(tls_simulator)) == 1


def test_ca_path_from_environment(tls_simulator, tmp_path):
    env = {"COMMVAULT_CA_PATH": str(tls_simulator.ca_file)}

    run = run_module("oracle_rac_backup", backup_arguments(tls_simulator), tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]


def test_missing_ca_path_file(tls_simulator, tmp_path):
    missing = tmp_path / "no-such-ca.pem"
    arguments = backup_arguments(tls_simulator, ca_path=str(missing))

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is True
    assert str(missing) in run.result["msg"]
    assert "ca_path" in run.result["msg"]
    assert_no_traceback(run)


def test_validate_certs_false_warns(tls_simulator, tmp_path):
    arguments = backup_arguments(tls_simulator, validate_certs=False)

    run = run_module("oracle_rac_backup", arguments, tmp_path)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]
    assert UNVERIFIED_WARNING in run.result["warnings"]
    assert UNVERIFIED_WARNING in run.output


def test_validate_certs_false_from_environment(tls_simulator, tmp_path):
    env = {"COMMVAULT_VALIDATE_CERTS": "false"}

    run = run_module("oracle_rac_backup", backup_arguments(tls_simulator), tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert UNVERIFIED_WARNING in run.result["warnings"]


def test_requests_ca_bundle_not_over_ca_path(tls_simulator, simulator_factory, tmp_path):
    # ca_path is the user's explicit choice, so requests' own variable must not replace it.
    other = simulator_factory(tls=True, cert_dir=str(tmp_path / "other-certs"))
    arguments = backup_arguments(tls_simulator, ca_path=str(other.ca_file))
    env = {"REQUESTS_CA_BUNDLE": str(tls_simulator.ca_file)}

    run = run_module("oracle_rac_backup", arguments, tmp_path, env=env)

    assert_verification_failure(run, tls_simulator)


def test_requests_ca_bundle_not_over_validate_false(tls_simulator, tmp_path):
    arguments = backup_arguments(tls_simulator, validate_certs=False)
    env = {"REQUESTS_CA_BUNDLE": str(tmp_path / "no-such-bundle.pem")}

    run = run_module("oracle_rac_backup", arguments, tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]


def test_missing_requests_ca_bundle(tls_simulator, tmp_path):
    missing = tmp_path / "no-such-bundle.pem"
    env = {"REQUESTS_CA_BUNDLE": str(missing)}

    run = run_module("oracle_rac_backup", backup_arguments(tls_simulator), tmp_path, env=env)

    assert run.result["failed"] is True
    assert "could not be sent" in run.result["msg"]
    assert str(missing) in run.result["error_message"]
    assert_no_traceback(run)
