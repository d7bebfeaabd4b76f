"""The fault matrix: each fault, how it is injected and what the collection must do.

Every case runs once through the oracle_rac_backup module (single mode) and once
through the rac_fleet_backup role, against a simulator of its own on 127.0.0.1.
"""

from dataclasses import dataclass, field
from pathlib import Path

FLEET_FIXTURE = str(Path(__file__).resolve().parents[1] / "simulator" / "fixtures" / "fleet-test.yml")

# A CreateTask whose outcome is unknown makes the module look for the job for this
# many seconds (ADOPTION_GRACE_SECONDS in _backup_flow) before it reports the doubt.
UNKNOWN_START = "may or may not have started"
ADOPTED = "adopted the job"
NOT_JSON = "not JSON"
GIVEN_TOKEN_EXPIRED = "supply a new auth_token"
NO_RESPONSE = "No response from the CommServe within"
UNKNOWN_STATUS = "Mystery State"
NO_ELIGIBLE = "Failed to start backups as no eligible subclients were found."
NO_ELIGIBLE_CODE = 587207178

HTML_PAGE = "<html><head><title>%d</title></head><body><h1>%d Service error</h1></body></html>"
# A proxy's JSON error page: no Commvault errorCode, so it does not tell whether the
# CommServe acted on the request.
GATEWAY_JSON = {"error": "upstream unavailable"}
# Commvault's own error body: the CommServe reports that the call failed.
COMMVAULT_JSON = {"errorCode": 2, "errorMessage": "Internal error in the job manager"}

FLEET_DATABASES = [
    {"client": "fleetrac01-rac", "instance": "FINDB"},
    {"client": "fleetrac01-rac", "instance": "HRDB"},
    {"client": "fleetrac02-rac", "instance": "ERPDB"},
    {"client": "fleetrac02-rac", "instance": "CRMDB"},
    {"client": "fleetrac03-rac", "instance": "MESDB"},
    {"client": "fleetrac03-rac", "instance": "DWHDB"},
]


@dataclass(frozen=True)
class Expect:
    """What a case must end with. None means the case does not check that value.

    Module runs: failed, outcome, msg_contains. Role runs: row_outcomes (outcome to
    number of report rows) and reason_counts (text to number of rows whose reason
    contains it). Both: create_tasks counts the POST CreateTask requests the simulator
    received, jobs the jobs it created, and job_statuses lists their final statuses,
    sorted. min_requests maps a path pattern to a minimum number of requests, to prove
    a retry. retry_gap is a path pattern and the seconds that must pass after its 429.
    """

    failed: bool = None
    outcome: str = "any"
    msg_contains: tuple = ()
    row_outcomes: dict = None
    reason_counts: dict = None
    create_tasks: int = None
    jobs: int = None
    job_statuses: tuple = None
    min_requests: dict = field(default_factory=dict)
    retry_gap: tuple = None


@dataclass(frozen=True)
class FaultCase:
    """One fault through one path (module or role), with its expected end."""

    name: str
    via: str
    summary: str
    faults: tuple
    expect: Expect
    arguments: dict = field(default_factory=dict)
    time_scale: float = None
    given_session_token: bool = False
    databases: int = 4

    @property
    def fixture(self):
        return "test" if self.via == "module" else FLEET_FIXTURE


def status_rule(path, status, body_kind, method=None, count=1, skip=0):
    rule = {"path": path, "action": "status", "status": status, "count": count, "skip": skip}
    if method:
        rule["method"] = method
    if body_kind == "html":
        rule["html"] = HTML_PAGE % (status, status)
    elif status == 500:
        rule["json"] = COMMVAULT_JSON
    else:
        rule["json"] = GATEWAY_JSON
    return rule


def rule(path, action, **options):
    return dict(options, path=path, action=action)


SERVER_ERRORS = [(500, "json"), (500, "html"), (502, "json"), (502, "html"), (503, "json"), (503, "html")]


def lookup_server_error_cases():
    cases = []
    for status, kind in SERVER_ERRORS:
        cases.append(FaultCase(
            "lookup_%d_%s" % (status, kind), "module",
            "HTTP %d with a %s body on the GetId lookup: retried, then the backup runs" % (status, kind.upper()),
            (status_rule("GetId", status, kind),),
            Expect(failed=False, outcome="completed", create_tasks=1, jobs=1, min_requests={"GetId": 2})))
    cases.append(FaultCase(
        "lookup_5xx_all", "role", "Six HTTP 5xx (JSON and HTML) spread over the GetId lookups: retried",
        tuple(status_rule("GetId", status, kind, skip=index) for index, (status, kind) in enumerate(SERVER_ERRORS)),
        Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4, min_requests={"GetId": 10})))
    return cases


def create_server_error_cases():
    cases = []
    for status, kind in SERVER_ERRORS:
        if status == 500 and kind == "json":
            expect = Expect(failed=True, outcome=None, msg_contains=("HTTP 500", "errorCode 2"),
                            create_tasks=1, jobs=0)
            summary = "HTTP 500 with Commvault's errorCode on CreateTask: not re-sent, failure with the code"
        else:
            expect = Expect(failed=True, outcome=None, msg_contains=(UNKNOWN_START, "HTTP %d" % status),
                            create_tasks=1, jobs=0)
            summary = ("HTTP %d with a %s body on CreateTask: not re-sent, jobs looked for, "
                       "reported as unknown" % (status, kind.upper()))
        cases.append(FaultCase("create_%d_%s" % (status, kind), "module", summary,
                               (status_rule("CreateTask", status, kind, method="POST"),), expect))
    cases.append(FaultCase(
        "create_5xx_all", "role", "One HTTP 5xx per CreateTask of six databases: none re-sent",
        tuple(status_rule("CreateTask", status, kind, method="POST", skip=index)
              for index, (status, kind) in enumerate(SERVER_ERRORS)),
        Expect(row_outcomes={"failed_to_start": 6}, reason_counts={UNKNOWN_START: 5, "errorCode 2": 1},
               create_tasks=6, jobs=0),
        arguments={"rac_fleet_backup_max_concurrent_requests": 6}, databases=6))
    return cases


def rate_limit_cases():
    lookup_429 = rule("GetId", "rate_limit", retry_after=2, count=1)
    create_429 = rule("CreateTask", "rate_limit", retry_after=2, count=1)
    return [
        FaultCase("lookup_429", "module", "429 with Retry-After 2 on GetId: retried after 2 s",
                  (lookup_429,),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1,
                         min_requests={"GetId": 2}, retry_gap=("GetId", 2))),
        FaultCase("create_429", "module", "429 with Retry-After 2 on CreateTask: sent again after 2 s, one job",
                  (create_429,),
                  Expect(failed=False, outcome="completed", create_tasks=2, jobs=1,
                         retry_gap=("CreateTask", 2))),
        FaultCase("lookup_create_429", "role", "429 on two GetId and two CreateTask calls: retried",
                  (dict(lookup_429, count=2), dict(create_429, count=2)),
                  Expect(row_outcomes={"completed": 4}, create_tasks=6, jobs=4, retry_gap=("GetId", 2)),
                  arguments={"rac_fleet_backup_max_concurrent_requests": 1}),
    ]


def connection_cases():
    return [
        FaultCase("lookup_reset", "module", "Connection reset on GetId: retried",
                  (rule("GetId", "reset"),),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1, min_requests={"GetId": 2})),
        FaultCase("lookup_reset", "role", "Connection reset on two GetId calls: retried",
                  (rule("GetId", "reset", count=2),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4, min_requests={"GetId": 6})),
        FaultCase("create_reset", "module",
                  "Connection reset before CreateTask is handled: not re-sent, no job found, unknown",
                  (rule("CreateTask", "reset"),),
                  Expect(failed=True, outcome=None, msg_contains=(UNKNOWN_START,), create_tasks=1, jobs=0)),
        FaultCase("create_reset", "role", "Connection reset before one CreateTask is handled: that database unknown",
                  (rule("CreateTask", "reset"),),
                  Expect(row_outcomes={"completed": 3, "failed_to_start": 1}, reason_counts={UNKNOWN_START: 1},
                         create_tasks=4, jobs=3)),
        FaultCase("create_accepted_reset", "module",
                  "CreateTask starts the job, then the connection is reset: the job is adopted",
                  (rule("CreateTask", "accept_then_drop"),),
                  Expect(failed=False, outcome="started", msg_contains=(ADOPTED,), create_tasks=1, jobs=1),
                  arguments={"wait": False}),
        FaultCase("create_accepted_reset", "role", "One CreateTask starts its job, then the connection is reset",
                  (rule("CreateTask", "accept_then_drop"),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4)),
        FaultCase("create_accepted_slow", "module",
                  "CreateTask starts the job but answers after request_timeout: adopted, one job",
                  (rule("CreateTask", "accept_then_drop", drop="delay", seconds=5),),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1),
                  arguments={"request_timeout": 2}),
        FaultCase("create_accepted_slow", "role", "One CreateTask answers after request_timeout: adopted",
                  (rule("CreateTask", "accept_then_drop", drop="delay", seconds=5),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4),
                  arguments={"rac_fleet_backup_request_timeout": 2}),
    ]


def token_cases():
    # Expire every session token when the first listing of active jobs arrives; in
    # the role, the fifth listing is the first poll of the wait.
    expire_on_listing = rule("Job", "expire_tokens", method="GET")
    # At 300 simulated seconds per real second, 7 s between polls idle the session
    # for 35 simulated minutes, past the fixtures' 30-minute idle timeout.
    idle = dict(time_scale=300)
    long_job = rule("CreateTask", "job_outcome", outcome={"running_seconds": 2400}, count=None)
    return [
        FaultCase("token_expired_credentials", "module",
                  "Session token expires after two requests; the module has credentials: logs in again",
                  (expire_on_listing,),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1, min_requests={"Login": 2})),
        FaultCase("token_expired_given", "module",
                  "A given session token expires after two requests: clear failure, nothing started",
                  (expire_on_listing,),
                  Expect(failed=True, outcome=None, msg_contains=(GIVEN_TOKEN_EXPIRED,), create_tasks=0, jobs=0),
                  given_session_token=True),
        FaultCase("token_expired_during_wait", "role",
                  "The role's session token expires at the first poll: the module cannot renew it",
                  # Each of the 4 databases reads two job listings before CreateTask: the
                  # active-job check and the list of jobs that exist before the request.
                  (dict(expire_on_listing, skip=8),),
                  Expect(row_outcomes={"unknown": 4}, reason_counts={GIVEN_TOKEN_EXPIRED: 4},
                         create_tasks=4, jobs=4)),
        FaultCase("token_idle_credentials", "module",
                  "Session token idles out between polls; the module has credentials: logs in again",
                  (long_job,),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1, min_requests={"Login": 2}),
                  arguments={"poll_interval": 7}, **idle),
        FaultCase("token_idle_given", "module",
                  "A given session token idles out between polls: clear failure, job left running",
                  (long_job,),
                  Expect(failed=True, msg_contains=(GIVEN_TOKEN_EXPIRED, "left running"), create_tasks=1, jobs=1),
                  arguments={"poll_interval": 7}, given_session_token=True, **idle),
        FaultCase("token_idle_during_wait", "role",
                  "The role's session token idles out between polls: every waited row unknown",
                  (long_job,),
                  Expect(row_outcomes={"unknown": 4}, reason_counts={GIVEN_TOKEN_EXPIRED: 4},
                         create_tasks=4, jobs=4),
                  arguments={"rac_fleet_backup_poll_interval": 7}, **idle),
    ]


def job_cases():
    invisible = rule("CreateTask", "job_outcome", outcome={"invisible_seconds": 15}, count=None)
    return [
        FaultCase("job_invisible", "module", "Job not listed for 3 s after CreateTask: waited for",
                  (invisible,),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1, min_requests={r"Job/\d+": 2}),
                  time_scale=5),
        FaultCase("job_invisible", "role", "Jobs not listed for 3 s after CreateTask: waited for",
                  (invisible,),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4),
                  time_scale=5),
        FaultCase("job_stuck_waiting", "module", "Job stays Waiting: timeout with the job id, job left running",
                  (rule("CreateTask", "stuck_waiting"),),
                  Expect(failed=True, outcome="timed_out", msg_contains=("job 63001", "left running"),
                         create_tasks=1, jobs=1, job_statuses=("Waiting",)),
                  arguments={"wait_timeout": 3}),
        FaultCase("job_stuck_waiting", "role", "One job stays Waiting: that row timed out, job left running",
                  (rule("CreateTask", "stuck_waiting"),),
                  Expect(row_outcomes={"completed": 3, "timed_out": 1}, create_tasks=4, jobs=4,
                         job_statuses=("Completed", "Completed", "Completed", "Waiting")),
                  arguments={"rac_fleet_backup_wait_timeout": 4}),
        FaultCase("job_unknown_status", "module", "Job ends in an unknown status: failure naming it",
                  (rule("CreateTask", "unknown_status", status=UNKNOWN_STATUS),),
                  Expect(failed=True, outcome="failed", msg_contains=(UNKNOWN_STATUS,), create_tasks=1, jobs=1)),
        FaultCase("job_unknown_status", "role", "One job ends in an unknown status: that row unknown, naming it",
                  (rule("CreateTask", "unknown_status", status=UNKNOWN_STATUS),),
                  Expect(row_outcomes={"completed": 3, "unknown": 1}, reason_counts={UNKNOWN_STATUS: 1},
                         create_tasks=4, jobs=4)),
        FaultCase("wait_poll_503", "module", "HTTP 503 on two job polls: retried",
                  (status_rule(r"Job/\d+", 503, "html", count=2),),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1)),
        FaultCase("wait_poll_503", "role", "HTTP 503 on the first two job listings of the wait: retried",
                  (status_rule("Job", 503, "html", method="GET", skip=4, count=2),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4)),
    ]


def body_cases():
    return [
        FaultCase("lookup_truncated", "module", "Truncated JSON from GetId: clear error, nothing started",
                  (rule("GetId", "truncate"),),
                  Expect(failed=True, outcome=None, msg_contains=(NOT_JSON, "/GetId"), create_tasks=0, jobs=0)),
        FaultCase("lookup_truncated", "role", "Truncated JSON from one GetId: that database fails to start",
                  (rule("GetId", "truncate"),),
                  Expect(row_outcomes={"completed": 3, "failed_to_start": 1}, reason_counts={NOT_JSON: 1},
                         create_tasks=3, jobs=3)),
        FaultCase("lookup_malformed", "module", "Malformed JSON from GetId: clear error, nothing started",
                  (rule("GetId", "malformed", body='{"clientId": 301, "instanceId": '),),
                  Expect(failed=True, outcome=None, msg_contains=(NOT_JSON,), create_tasks=0, jobs=0)),
        FaultCase("create_truncated", "module", "CreateTask starts the job, its JSON is truncated: adopted",
                  (rule("CreateTask", "truncate"),),
                  Expect(failed=False, outcome="started", msg_contains=(ADOPTED, NOT_JSON), create_tasks=1, jobs=1),
                  arguments={"wait": False}),
        FaultCase("create_truncated", "role", "One CreateTask's JSON is truncated: adopted",
                  (rule("CreateTask", "truncate"),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4)),
        FaultCase("create_malformed", "module", "CreateTask starts the job, its JSON is malformed: adopted",
                  (rule("CreateTask", "malformed"),),
                  Expect(failed=False, outcome="completed", create_tasks=1, jobs=1)),
        FaultCase("create_malformed", "role", "One CreateTask's JSON is malformed: adopted",
                  (rule("CreateTask", "malformed"),),
                  Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4)),
        FaultCase("lookup_error_code", "module", "HTTP 200 with errorCode on GetId: failure with code and message",
                  (rule("GetId", "error_code", errorCode=4, errorMessage="Entity lookup failed"),),
                  Expect(failed=True, outcome=None, msg_contains=("errorCode 4", "Entity lookup failed"),
                         create_tasks=0, jobs=0)),
        FaultCase("create_error_code", "module",
                  "HTTP 200 with errorCode on CreateTask: failure with Commvault's code and message",
                  (rule("CreateTask", "error_code", errorCode=NO_ELIGIBLE_CODE, errorMessage=NO_ELIGIBLE),),
                  Expect(failed=True, outcome=None, msg_contains=(str(NO_ELIGIBLE_CODE), NO_ELIGIBLE),
                         create_tasks=1, jobs=0)),
        FaultCase("create_error_code", "role", "HTTP 200 with errorCode on one CreateTask: that row fails",
                  (rule("CreateTask", "error_code", errorCode=NO_ELIGIBLE_CODE, errorMessage=NO_ELIGIBLE),),
                  Expect(row_outcomes={"completed": 3, "failed_to_start": 1},
                         reason_counts={str(NO_ELIGIBLE_CODE): 1, NO_ELIGIBLE: 1}, create_tasks=4, jobs=3)),
    ]


def slow_cases():
    slow_within = rule("GetId", "delay", seconds=1, count=None)
    slow_beyond = rule("GetId", "delay", seconds=4, count=None)
    return [
        FaultCase("slow_within_timeout", "module", "GetId answers after 1 s, request_timeout 3: fine",
                  (slow_within,), Expect(failed=False, outcome="completed", create_tasks=1, jobs=1)),
        FaultCase("slow_within_timeout", "role", "Every GetId answers after 1 s, request_timeout 3: fine",
                  (slow_within,), Expect(row_outcomes={"completed": 4}, create_tasks=4, jobs=4)),
        FaultCase("slow_beyond_timeout", "module",
                  "GetId answers after 4 s, request_timeout 2: timeout error naming the database",
                  (slow_beyond,),
                  Expect(failed=True, outcome=None, msg_contains=(NO_RESPONSE, "testrac01-rac/ORCL"),
                         create_tasks=0, jobs=0),
                  arguments={"request_timeout": 2, "max_retries": 1}),
        FaultCase("slow_beyond_timeout", "role",
                  "Every GetId answers after 4 s, request_timeout 2: each row names the timeout",
                  (slow_beyond,),
                  Expect(row_outcomes={"failed_to_start": 4}, reason_counts={NO_RESPONSE: 4}, create_tasks=0, jobs=0),
                  arguments={"rac_fleet_backup_request_timeout": 2}),
    ]


ALL_CASES = (lookup_server_error_cases() + create_server_error_cases() + rate_limit_cases()
             + connection_cases() + token_cases() + job_cases() + body_cases() + slow_cases())


def case_id(case):
    return "%s-%s" % (case.via, case.name)
