"""fleet_report filter: report rows from the role's plan and module results."""

from ansible_collections.backupops.commvault.plugins.filter.fleet_report import fleet_report


def plan_entry(instance, client="rac01-rac"):
    return {"client": client, "instance": instance, "backupset": "default",
            "subclient": "default", "agent": "oracle_rac", "backup_level": "incremental",
            "cumulative": False}


def started(instance, job_id, outcome="started", client="rac01-rac"):
    return {"client": client, "instance": instance, "backupset": "default",
            "subclient": "default", "outcome": outcome, "job_id": job_id, "failed": False}


def test_completed_job_row():
    waited = {"jobs": [{"job_id": "7", "found": True, "outcome": "completed",
                        "status": "Completed", "start_time": "2026-12-04T10:00:00Z",
                        "end_time": "2026-12-04T10:01:30Z"}]}

    report = fleet_report([plan_entry("SALES")], {"backups": [started("SALES", "7")]}, waited)

    row = report["rows"][0]
    assert row["outcome"] == "completed"
    assert row["duration"] == 90
    assert row["failed"] is False
    assert report["counts"] == {"completed": 1}
    assert report["failed"] == []


def test_names_matched_without_case():
    report = fleet_report([plan_entry("sales")], {"backups": [started("SALES", "7")]}, {})

    assert report["rows"][0]["job_id"] == "7"


def test_missing_start_result_fails_every_row():
    report = fleet_report([plan_entry("SALES"), plan_entry("HR")], None, None, "login failed")

    assert [row["outcome"] for row in report["rows"]] == ["failed_to_start"] * 2
    assert report["rows"][0]["reason"] == "the backup request was not sent: login failed"
    assert report["failed"] == ["rac01-rac/SALES/default", "rac01-rac/HR/default"]


def test_active_job_after_wait_is_timed_out():
    waited = {"jobs": [{"job_id": "7", "found": True, "outcome": "active", "status": "Running"}]}

    report = fleet_report([plan_entry("SALES")], {"backups": [started("SALES", "7")]}, waited)

    assert report["rows"][0]["outcome"] == "timed_out"
    assert report["rows"][0]["failed"] is True


def test_recent_job_reported_as_skipped():
    backups = [started("SALES", "5", outcome="recently_completed")]

    report = fleet_report([plan_entry("SALES")], {"backups": backups}, {"skipped": True})

    assert report["rows"][0]["outcome"] == "skipped_recent"
    assert report["rows"][0]["failed"] is False


def test_completed_with_errors_accepted_on_request():
    waited = {"jobs": [{"job_id": "7", "found": True, "outcome": "completed_with_errors"}]}
    start = {"backups": [started("SALES", "7")]}

    strict = fleet_report([plan_entry("SALES")], start, waited)
    lenient = fleet_report([plan_entry("SALES")], start, waited, accept_completed_with_errors=True)

    assert strict["rows"][0]["failed"] is True
    assert lenient["rows"][0]["failed"] is False


def test_thousand_databases_counted():
    plan = [plan_entry("DB%04d" % number) for number in range(1000)]
    backups = [started("DB%04d" % number, str(number)) for number in range(1000)]
    waited = {"jobs": [{"job_id": str(number), "found": True, "outcome": "completed"}
                       for number in range(1000)]}

    report = fleet_report(plan, {"backups": backups}, waited)

    assert report["counts"] == {"completed": 1000}
