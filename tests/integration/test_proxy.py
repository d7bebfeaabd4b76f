"""Proxy handling of oracle_rac_backup: the proxy variables and use_proxy.

A recording proxy on 127.0.0.1 relays to the simulator, so the tests see which
requests went through it. It forwards only to 127.0.0.1.
"""

import http.client
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from ansible_runner_helpers import run_module

pytestmark = pytest.mark.integration

USERNAME = "admin"
PASSWORD = "Demo-Passw0rd!"
PROXY_PASSWORD = "Proxy-Secret-9137"
ALLOWED_HOSTS = ("127.0.0.1", "localhost")
HOP_BY_HOP_HEADERS = {"connection", "keep-alive", "proxy-authorization", "proxy-connection",
                      "te", "trailer", "transfer-encoding", "upgrade"}
TUNNEL_IDLE_SECONDS = 30


class RecordingProxyHandler(BaseHTTPRequestHandler):
    """Forward plain HTTP requests and tunnel CONNECT, recording each one."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def record(self):
        self.server.received.append(dict(
            method=self.command,
            target=self.path,
            has_proxy_authorization="Proxy-Authorization" in self.headers,
        ))

    def reject(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_CONNECT(self):
        self.record()
        host, _separator, port = self.path.rpartition(":")
        if host not in ALLOWED_HOSTS:
            self.reject(403)
            return
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.relay(upstream)
        self.close_connection = True

    def relay(self, upstream):
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _writable, _errored = select.select(sockets, [], [], TUNNEL_IDLE_SECONDS)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    target = upstream if source is self.connection else self.connection
                    target.sendall(data)
        finally:
            upstream.close()

    def forward(self):
        self.record()
        target = urlsplit(self.path)
        if target.hostname not in ALLOWED_HOSTS:
            self.reject(403)
            return

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in HOP_BY_HOP_HEADERS}
        path = target.path + ("?" + target.query if target.query else "")

        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        try:
            upstream.request(self.command, path, body=body, headers=headers)
            response = upstream.getresponse()
            content = response.read()
        finally:
            upstream.close()

        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP_HEADERS and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = forward
    do_POST = forward
    do_DELETE = forward


class RecordingProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordingProxyHandler)
        self.received = []

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


@pytest.fixture
def proxy():
    server = RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def proxy_environment(proxy_url, no_proxy=""):
    """Point every proxy variable at proxy_url, in both spellings requests reads.

    requests bypasses the proxy for hosts listed in no_proxy, so it is set here and
    never inherited from the machine that runs the tests.
    """
    env = {}
    for name in ("http_proxy", "https_proxy"):
        env[name] = proxy_url
        env[name.upper()] = proxy_url
    for name in ("no_proxy", "all_proxy"):
        env[name] = no_proxy if name == "no_proxy" else ""
        env[name.upper()] = env[name]
    return env


def closed_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def backup_arguments(simulator, **options):
    arguments = dict(url=simulator.url, username=USERNAME, password=PASSWORD,
                     client="testrac01-rac", instance="ORCL")
    arguments.update(options)
    return arguments


def test_http_proxy_carries_every_request(simulator, proxy, tmp_path):
    env = proxy_environment(proxy.url)

    run = run_module("oracle_rac_backup", backup_arguments(simulator), tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]
    targets = [entry["target"] for entry in proxy.received]
    assert simulator.url + "/Login" in targets
    assert simulator.url + "/CreateTask" in targets
    assert len(proxy.received) == len(simulator.record)


def test_https_proxy_tunnels_to_server(simulator_factory, proxy, tmp_path):
    tls_simulator = simulator_factory(tls=True, cert_dir=str(tmp_path / "certs"))
    arguments = backup_arguments(tls_simulator, ca_path=str(tls_simulator.ca_file))
    env = proxy_environment(proxy.url)

    run = run_module("oracle_rac_backup", arguments, tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]
    server = "127.0.0.1:%d" % tls_simulator.port
    assert proxy.received[0]["method"] == "CONNECT"
    assert proxy.received[0]["target"] == server
    assert {entry["target"] for entry in proxy.received} == {server}


def test_use_proxy_false_goes_direct(simulator, proxy, tmp_path):
    env = proxy_environment(proxy.url)
    arguments = backup_arguments(simulator, use_proxy=False)

    run = run_module("oracle_rac_backup", arguments, tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert run.result["job_ids"] == ["63001"]
    assert proxy.received == []
    assert len(simulator.record) > 0


def test_no_proxy_host_goes_direct(simulator, proxy, tmp_path):
    env = proxy_environment(proxy.url, no_proxy="127.0.0.1")

    run = run_module("oracle_rac_backup", backup_arguments(simulator), tmp_path, env=env)

    assert run.result["failed"] is False, run.result["msg"]
    assert proxy.received == []


def test_proxy_credentials_sent_not_shown(simulator, proxy, tmp_path):
    proxy_url = "http://proxyuser:%s@%s" % (PROXY_PASSWORD, urlsplit(proxy.url).netloc)
    env = proxy_environment(proxy_url)

    run = run_module("oracle_rac_backup", backup_arguments(simulator), tmp_path, env=env,
                     options=["-vvv"])

    assert run.result["failed"] is False, run.result["msg"]
    assert proxy.received[0]["has_proxy_authorization"] is True
    assert PROXY_PASSWORD not in run.output
    assert PROXY_PASSWORD not in str(run.result)


def test_unreachable_proxy_named(simulator, tmp_path):
    proxy_url = "http://proxyuser:%s@127.0.0.1:%d" % (PROXY_PASSWORD, closed_port())
    env = proxy_environment(proxy_url)

    run = run_module("oracle_rac_backup", backup_arguments(simulator), tmp_path, env=env,
                     options=["-vvv"])

    assert run.result["failed"] is True
    assert "proxy" in run.result["msg"]
    assert "use_proxy" in run.result["msg"]
    assert PROXY_PASSWORD not in run.output
    assert PROXY_PASSWORD not in str(run.result)
    assert simulator.record == []
