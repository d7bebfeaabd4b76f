"""Run one command and write its wall time and resource usage as JSON.

resource.getrusage(RUSAGE_CHILDREN) covers every descendant that was waited for, and
its maximum RSS only ever grows during a process's life. The benchmark therefore starts
this wrapper once per measured command, so the numbers belong to that command alone.

    python measure.py OUTPUT.json -- COMMAND [ARG ...]
"""

import json
import resource
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: measure.py OUTPUT.json -- COMMAND [ARG ...]")

    output_path, command = argv[0], argv[2:]
    started = time.monotonic()
    completed = subprocess.run(command, check=False)
    wall = time.monotonic() - started

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "returncode": completed.returncode,
        "wall_seconds": wall,
        "user_seconds": usage.ru_utime,
        "sys_seconds": usage.ru_stime,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        # On Linux ru_maxrss is in KiB, and it is the largest single process, not a sum.
        "max_rss_mib": usage.ru_maxrss / 1024.0,
    }
    with open(output_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
