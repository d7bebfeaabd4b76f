"""pytest fixtures: `simulator` (plain HTTP, test.yml) and `simulator_factory`.

Load with `pytest_plugins = ["commvault_simulator.pytest_plugin"]` in a root
conftest.py; the installed package also registers it through the pytest11 entry point.
"""

from __future__ import annotations

import pytest

from .server import SimulatorServer


@pytest.fixture
def simulator_factory():
    """Return a function that starts a SimulatorServer with the given options; all stop at teardown."""
    started: list[SimulatorServer] = []

    def start(**options) -> SimulatorServer:
        options.setdefault("fixture", "test")
        server = SimulatorServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def simulator(simulator_factory) -> SimulatorServer:
    """A simulator on plain HTTP with the test fixture and a real-time clock."""
    return simulator_factory()
