"""Fixtures for the simulator's own tests.

The `simulator` and `simulator_factory` fixtures come from the package's pytest plugin.
"""

import pytest


@pytest.fixture
def sim(simulator_factory):
    """A simulator whose clock only moves when a test advances it."""
    return simulator_factory(time_scale=0)
