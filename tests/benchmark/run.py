"""Benchmark the rac_fleet_backup role against a uri playbook and a plain Python script.

    .venv/bin/python tests/benchmark/run.py --sizes 100,500,1000

For each fleet size it runs the three variants against a simulator on 127.0.0.1, then
times one database through oracle_rac_backup and through one uri task. It prints a
table, writes build/benchmark/results.json and updates the results block of
docs/benchmarks.md (unless --no-doc).
"""

import argparse
import collections
import datetime
import json
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from analysis import count_requests, machine_info, median, results_markdown, update_doc
from simulator_control import Simulator, write_json
from variants import (
    REPO_ROOT,
    VENV_BIN,
    baseline_command,
    command_environment,
    floor_command,
    ours_command,
    single_command,
)

MEASURE_SCRIPT = Path(__file__).resolve().parent / "measure.py"
VARIANTS = ("ours", "baseline", "floor")
Settings = collections.namedtuple(
    "Settings", ["concurrency", "poll_interval", "wait_timeout", "collections_path"])


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000",
                        help="comma-separated fleet sizes (databases); default 100,500,1000")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated subset of ours,baseline,floor")
    parser.add_argument("--concurrency", type=int, default=5,
                        help="requests in flight: the role's max_concurrent_requests, the "
                             "baseline's forks and the floor's threads (default 5)")
    parser.add_argument("--poll-interval", type=int, default=2,
                        help="seconds between status checks, for all variants (default 2)")
    parser.add_argument("--wait-timeout", type=int, default=900,
                        help="seconds all jobs of one run may take (default 900)")
    parser.add_argument("--single-runs", type=int, default=5,
                        help="playbook runs of the one-database comparison, two samples "
                             "per kind each; 0 skips it (default 5)")
    parser.add_argument("--collections-path",
                        help="measure the collection found in this collections path, such "
                             "as a changed copy, instead of this repository")
    parser.add_argument("--output-dir", default=str(REPO_ROOT / "build" / "benchmark"),
                        help="folder for results.json and the logs of every run")
    parser.add_argument("--doc", default=str(REPO_ROOT / "docs" / "benchmarks.md"),
                        help="Markdown file whose results block is replaced")
    parser.add_argument("--no-doc", action="store_true", help="leave the doc unchanged")
    return parser.parse_args(argv)


def measure(command, env, work_dir, simulator):
    """Run command under measure.py; return its usage with the simulator's CPU time."""
    usage_file = work_dir / "usage.json"
    server_cpu_before = simulator.cpu_seconds()
    with open(work_dir / "output.log", "w", encoding="utf-8") as log:
        subprocess.run([str(VENV_BIN / "python"), str(MEASURE_SCRIPT), str(usage_file), "--"]
                       + command, env=env, cwd=str(work_dir), stdout=log,
                       stderr=subprocess.STDOUT, check=False)
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    usage["server_cpu_seconds"] = simulator.cpu_seconds() - server_cpu_before
    return usage


def slowest_tasks(task_times_file, count=6):
    if not task_times_file.exists():
        return []
    tasks = json.loads(task_times_file.read_text(encoding="utf-8"))["tasks"]
    ranked = sorted(tasks, key=lambda task: task["seconds"], reverse=True)[:count]
    return [{"name": task["name"], "seconds": round(task["seconds"], 3)} for task in ranked]


def run_variant(name, size, simulator, settings, output_dir):
    work_dir = output_dir / ("n%d" % size) / name
    work_dir.mkdir(parents=True, exist_ok=True)
    databases = simulator.load_fleet(size)
    task_times_file = work_dir / "task_times.json"
    task_times_file.unlink(missing_ok=True)

    if name == "ours":
        command = ours_command(work_dir, databases, settings)
    elif name == "baseline":
        command = baseline_command(work_dir, databases, settings, simulator.url)
    else:
        command = floor_command(work_dir, databases, settings, simulator.url)

    env = command_environment(simulator, task_times_file, settings.collections_path)
    usage = measure(command, env, work_dir, simulator)
    record = simulator.record()
    write_json(work_dir / "record.json", record)
    usage["requests"] = count_requests(record, settings.poll_interval)
    usage["slowest_tasks"] = slowest_tasks(task_times_file)
    return usage


def run_single(simulator, runs, output_dir, settings):
    """Time uri and oracle_rac_backup tasks that each start one backup, from the task timer."""
    databases = simulator.load_fleet(4 * runs)
    seconds = {"uri": [], "module": []}
    requests_per_task = {}
    for run in range(runs):
        work_dir = output_dir / "single" / ("run%d" % run)
        work_dir.mkdir(parents=True, exist_ok=True)
        task_times_file = work_dir / "task_times.json"
        command = single_command(work_dir, databases[4 * run:4 * run + 4], simulator.url)
        env = command_environment(simulator, task_times_file, settings.collections_path)
        usage = measure(command, env, work_dir, simulator)
        if usage["returncode"] != 0:
            sys.exit("The one-database playbook failed; see %s" % (work_dir / "output.log"))

        for task in json.loads(task_times_file.read_text(encoding="utf-8"))["tasks"]:
            # Task names are "Uri task N" and "Module task N".
            kind = task["name"].split(" ")[0].lower()
            if kind in seconds:
                seconds[kind].append(task["seconds"])

        if run == 0:
            record = simulator.record()
            write_json(work_dir / "record.json", record)
            requests_per_task = single_requests(record)

    result = {}
    for kind, label in (("uri", "ansible.builtin.uri"), ("module", "oracle_rac_backup")):
        result[kind] = {"label": label, "seconds": seconds[kind], "median": median(seconds[kind]),
                        "requests_per_task": requests_per_task.get(kind, "-")}
    result["ratio"] = result["module"]["median"] / result["uri"]["median"]
    return result


def single_requests(record):
    """Return the API calls per task of the first one-database run.

    Apart from the warm-up, the login and the logout, the record contains the two uri
    CreateTasks and every call of the two module tasks.
    """
    calls = collections.Counter(re.sub(r"/\d+", "/{id}", "%s %s" % (entry["method"], entry["path"]))
                                for entry in record
                                if entry["path"].lower() not in ("login", "logout", ""))
    calls["POST CreateTask"] -= 2
    per_task = sum(calls.values()) / 2.0
    names = ", ".join(sorted(call for call, count in calls.items() if count > 0))
    return {"uri": "1 (POST CreateTask)", "module": "%g (%s)" % (per_task, names)}


def main(argv):
    args = parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        sys.exit("Unknown variant %s; use ours, baseline or floor" % ", ".join(unknown))

    started = time.monotonic()
    settings = Settings(args.concurrency, args.poll_interval, args.wait_timeout,
                        args.collections_path)
    output_dir = Path(args.output_dir).resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    results = {
        "command": " ".join(shlex.quote(arg)
                            for arg in [".venv/bin/python", "tests/benchmark/run.py"] + argv),
        "machine": machine_info(VENV_BIN),
        "settings": settings._asdict(),
        "fleet": [],
    }

    with Simulator(VENV_BIN, output_dir) as simulator:
        for size in sizes:
            runs = {}
            for name in variants:
                print("N=%d %s ..." % (size, name), flush=True)
                runs[name] = run_variant(name, size, simulator, settings, output_dir)
                print("  %.1f s wall, exit %d" % (runs[name]["wall_seconds"],
                                                  runs[name]["returncode"]), flush=True)
            results["fleet"].append({"size": size, "runs": runs})

        if args.single_runs > 0:
            print("one database, %d runs ..." % args.single_runs, flush=True)
            results["single"] = run_single(simulator, args.single_runs, output_dir, settings)

    results["duration_seconds"] = round(time.monotonic() - started)
    results["machine"]["load_average_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    results["finished_at"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    write_json(output_dir / "results.json", results)
    markdown = results_markdown(results)
    print(markdown)
    if not args.no_doc:
        update_doc(args.doc, markdown)
    failed = [(size_result["size"], name) for size_result in results["fleet"]
              for name, run in size_result["runs"].items() if run["returncode"] != 0]
    if failed:
        print("Runs that exited with an error: %s; their output.log is under %s"
              % (", ".join("N=%d %s" % pair for pair in failed), output_dir))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
