"""Start, load and read the Commvault simulator that the benchmark runs against."""

import json
import os
import subprocess
from pathlib import Path

import requests

HTTP_TIMEOUT_SECONDS = 30
USERNAME = "admin"
# The demo fixture's user; the benchmark passes it to the measured commands in the
# environment only, never on a command line or in a log.
PASSWORD = "Demo-Passw0rd!"

# Half of the jobs finish as soon as they start. The other half wait 1 s and run 4 s of
# simulated time, which is real time because the benchmark runs the clock at scale 1.
FAST_OUTCOME = {"waiting_seconds": 0, "running_seconds": 0}
SLOW_OUTCOME = {"waiting_seconds": 1, "running_seconds": 4}
DATABASES_PER_CLIENT = 4


class Simulator:
    """A simulator process on 127.0.0.1, started with the commvault-simulator command."""

    def __init__(self, bin_dir, work_dir, time_scale=1.0):
        self.command = str(Path(bin_dir) / "commvault-simulator")
        self.work_dir = Path(work_dir)
        self.time_scale = time_scale
        self.pid_file = self.work_dir / "simulator.pid"
        self.url = None
        self.control_url = None
        self.pid = None

    def start(self):
        url_file = self.work_dir / "simulator.url"
        subprocess.run(
            [self.command, "start", "--fixture", "demo", "--time-scale", str(self.time_scale),
             "--pid-file", str(self.pid_file), "--url-file", str(url_file),
             "--log-file", str(self.work_dir / "simulator.log")],
            check=True, stdout=subprocess.DEVNULL)
        self.url = url_file.read_text().strip()
        self.control_url = self.url.rsplit("/commandcenter/api", 1)[0] + "/_simulator"
        self.pid = int(self.pid_file.read_text().strip())

    def stop(self):
        if self.pid is not None:
            subprocess.run([self.command, "stop", "--pid-file", str(self.pid_file)], check=False,
                           stdout=subprocess.DEVNULL)
            self.pid = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _post(self, path, body):
        response = requests.post(self.control_url + path, json=body, timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()

    def load_fleet(self, size):
        """Reset the simulator and return `size` databases, fast and slow ones alternating."""
        self._post("/reset", {})
        clients_per_kind = -(-size // (2 * DATABASES_PER_CLIENT))
        for prefix, outcome in (("fast", FAST_OUTCOME), ("slow", SLOW_OUTCOME)):
            self._post("/commcell", {"generate": {
                "clients": clients_per_kind, "databases_per_client": DATABASES_PER_CLIENT,
                "client_prefix": prefix, "outcome": outcome}})

        databases = []
        for number in range(1, clients_per_kind + 1):
            for prefix in ("fast", "slow"):
                for index in range(1, DATABASES_PER_CLIENT + 1):
                    databases.append({"client": "%s%04d-rac" % (prefix, number),
                                      "instance": "DB%02d" % index})
        return databases[:size]

    def record(self):
        response = requests.get(self.control_url + "/requests", timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()["requests"]

    def cpu_seconds(self):
        """Return the user plus system CPU time the simulator process has used so far."""
        fields = Path("/proc/%d/stat" % self.pid).read_text().rsplit(")", 1)[1].split()
        # utime and stime are fields 14 and 15 of /proc/PID/stat (proc(5)), in clock
        # ticks. The command name may contain spaces, so the split starts after it, at field 3.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_json(path, data):
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
