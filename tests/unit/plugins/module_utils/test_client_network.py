# -*- coding: utf-8 -*-
"""CommvaultClient against real sockets on 127.0.0.1: refused, timed out, dropped."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import threading

import pytest

from ansible_collections.backupops.commvault.plugins.module_utils._client import (
    CommvaultClient,
    CommvaultError,
)
from fake_http import FakeClock


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SilentServer:
    """TCP server that reads each request, then sends nothing or closes the connection."""

    def __init__(self, close_after_read):
        self.close_after_read = close_after_read
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(5)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.connections = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn = self.listener.accept()[0]
            except OSError:
                return
            self.accepted += 1
            self.connections.append(conn)
            conn.recv(65536)
            if self.close_after_read:
                conn.close()

    def stop(self):
        self.listener.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def silent_server():
    server = SilentServer(close_after_read=False)
    yield server
    server.stop()


@pytest.fixture
def dropping_server():
    server = SilentServer(close_after_read=True)
    yield server
    server.stop()


def make_client(port, **options):
    clock = FakeClock()
    client = CommvaultClient("http://127.0.0.1:%d/api" % port, sleep=clock.sleep,
                             clock=clock.clock, use_proxy=False, **options)
    client.use_token("QSDK token")
    return client


def test_connection_refused_outcome_known():
    client = make_client(free_port(), max_retries=2)

    with pytest.raises(CommvaultError) as info:
        client.post("/CreateTask", {})

    assert info.value.outcome_unknown is False
    assert "Could not connect" in info.value.message
    assert client.request_count == 3


def test_read_timeout_outcome_unknown(silent_server):
    client = make_client(silent_server.port, request_timeout=0.3)

    with pytest.raises(CommvaultError) as info:
        client.post("/CreateTask", {})

    assert info.value.outcome_unknown is True
    assert "within 0.3 seconds" in info.value.message
    assert client.request_count == 1
    assert silent_server.accepted == 1


def test_dropped_connection_outcome_unknown(dropping_server):
    client = make_client(dropping_server.port, request_timeout=5)

    with pytest.raises(CommvaultError) as info:
        client.post("/CreateTask", {})

    assert info.value.outcome_unknown is True
    assert client.request_count == 1


def test_use_proxy_false_ignores_environment():
    client = CommvaultClient("https://cs.test/api", use_proxy=False)

    assert client.session.trust_env is False


def test_validate_certs_false_disables_verify():
    client = CommvaultClient("https://cs.test/api", validate_certs=False, ca_path="/tmp/ca.pem")

    assert client.session.verify is False


def test_ca_path_used_for_verify():
    client = CommvaultClient("https://cs.test/api", ca_path="/tmp/ca.pem")

    assert client.session.verify == "/tmp/ca.pem"
