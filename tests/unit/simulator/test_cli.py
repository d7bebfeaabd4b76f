"""The commvault-simulator command: help, host check, start and stop."""

import os
import subprocess
import sys

import pytest
import requests

COMMAND = [sys.executable, "-m", "commvault_simulator.cli"]


def run(*args, timeout=60):
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.mark.parametrize("sub_command", [[], ["serve"], ["start"], ["stop"]])
def test_help_of_every_command(sub_command):
    result = run(*sub_command, "--help")

    assert result.returncode == 0
    assert "usage: commvault-simulator" in result.stdout


def test_serve_rejects_other_host():
    result = run("serve", "--host", "0.0.0.0")

    assert result.returncode == 2
    assert "127.0.0.1 only" in result.stderr


def test_start_rejects_other_host(tmp_path):
    result = run("start", "--host", "localhost", "--pid-file", str(tmp_path / "pid"))

    assert result.returncode == 2
    assert not (tmp_path / "pid").exists()


def test_start_and_stop(tmp_path):
    pid_file, url_file, log_file = tmp_path / "pid", tmp_path / "url", tmp_path / "sim.log"
    started = run(
        "start",
        "--pid-file",
        str(pid_file),
        "--url-file",
        str(url_file),
        "--log-file",
        str(log_file),
        "--fixture",
        "demo",
    )
    url = url_file.read_text().strip()

    try:
        clients = requests.get(
            f"{url}/Client", headers={"Authtoken": "QSDK demo-access-token-0123456789abcdef"}, timeout=10
        )
    finally:
        stopped = run("stop", "--pid-file", str(pid_file))

    assert started.returncode == 0
    assert started.stdout.strip() == url
    assert url.startswith("http://127.0.0.1:")
    assert clients.json()["clientProperties"][0]["client"]["clientEntity"]["clientName"] == "prodrac01-rac"
    assert stopped.returncode == 0
    assert not pid_file.exists()
    assert "GET /commandcenter/api/Client 200" in log_file.read_text()
    assert "demo-access-token" not in log_file.read_text()


def test_start_with_tls(tmp_path):
    pid_file, cert_dir = tmp_path / "pid", tmp_path / "certs"
    started = run("start", "--pid-file", str(pid_file), "--tls", "--cert-dir", str(cert_dir))
    url = started.stdout.strip().splitlines()[-1]

    try:
        health = requests.get(
            url.replace("/commandcenter/api", "/_simulator/health"), verify=str(cert_dir / "ca.pem"), timeout=10
        )
    finally:
        run("stop", "--pid-file", str(pid_file))

    assert f"CA file: {cert_dir / 'ca.pem'}" in started.stdout
    assert health.json()["status"] == "ok"


def test_stop_with_stale_pid_file(tmp_path):
    pid_file = tmp_path / "pid"
    probe = subprocess.Popen([sys.executable, "-c", "pass"])
    probe.wait()
    pid_file.write_text(f"{probe.pid}\n")

    result = run("stop", "--pid-file", str(pid_file))

    assert result.returncode == 0
    assert not pid_file.exists()


def test_missing_fixture_is_error():
    result = run("serve", "--fixture", os.devnull + ".missing.yml")

    assert result.returncode == 2
    assert "fixture not found" in result.stderr
