"""A Commvault REST API simulator for testing the backupops.commvault collection."""

from .server import SimulatorServer

__all__ = ["SimulatorServer"]
__version__ = "0.1.0"
