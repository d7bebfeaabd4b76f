"""Job tracking: Job/{id}, the Job listing, JobDetails and kill."""

from __future__ import annotations

from .api_entities import subclient_entity
from .jobs import Job, JobView
from .outcomes import is_active_status
from .routing import ApiRequest, BadBody, bad_body_response, error_code_response, json_response

# NOTE: the API reference gives no error codes for an unknown job or for killing
# a finished job, so these values are stand-ins.
JOB_NOT_FOUND_CODE = 3
JOB_NOT_ACTIVE_CODE = 4

LEVEL_NAMES = {"FULL": ("Full", 1), "INCREMENTAL": ("Incremental", 2)}
ONE_YEAR_SECONDS = 365 * 24 * 3600


def job_summary(job: Job, view: JobView) -> dict:
    instance = job.subclient.backupset.instance
    level_name, level_number = LEVEL_NAMES[job.backup_level]
    return {
        "jobId": job.job_id,
        "status": view.status,
        "localizedStatus": view.status,
        "percentComplete": view.percent_complete,
        "currentPhaseName": view.phase,
        "pendingReason": view.pending_reason,
        "jobStartTime": int(job.created_at),
        "jobEndTime": view.end_time,
        "jobType": "Backup",
        "backupLevel": level_number,
        "backupLevelName": level_name,
        "appTypeName": instance.app_name,
        "sizeOfApplication": view.size_bytes,
        "destClientName": instance.client.name,
        "subclient": subclient_entity(job.subclient),
    }


def find_visible_job(request: ApiRequest, job_id) -> Job | None:
    job = request.state.jobs.get(job_id)
    if job is None or not job.is_visible(request.state.now()):
        return None
    return job


def get_job(request: ApiRequest, job_id: str):
    job = find_visible_job(request, job_id)
    if job is None:
        return json_response({"totalRecordsWithoutPaging": 0, "jobs": []})
    summary = job_summary(job, job.view(request.state.now()))
    return json_response({"totalRecordsWithoutPaging": 1, "jobs": [{"jobSummary": summary}]})


def int_arg(request: ApiRequest, name: str, default: int | None) -> int | None:
    value = request.arg(name)
    if value in (None, ""):
        return default
    return int(value)


def list_jobs(request: ApiRequest):
    """List jobs newest first, filtered by client, category and finish time, then paged."""
    state = request.state
    try:
        client_id = int_arg(request, "clientId", None)
        lookup_seconds = int_arg(request, "completedJobLookupTime", ONE_YEAR_SECONDS)
        limit = int_arg(request, "limit", None)
        offset = int_arg(request, "offset", 0)
    except ValueError:
        return bad_body_response()

    job_filter = {f.strip().casefold() for f in (request.arg("jobFilter") or "backup").split(",")}
    category = (request.arg("jobCategory") or "All").casefold()
    if "backup" not in job_filter:
        return json_response({"totalRecordsWithoutPaging": 0, "jobs": []})

    now = state.now()
    rows = []
    for job in state.jobs.snapshot(client_id):
        if not job.is_visible(now):
            continue
        view = job.view(now)
        active = is_active_status(view.status)
        if category == "active" and not active:
            continue
        if category == "finished" and active:
            continue
        if not active and view.end_time < now - lookup_seconds:
            continue
        rows.append((job, view))

    page = rows[offset:] if limit is None else rows[offset : offset + limit]
    jobs = [{"jobSummary": job_summary(job, view)} for job, view in page]
    return json_response({"totalRecordsWithoutPaging": len(rows), "jobs": jobs})


def job_details(request: ApiRequest):
    try:
        body = request.json_object()
    except BadBody:
        return bad_body_response()

    job = find_visible_job(request, body.get("jobId"))
    if job is None:
        return error_code_response(JOB_NOT_FOUND_CODE, f"Job [{body.get('jobId')}] not found.")

    view = job.view(request.state.now())
    summary = job_summary(job, view)
    detail = {
        "generalInfo": {
            "jobId": job.job_id,
            "jobStartTime": summary["jobStartTime"],
            "jobEndTime": summary["jobEndTime"],
            "backupLevelName": summary["backupLevelName"],
            "subclient": summary["subclient"],
        },
        "progressInfo": {
            "state": view.status,
            "percentComplete": view.percent_complete,
            "currentPhaseName": view.phase,
            "reasonForJobDelay": view.reason or view.pending_reason,
        },
        "detailInfo": {"sizeOfApplication": view.size_bytes},
    }
    return json_response({"job": {"jobDetail": detail}})


def kill_job(request: ApiRequest, job_id: str):
    job = find_visible_job(request, job_id)
    if job is None:
        return error_code_response(JOB_NOT_FOUND_CODE, f"Job [{job_id}] not found.")

    now = request.state.now()
    status = job.view(now).status
    if not is_active_status(status):
        return error_code_response(JOB_NOT_ACTIVE_CODE, f"Job [{job_id}] is not active; its status is {status}.")

    job.forced_status = None
    job.killed_at = now
    return error_code_response(0, "")


def register(router) -> None:
    router.add("GET", "Job/{job_id}", get_job)
    router.add("GET", "Job", list_jobs)
    router.add("POST", "JobDetails", job_details)
    router.add("POST", "Job/{job_id}/action/kill", kill_job)
