"""Every fault of the matrix through the oracle_rac_backup module and the fleet role.

The cases are in fault_cases.py. They run in parallel, each against a simulator of
its own on 127.0.0.1, once per session: the tests below then check one case each,
and the last one checks the four counts across all cases. The counts are printed in
the terminal summary.
"""

import re
from collections import Counter

import pytest

from fault_cases import ALL_CASES, case_id
from fault_invariants import Counts, count_run
from fault_runner import run_cases

pytestmark = pytest.mark.integration

OUTPUT_TAIL = 3000


class MatrixSummary:
    """A pytest plugin that prints the counts of the fault matrix at the end of the session."""

    def __init__(self, counts):
        self.counts = counts

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("=", "fault matrix")
        terminalreporter.write_line(self.counts.summary("fault matrix"))


def selected_cases(session):
    """Return the cases whose test was selected, or all cases when only the totals run."""
    selected_ids = set()
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "case" in callspec.params:
            selected_ids.add(case_id(callspec.params["case"]))
    return [case for case in ALL_CASES if not selected_ids or case_id(case) in selected_ids]


@pytest.fixture(scope="module")
def matrix_runs(request, tmp_path_factory):
    cases = selected_cases(request.session)
    # tmp_path_factory is not thread-safe, so the folders are made before the runs start.
    work_dirs = {case_id(case): tmp_path_factory.mktemp(case_id(case)) for case in cases}
    runs = run_cases(cases, work_dirs)

    counts = Counts()
    for run in runs.values():
        counts.add(count_run(run))
    request.config.pluginmanager.register(MatrixSummary(counts), "fault_matrix_summary")
    return runs, counts


def path_of(entry):
    return entry["path"].strip("/")


def requests_matching(run, pattern, method=None):
    compiled = re.compile(pattern, re.IGNORECASE)
    return [entry for entry in run.record
            if compiled.fullmatch(path_of(entry)) and (method is None or entry["method"] == method)]


def seconds_after_429(run, pattern):
    """Return the seconds between the first 429 on a path and the next request to it."""
    entries = requests_matching(run, pattern)
    for index, entry in enumerate(entries[:-1]):
        if entry["status"] == 429:
            return entries[index + 1]["time"] - entry["time"]
    return None


def context(run):
    return "%s: %s (%.0f s), output tail:\n%s" % (
        case_id(run.case), run.case.summary, run.seconds, run.output[-OUTPUT_TAIL:])


def check_module_result(run):
    expect = run.case.expect
    result = run.result
    assert result is not None, context(run)
    assert bool(result.get("failed")) is expect.failed, context(run)
    if expect.outcome != "any":
        assert result.get("outcome") == expect.outcome, context(run)
    for text in expect.msg_contains:
        assert text in result.get("msg", ""), context(run)


def check_role_report(run):
    expect = run.case.expect
    report = run.report
    assert report is not None, context(run)
    assert len(report["rows"]) == len(run.databases), context(run)
    assert dict(Counter(row["outcome"] for row in report["rows"])) == expect.row_outcomes, context(run)
    for text, number in (expect.reason_counts or {}).items():
        matching = [row for row in report["rows"] if text in (row["reason"] or "")]
        assert len(matching) == number, context(run)
    failed_rows = [row for row in report["rows"] if row["failed"]]
    assert (run.returncode == 0) is (not failed_rows), context(run)


def check_simulator(run):
    expect = run.case.expect
    if expect.create_tasks is not None:
        assert len(requests_matching(run, "CreateTask", "POST")) == expect.create_tasks, context(run)
    if expect.jobs is not None:
        assert len(run.jobs) == expect.jobs, context(run)
    if expect.job_statuses is not None:
        assert tuple(sorted(job.status for job in run.jobs)) == expect.job_statuses, context(run)
    for pattern, minimum in expect.min_requests.items():
        assert len(requests_matching(run, pattern)) >= minimum, context(run)
    if expect.retry_gap is not None:
        pattern, seconds = expect.retry_gap
        gap = seconds_after_429(run, pattern)
        assert gap is not None, context(run)
        assert gap >= seconds, context(run)


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_fault_case(case, matrix_runs):
    runs, _counts = matrix_runs
    run = runs[case_id(case)]

    if case.via == "module":
        check_module_result(run)
    else:
        check_role_report(run)
    check_simulator(run)
    assert "Traceback" not in run.output, context(run)
    assert run.secrets_found == 0, case_id(case)


def test_fault_matrix_totals(matrix_runs):
    _runs, counts = matrix_runs

    assert counts.cases > 0
    assert counts.duplicate_jobs == 0, counts.summary("fault matrix")
    assert counts.false_successes == 0, counts.summary("fault matrix")
    assert counts.lost_databases == 0, counts.summary("fault matrix")
    assert counts.secrets_in_output == 0, counts.summary("fault matrix")
