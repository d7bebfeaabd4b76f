"""HTTPS with a private CA."""

import pytest
import requests
from simulator_helpers import ACCESS_TOKEN


def test_https_verifies_with_ca(simulator_factory, tmp_path):
    server = simulator_factory(tls=True, cert_dir=tmp_path)

    response = requests.get(
        f"{server.url}/Client", headers={"Authtoken": f"QSDK {ACCESS_TOKEN}"}, verify=str(server.ca_file), timeout=10
    )

    assert server.url.startswith("https://127.0.0.1:")
    assert server.ca_file == tmp_path / "ca.pem"
    assert response.status_code == 200


def test_https_localhost_name_verifies(simulator_factory, tmp_path):
    server = simulator_factory(tls=True, cert_dir=tmp_path)

    response = requests.get(
        f"https://localhost:{server.port}/_simulator/health", verify=str(server.ca_file), timeout=10
    )

    assert response.json()["status"] == "ok"


def test_https_rejected_without_ca(simulator_factory):
    server = simulator_factory(tls=True)

    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{server.url}/Client", timeout=10)


def test_key_file_private(simulator_factory, tmp_path):
    simulator_factory(tls=True, cert_dir=tmp_path)

    assert (tmp_path / "server-key.pem").stat().st_mode & 0o077 == 0


def test_tls_reset_fault(simulator_factory, tmp_path):
    server = simulator_factory(tls=True, cert_dir=tmp_path)
    server.add_faults({"path": "Client", "action": "reset"})

    with pytest.raises(requests.ConnectionError):
        requests.get(
            f"{server.url}/Client",
            headers={"Authtoken": f"QSDK {ACCESS_TOKEN}"},
            verify=str(server.ca_file),
            timeout=10,
        )

    after = requests.get(
        f"{server.url}/Client", headers={"Authtoken": f"QSDK {ACCESS_TOKEN}"}, verify=str(server.ca_file), timeout=10
    )
    assert after.status_code == 200
