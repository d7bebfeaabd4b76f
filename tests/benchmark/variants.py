"""The commands the benchmark measures, and the inventories and files they read."""

import json
import os
from pathlib import Path

import yaml

from simulator_control import PASSWORD, USERNAME

BENCHMARK_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCHMARK_DIR.parents[1]
VENV_BIN = REPO_ROOT / ".venv" / "bin"
FLEET_PLAYBOOK = REPO_ROOT / "playbooks" / "fleet_backup.yml"
BASELINE_PLAYBOOK = BENCHMARK_DIR / "playbooks" / "baseline_uri.yml"
SINGLE_PLAYBOOK = BENCHMARK_DIR / "playbooks" / "single_database.yml"
FLOOR_SCRIPT = BENCHMARK_DIR / "floor.py"

LOCALHOST = {"ansible_connection": "local"}


def command_environment(simulator, task_times_file, collections_path=None):
    """Return the environment of a measured command: the simulator's connection
    settings, the collection (this repository's unless collections_path is given),
    this repository's Python, and the task timer."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("COMMVAULT_", "ANSIBLE_"))}
    env.update(
        COMMVAULT_URL=simulator.url,
        COMMVAULT_USERNAME=USERNAME,
        COMMVAULT_PASSWORD=PASSWORD,
        ANSIBLE_COLLECTIONS_PATH=str(collections_path or REPO_ROOT / "build" / "collections"),
        ANSIBLE_PYTHON_INTERPRETER=str(VENV_BIN / "python"),
        ANSIBLE_CALLBACK_PLUGINS=str(BENCHMARK_DIR / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="task_timer",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        BENCHMARK_TASK_TIMES=str(task_times_file),
    )
    return env


def write_yaml(path, data):
    Path(path).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def clusters_inventory(databases):
    """One host per RAC pseudo-client carrying its databases, as the role reads them."""
    hosts = {}
    for database in databases:
        host = hosts.setdefault(database["client"] + "-node", {
            "ansible_connection": "local",
            "commvault_client": database["client"],
            "commvault_databases": [],
        })
        host["commvault_databases"].append(database["instance"])
    return {"all": {"hosts": dict(hosts, localhost=LOCALHOST)}}


def databases_inventory(databases):
    """One host per database in the group "databases", for the uri baseline."""
    hosts = {}
    for database in databases:
        name = "%s-%s" % (database["client"], database["instance"].lower())
        hosts[name] = {"ansible_connection": "local", "commvault_client": database["client"],
                       "commvault_instance": database["instance"]}
    return {"all": {"hosts": {"localhost": LOCALHOST},
                    "children": {"databases": {"hosts": hosts}}}}


def ours_command(work_dir, databases, settings):
    inventory = write_yaml(work_dir / "inventory.yml", clusters_inventory(databases))
    extra_vars = {
        "rac_fleet_backup_use_proxy": False,
        "rac_fleet_backup_max_concurrent_requests": settings.concurrency,
        "rac_fleet_backup_poll_interval": settings.poll_interval,
        "rac_fleet_backup_wait_timeout": settings.wait_timeout,
        "rac_fleet_backup_report_dir": str(work_dir / "reports"),
    }
    vars_file = work_dir / "extra_vars.json"
    vars_file.write_text(json.dumps(extra_vars), encoding="utf-8")
    return [str(VENV_BIN / "ansible-playbook"), str(FLEET_PLAYBOOK), "-i", inventory,
            "-f", str(settings.concurrency), "-e", "@%s" % vars_file]


def baseline_command(work_dir, databases, settings, url):
    inventory = write_yaml(work_dir / "inventory.yml", databases_inventory(databases))
    extra_vars = {"commvault_url": url, "poll_interval": settings.poll_interval,
                  "wait_timeout": settings.wait_timeout}
    vars_file = work_dir / "extra_vars.json"
    vars_file.write_text(json.dumps(extra_vars), encoding="utf-8")
    return [str(VENV_BIN / "ansible-playbook"), str(BASELINE_PLAYBOOK), "-i", inventory,
            "-f", str(settings.concurrency), "-e", "@%s" % vars_file]


def floor_command(work_dir, databases, settings, url):
    databases_file = work_dir / "databases.json"
    databases_file.write_text(json.dumps(databases), encoding="utf-8")
    return [str(VENV_BIN / "python"), str(FLOOR_SCRIPT), url, str(databases_file),
            "--concurrency", str(settings.concurrency),
            "--poll-interval", str(settings.poll_interval),
            "--wait-timeout", str(settings.wait_timeout)]


def single_command(work_dir, databases, url):
    extra_vars = {"commvault_url": url, "databases": databases}
    vars_file = work_dir / "extra_vars.json"
    vars_file.write_text(json.dumps(extra_vars), encoding="utf-8")
    inventory = write_yaml(work_dir / "inventory.yml", {"all": {"hosts": {"localhost": LOCALHOST}}})
    return [str(VENV_BIN / "ansible-playbook"), str(SINGLE_PLAYBOOK), "-i", inventory,
            "-e", "@%s" % vars_file]
