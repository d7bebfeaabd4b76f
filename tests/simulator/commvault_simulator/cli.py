"""Command line: `commvault-simulator serve|start|stop`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .http import is_responding
from .server import ALLOWED_HOST, SimulatorServer, check_host

LOG = logging.getLogger("commvault_simulator")


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=ALLOWED_HOST, help="address to listen on; only 127.0.0.1 is accepted")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free port (default)")
    parser.add_argument(
        "--fixture",
        default="demo",
        help="fixture file, or a name in the fixtures folder such as demo or test (default: demo)",
    )
    parser.add_argument(
        "--tls", action="store_true", help="serve HTTPS with a certificate from a private CA generated at start"
    )
    parser.add_argument(
        "--cert-dir",
        help="folder for ca.pem, server.pem and server-key.pem (with --tls; default: a new temporary folder)",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="simulated seconds per real second; 0 stops the clock (default: 1)",
    )
    parser.add_argument("--log-file", help="append one line per request to this file instead of standard error")
    parser.add_argument("--url-file", help="write the /commandcenter/api base URL to this file once the server listens")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commvault-simulator", description="Commvault REST API simulator for tests, on 127.0.0.1 only."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="run in the foreground until interrupted",
        description="Run the simulator in the foreground until SIGINT or SIGTERM.",
    )
    add_server_options(serve)

    start = commands.add_parser(
        "start",
        help="run in the background and wait until it responds",
        description="Start the simulator in the background, wait until it responds, print its base URL.",
    )
    add_server_options(start)
    start.add_argument("--pid-file", required=True, help="file to write the process id to")
    start.add_argument(
        "--wait-timeout", type=float, default=30, help="seconds to wait for the server to respond (default: 30)"
    )

    stop = commands.add_parser(
        "stop",
        help="stop a simulator started with start",
        description="Stop the simulator whose process id is in --pid-file.",
    )
    stop.add_argument("--pid-file", required=True, help="file written by start")
    stop.add_argument(
        "--wait-timeout", type=float, default=10, help="seconds to wait for the process to exit (default: 10)"
    )
    return parser


def configure_logging(log_file: str | None) -> None:
    handler = logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)


def write_atomically(path: str, text: str) -> None:
    temporary = f"{path}.tmp"
    Path(temporary).write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def serve(args) -> int:
    configure_logging(args.log_file)
    server = SimulatorServer(args.fixture, args.port, args.host, args.tls, args.cert_dir, args.time_scale)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())

    server.start()
    LOG.info("started: fixture %s, %s, time scale %s", server.state.fixture_path, server.url, args.time_scale)
    if server.ca_file:
        LOG.info("CA file: %s", server.ca_file)
        print(f"CA file: {server.ca_file}", flush=True)
    print(server.url, flush=True)
    if args.url_file:
        write_atomically(args.url_file, server.url + "\n")

    stopped.wait()
    server.stop()
    LOG.info("stopped: %s", server.url)
    return 0


def wait_until_responding(process: subprocess.Popen, url_file: Path, ca_file: str | None, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the simulator exited with status {process.returncode} before it responded")
        if url_file.exists():
            url = url_file.read_text(encoding="utf-8").strip()
            control_url = url.rsplit("/commandcenter/api", 1)[0] + "/_simulator/health"
            if is_responding(control_url, ca_file):
                return url
        time.sleep(0.1)
    raise RuntimeError(f"timed out: the simulator did not respond within {timeout} seconds")


def start(args) -> int:
    check_host(args.host)
    cert_dir = str(Path(args.cert_dir).resolve()) if args.cert_dir else None
    if args.tls and not cert_dir:
        cert_dir = tempfile.mkdtemp(prefix="commvault-simulator-tls-")
    url_file = Path(args.url_file) if args.url_file else Path(tempfile.mkdtemp(prefix="commvault-simulator-")) / "url"
    url_file.unlink(missing_ok=True)

    command = [
        sys.executable,
        "-m",
        "commvault_simulator.cli",
        "serve",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--fixture",
        args.fixture,
        "--time-scale",
        str(args.time_scale),
        "--url-file",
        str(url_file),
    ]
    if args.tls:
        command += ["--tls", "--cert-dir", cert_dir]
    if args.log_file:
        command += ["--log-file", args.log_file]

    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    ca_file = str(Path(cert_dir) / "ca.pem") if args.tls else None
    try:
        url = wait_until_responding(process, url_file, ca_file, args.wait_timeout)
    except RuntimeError as error:
        process.kill()
        print(f"error: {error}; see the log (--log-file) for details", file=sys.stderr)
        return 1

    write_atomically(args.pid_file, f"{process.pid}\n")
    if ca_file:
        print(f"CA file: {ca_file}")
    print(url)
    return 0


def stop(args) -> int:
    try:
        pid = int(Path(args.pid_file).read_text(encoding="utf-8").strip())
    except (OSError, ValueError) as error:
        print(f"error: cannot read a process id from {args.pid_file}: {error}", file=sys.stderr)
        return 1

    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        print(f"process {pid} is not running; removing {args.pid_file}", file=sys.stderr)
        Path(args.pid_file).unlink(missing_ok=True)
        return 0

    deadline = time.monotonic() + args.wait_timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            Path(args.pid_file).unlink(missing_ok=True)
            return 0
        time.sleep(0.1)
    print(f"error: process {pid} did not exit within {args.wait_timeout} seconds", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in ("serve", "start"):
            check_host(args.host)
        return {"serve": serve, "start": start, "stop": stop}[args.command](args)
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
