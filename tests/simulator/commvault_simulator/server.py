"""Run the simulator on 127.0.0.1 in a background thread, for tests and for the CLI."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

from .app import create_app
from .http import call_json
from .state import SimulatorState
from .tls import CertificateFiles, generate_certificates, server_ssl_context

ALLOWED_HOST = "127.0.0.1"


def check_host(host: str) -> None:
    if host != ALLOWED_HOST:
        raise ValueError(f"invalid host {host!r}: the simulator listens on {ALLOWED_HOST} only")


class SimulatorServer:
    """A simulator served by werkzeug's threaded server; also a context manager.

    `url` is the /commandcenter/api base URL, `webconsole_url` the /webconsole/api
    one, `control_url` the /_simulator base. `state` gives direct access to the
    record, the jobs, the clock and the faults.
    """

    def __init__(
        self,
        fixture: str | Path = "test",
        port: int = 0,
        host: str = ALLOWED_HOST,
        tls: bool = False,
        cert_dir: str | Path | None = None,
        time_scale: float = 1.0,
    ):
        check_host(host)
        self.state = SimulatorState(fixture, time_scale)
        self.host = host
        self.requested_port = port
        self.tls = tls
        self.cert_dir = Path(cert_dir).resolve() if cert_dir else None
        self.certificates: CertificateFiles | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._temporary_dir = None

    def start(self) -> SimulatorServer:
        ssl_context = None
        if self.tls:
            if self.cert_dir is None:
                self._temporary_dir = tempfile.TemporaryDirectory(prefix="commvault-simulator-tls-")
                self.cert_dir = Path(self._temporary_dir.name)
            self.certificates = generate_certificates(self.cert_dir)
            ssl_context = server_ssl_context(self.certificates)

        app = create_app(self.state)
        self._server = make_server(self.host, self.requested_port, app, threaded=True, ssl_context=ssl_context)
        self._server.daemon_threads = True
        # serve_forever checks for shutdown once per poll interval, so a short one
        # makes stop() return quickly; the default of 0.5 s slows every test down.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="commvault-simulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until `stop` is called from another thread or a signal."""
        self.start()
        self._thread.join()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._temporary_dir is not None:
            self._temporary_dir.cleanup()
            self._temporary_dir = None

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def base_url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/commandcenter/api"

    @property
    def webconsole_url(self) -> str:
        return f"{self.base_url}/webconsole/api"

    @property
    def control_url(self) -> str:
        return f"{self.base_url}/_simulator"

    @property
    def ca_file(self) -> Path | None:
        return self.certificates.ca_file if self.certificates else None

    @property
    def record(self) -> list[dict]:
        return self.state.record.entries()

    @property
    def jobs(self) -> list:
        """Jobs in creation order, as `jobs.Job` objects."""
        return list(reversed(self.state.jobs.snapshot()))

    def control(self, method: str, path: str, payload: dict | None = None) -> dict:
        """Call the control API and return its JSON; raise urllib.error.HTTPError on an error status."""
        ca_file = str(self.ca_file) if self.ca_file else None
        return call_json(method, f"{self.control_url}/{path.lstrip('/')}", payload, ca_file)

    def advance(self, seconds: float) -> float:
        return self.state.clock.advance(seconds)

    def add_faults(self, *rules: dict, rate_limit: dict | None = None) -> dict:
        payload = {"rules": list(rules)}
        if rate_limit is not None:
            payload["rate_limit"] = rate_limit
        return self.control("POST", "faults", payload)
