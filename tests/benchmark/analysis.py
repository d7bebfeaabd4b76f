"""Count the API requests of a run, describe the machine, and format the results."""

import collections
import platform
import re
import subprocess
from pathlib import Path

DOC_START = "<!-- benchmark-results:start -->"
DOC_END = "<!-- benchmark-results:end -->"


def is_job_read(entry):
    return entry["method"] == "GET" and re.match(r"job(/|$)", entry["path"], re.IGNORECASE)


def count_requests(record, poll_interval):
    """Split a simulator record into CreateTask, polling and other requests.

    Polling is every GET Job or GET Job/{id} after the last CreateTask, because all
    three variants wait only once every backup has been started. Job reads before that
    are the role's duplicate checks and count as other.
    """
    create_seqs = [entry["seq"] for entry in record
                   if entry["method"] == "POST" and entry["path"].lower() == "createtask"]
    last_create = max(create_seqs) if create_seqs else 0
    polling = [entry for entry in record if entry["seq"] > last_create and is_job_read(entry)]

    by_call = collections.Counter()
    for entry in record:
        call = "%s %s" % (entry["method"], re.sub(r"/\d+", "/{id}", entry["path"]))
        by_call[call] += 1

    return {
        "total": len(record),
        "create_task": len(create_seqs),
        "polling": len(polling),
        "other": len(record) - len(create_seqs) - len(polling),
        "poll_rounds": count_poll_rounds(polling, poll_interval),
        "errors": sum(1 for entry in record if (entry["status"] or 0) >= 400),
        "by_call": dict(sorted(by_call.items())),
    }


def count_poll_rounds(polling, poll_interval):
    """Return how many times the jobs were checked.

    Per-job polling (GET Job/{id} only) reads each job once per round, so the job read
    most often gives the number of rounds. A listing poll is a burst of requests, so
    there a pause of more than half the poll interval starts a new round.
    """
    if not polling:
        return 0

    if all("/" in entry["path"] for entry in polling):
        reads_per_job = collections.Counter(entry["path"].lower() for entry in polling)
        return max(reads_per_job.values())

    rounds = 1
    for previous, current in zip(polling, polling[1:]):
        if current["time"] - previous["time"] > poll_interval / 2.0:
            rounds += 1
    return rounds


def polling_per_round_per_100_jobs(requests, jobs):
    if not requests["poll_rounds"] or not jobs:
        return None
    return requests["polling"] / requests["poll_rounds"] / (jobs / 100.0)


def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine_info(venv_bin):
    cpu_model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    memory_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kib = int(line.split()[1])
    ansible_version = command_output([str(venv_bin / "ansible"), "--version"]).splitlines()
    return {
        "nproc": int(command_output(["nproc"]) or 0),
        "memory_gib": round(memory_kib / 1024.0 / 1024.0, 1),
        "cpu_model": cpu_model,
        "python": command_output([str(venv_bin / "python"), "-c",
                                  "import platform; print(platform.python_version())"]),
        "ansible_core": ansible_version[0] if ansible_version else "",
        "kernel": platform.release(),
        "load_average_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return None
    return numerator / denominator


def format_number(value, digits=1):
    if value is None:
        return "-"
    return "%.*f" % (digits, value)


FLEET_HEADER = ("| N | variant | wall s | CPU s | max RSS MiB | requests | CreateTask | polling "
                "| other | poll rounds | polling per round per 100 jobs | ours/this wall | exit |")


def fleet_rows(size_result):
    """Return the table rows of one fleet size, with ours/baseline and ours/floor ratios."""
    size = size_result["size"]
    runs = size_result["runs"]
    ours_wall = runs.get("ours", {}).get("wall_seconds")
    rows = []
    for name in ("ours", "baseline", "floor"):
        run = runs.get(name)
        if run is None:
            continue
        counts = run["requests"]
        rows.append("| %d | %s | %s | %s | %s | %d | %d | %d | %d | %d | %s | %s | %d |" % (
            size, name, format_number(run["wall_seconds"]), format_number(run["cpu_seconds"]),
            format_number(run["max_rss_mib"], 0), counts["total"], counts["create_task"],
            counts["polling"], counts["other"], counts["poll_rounds"],
            format_number(polling_per_round_per_100_jobs(counts, size), 2),
            format_number(ratio(ours_wall, run["wall_seconds"]), 2), run["returncode"]))
    return rows


def fleet_table(results):
    lines = [FLEET_HEADER, "|" + "---|" * (FLEET_HEADER.count("|") - 1)]
    for size_result in results["fleet"]:
        lines.extend(fleet_rows(size_result))
    return "\n".join(lines)


def single_table(single):
    if not single:
        return ""
    lines = [
        "| task | samples | median s | min s | max s | requests per task |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("uri", "module"):
        kind = single[name]
        lines.append("| %s | %d | %.3f | %.3f | %.3f | %s |" % (
            kind["label"], len(kind["seconds"]), kind["median"], min(kind["seconds"]),
            max(kind["seconds"]), kind["requests_per_task"]))
    lines.append("")
    lines.append("oracle_rac_backup / uri, median task time: %.2f" % single["ratio"])
    return "\n".join(lines)


def ratio_lines(results):
    lines = []
    for size_result in results["fleet"]:
        runs = size_result["runs"]
        ours = runs.get("ours", {}).get("wall_seconds")
        parts = []
        for name in ("baseline", "floor"):
            if name in runs:
                parts.append("ours/%s %s (wall), %s (CPU)" % (
                    name, format_number(ratio(ours, runs[name]["wall_seconds"]), 2),
                    format_number(ratio(runs.get("ours", {}).get("cpu_seconds"),
                                        runs[name]["cpu_seconds"]), 2)))
        lines.append("- N=%d: %s" % (size_result["size"], "; ".join(parts)))
    return "\n".join(lines)


def collection_lines(settings):
    if not settings.get("collections_path"):
        return []
    return ["Collection measured: the copy under `%s`, not this repository." % settings["collections_path"], ""]


def results_markdown(results):
    machine = results["machine"]
    settings = results["settings"]
    return "\n".join([
        DOC_START,
        "Command: `%s`" % results["command"],
        "",
        "Run at %s UTC on %d CPUs (%s), %.1f GiB memory, Python %s, %s; load average "
        "at the start %s, at the end %s. Concurrency %d, poll interval %s s. The whole "
        "run took %s min." % (
            results["finished_at"], machine["nproc"], machine["cpu_model"],
            machine["memory_gib"], machine["python"], machine["ansible_core"],
            " ".join(machine["load_average_at_start"]),
            " ".join(machine.get("load_average_at_end", [])), settings["concurrency"],
            format_number(settings["poll_interval"], 0),
            format_number(results.get("duration_seconds", 0) / 60.0)),
        "",
    ] + collection_lines(settings) + [
        fleet_table(results),
        "",
        ratio_lines(results),
        "",
        single_table(results.get("single")),
        DOC_END,
    ])


def update_doc(path, markdown):
    """Replace the results block of the doc, or append one when the doc has none."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if DOC_START in text and DOC_END in text:
        head, rest = text.split(DOC_START, 1)
        tail = rest.split(DOC_END, 1)[1]
        text = head + markdown + tail
    else:
        text = text.rstrip("\n") + "\n\n" + markdown + "\n"
    path.write_text(text, encoding="utf-8")


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2.0
