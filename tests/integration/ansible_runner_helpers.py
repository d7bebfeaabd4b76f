"""Run ansible-playbook as a subprocess, the way a user runs it, for the tests."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK_DIR = Path(__file__).resolve().parent / "playbooks"
COLLECTIONS_PATH = REPO_ROOT / "build" / "collections"
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"

# A run that takes longer than this is stuck; the test fails instead of hanging.
PLAYBOOK_TIMEOUT_SECONDS = 600


@dataclass
class PlaybookRun:
    """What one ansible-playbook run printed and returned."""

    returncode: int
    stdout: str
    stderr: str
    result: dict = None

    @property
    def output(self):
        return self.stdout + self.stderr


def playbook_environment(extra_env=None):
    """Return the environment for ansible-playbook: no COMMVAULT_* settings leak in
    from the caller, and modules run with this virtual environment's Python."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("COMMVAULT_")}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
    )
    env.update(extra_env or {})
    return env


def run_playbook(playbook, work_dir, extra_vars=None, env=None, options=()):
    """Run one playbook and return a PlaybookRun.

    `playbook` is a path or a file name under tests/integration/playbooks.
    `extra_vars` go through a JSON file, so values need no shell quoting.
    """
    playbook_path = Path(playbook)
    if not playbook_path.is_absolute():
        playbook_path = PLAYBOOK_DIR / playbook_path

    command = [str(ANSIBLE_PLAYBOOK), str(playbook_path)]
    if extra_vars:
        vars_file = Path(work_dir) / "extra_vars.json"
        vars_file.write_text(json.dumps(extra_vars))
        command += ["--extra-vars", "@%s" % vars_file]
    command += list(options)

    completed = subprocess.run(
        command,
        env=playbook_environment(env),
        cwd=str(work_dir),
        capture_output=True,
        text=True,
        timeout=PLAYBOOK_TIMEOUT_SECONDS,
        check=False,
    )
    return PlaybookRun(completed.returncode, completed.stdout, completed.stderr)


def run_module(module_name, module_args, work_dir, env=None, options=()):
    """Run one module of the collection through ansible-playbook and return the
    PlaybookRun with `result` set to the module's registered result."""
    result_file = Path(work_dir) / "module_result.json"
    run = run_playbook(
        "run_module.yml",
        work_dir,
        extra_vars={
            "module_name": module_name,
            "module_args": module_args,
            "result_file": str(result_file),
        },
        env=env,
        options=options,
    )
    if result_file.exists():
        run.result = json.loads(result_file.read_text())
    return run
