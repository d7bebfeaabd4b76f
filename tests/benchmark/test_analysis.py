"""Checks of the request counting that the benchmark's table rests on."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import count_requests, median, polling_per_round_per_100_jobs  # noqa: E402


def entry(seq, method, path, time=0.0, status=200):
    return {"seq": seq, "method": method, "path": path, "time": time, "status": status}


def listing_record():
    """Login, a duplicate check, two CreateTasks, a poll of two pages, a poll 2 s later, logout."""
    return [
        entry(1, "POST", "Login", 0.0),
        entry(2, "GET", "Job", 0.1),
        entry(3, "POST", "CreateTask", 0.2),
        entry(4, "POST", "CreateTask", 0.3),
        entry(5, "GET", "Job", 1.0),
        entry(6, "GET", "Job", 1.1),
        entry(7, "GET", "Job", 3.1),
        entry(8, "POST", "Logout", 3.2),
    ]


def test_job_reads_before_create_are_other():
    counts = count_requests(listing_record(), poll_interval=2)
    assert counts["create_task"] == 2
    assert counts["polling"] == 3
    assert counts["other"] == 3


def test_listing_rounds_split_by_pause():
    counts = count_requests(listing_record(), poll_interval=2)
    assert counts["poll_rounds"] == 2


def test_per_job_rounds_from_most_read_job():
    record = [
        entry(1, "POST", "CreateTask", 0.0),
        entry(2, "POST", "CreateTask", 0.1),
        entry(3, "GET", "Job/63001", 0.2),
        entry(4, "GET", "Job/63002", 0.3),
        entry(5, "GET", "Job/63002", 0.4),
    ]
    counts = count_requests(record, poll_interval=2)
    assert counts["poll_rounds"] == 2
    assert counts["by_call"]["GET Job/{id}"] == 3


def test_polling_rate_per_100_jobs():
    counts = {"polling": 20, "poll_rounds": 2}
    assert polling_per_round_per_100_jobs(counts, 1000) == 1.0


def test_errors_count_4xx_and_5xx():
    record = [entry(1, "POST", "Login", status=401), entry(2, "GET", "Job", status=None)]
    assert count_requests(record, poll_interval=2)["errors"] == 1


def test_median_of_even_count():
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
