"""The four counts that the fault matrix keeps at zero. The load test uses the first.

duplicate jobs: jobs beyond the first of one subclient, where each case requests one.
false successes: a result or report row that says success for a database whose job
failed or does not exist. lost databases: a requested database with neither a job nor
a failure naming it. secrets: password, base64 password or token values in the output.
"""

from dataclasses import dataclass

# Report rows and module outcomes that claim a finished, good backup.
GOOD_END_OUTCOMES = ("completed", "completed_with_warnings")
SUCCESSFUL_STATUS_PREFIX = "completed"


@dataclass
class Counts:
    duplicate_jobs: int = 0
    false_successes: int = 0
    lost_databases: int = 0
    secrets_in_output: int = 0
    cases: int = 0

    def add(self, other):
        self.duplicate_jobs += other.duplicate_jobs
        self.false_successes += other.false_successes
        self.lost_databases += other.lost_databases
        self.secrets_in_output += other.secrets_in_output
        self.cases += other.cases

    def summary(self, label):
        return ("%s: %d duplicate jobs, %d false successes, %d lost databases, %d secrets in output "
                "(%d cases)" % (label, self.duplicate_jobs, self.false_successes, self.lost_databases,
                                self.secrets_in_output, self.cases))


def count_duplicate_jobs(jobs):
    per_database = {}
    for job in jobs:
        per_database[job.database] = per_database.get(job.database, 0) + 1
    return sum(count - 1 for count in per_database.values() if count > 1)


def is_false_success(claims_success, outcome, job_id, jobs_by_id):
    """Tell whether a success claim has no job, or claims a good end the job did not have."""
    if not claims_success:
        return False
    job = jobs_by_id.get(job_id)
    if job is None:
        return True
    return outcome in GOOD_END_OUTCOMES and not job.status.lower().startswith(SUCCESSFUL_STATUS_PREFIX)


def database_label(database):
    client, instance, _backupset, subclient = database
    return "%s/%s/%s" % (client, instance, subclient)


def module_counts(run, jobs_by_id):
    """Return (false successes, lost databases) of a module run."""
    result = run.result
    if result is None:
        return 0, 1

    failed = bool(result.get("failed"))
    false_success = is_false_success(not failed, result.get("outcome"), result.get("job_id"), jobs_by_id)
    named = database_label(run.databases[0]) in (result.get("msg") or "")
    lost = not result.get("job_id") and not (failed and named)
    return int(false_success), int(lost)


def row_key(row):
    return (row["client"], row["instance"], row["backupset"], row["subclient"])


def role_counts(run, jobs_by_id):
    """Return (false successes, lost databases) of a role run, from its saved report."""
    if run.report is None:
        return 0, len(run.databases)

    rows = {row_key(row): row for row in run.report["rows"]}
    false_successes = 0
    lost = 0
    for database in run.databases:
        row = rows.get(database)
        if row is None:
            lost += 1
            continue
        if is_false_success(not row["failed"], row["outcome"], row["job_id"], jobs_by_id):
            false_successes += 1
        if not row["job_id"] and not (row["failed"] and row["reason"]):
            lost += 1
    return false_successes, lost


def count_run(run):
    """Return the Counts of one CaseRun."""
    jobs_by_id = {job.job_id: job for job in run.jobs}
    if run.case.via == "module":
        false_successes, lost = module_counts(run, jobs_by_id)
    else:
        false_successes, lost = role_counts(run, jobs_by_id)
    return Counts(duplicate_jobs=count_duplicate_jobs(run.jobs), false_successes=false_successes,
                  lost_databases=lost, secrets_in_output=run.secrets_found, cases=1)
