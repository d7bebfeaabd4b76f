"""CreateTask: validate a backup task and start one job per association."""

from __future__ import annotations

from .commcell import Commcell, Subclient, resolve_agent
from .routing import ApiRequest, BadBody, bad_body_response, error_code_response, json_response

NO_ELIGIBLE_CODE = 587207178
NO_ELIGIBLE_MESSAGE = "Failed to start backups as no eligible subclients were found."
# NOTE: the API reference gives no code for a task that is well-formed but not
# supported (for example a differential backup of Oracle), so this is a stand-in.
UNSUPPORTED_TASK_CODE = 587207179

# Enumerations accept a name or a number. The numbers are those of Commvault's
# own examples; a name mapped to None is accepted only by name.
TASK_TYPES = {"IMMEDIATE": 1, "SCHEDULE": None}
SUBTASK_TYPES = {"BACKUP": 2}
OPERATION_TYPES = {"BACKUP": 2}
BACKUP_LEVELS = {"FULL": 1, "INCREMENTAL": 2, "DIFFERENTIAL": None, "SYNTHETIC_FULL": None}


class TaskError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_enum(value, table: dict[str, int | None], default: str | None = None) -> str:
    """Return the enum name of `value` given as a name or a number; raise BadBody when unknown."""
    if value is None and default is not None:
        return default
    if isinstance(value, str) and value.strip().upper() in table:
        return value.strip().upper()
    if isinstance(value, int) and not isinstance(value, bool):
        for name, number in table.items():
            if number == value:
                return name
    raise BadBody()


def resolve_association(commcell: Commcell, association) -> Subclient:
    if not isinstance(association, dict):
        raise BadBody()
    no_eligible = TaskError(NO_ELIGIBLE_CODE, NO_ELIGIBLE_MESSAGE)

    if association.get("clientName") is not None:
        client = commcell.find_client(name=str(association["clientName"]))
    else:
        client = commcell.find_client(client_id=association.get("clientId"))
    if client is None:
        raise no_eligible

    application_id = resolve_association_agent(association)
    instance = client.find_instance(str(association.get("instanceName", "")), application_id)
    if instance is None:
        raise no_eligible

    backupset = instance.backupsets.get(str(association.get("backupsetName") or "default").casefold())
    if backupset is None:
        raise no_eligible
    subclient = backupset.subclients.get(str(association.get("subclientName") or "default").casefold())
    if subclient is None:
        raise no_eligible
    return subclient


def resolve_association_agent(association: dict) -> int:
    """Return the applicationId that appName and applicationId agree on, or raise TaskError."""
    no_eligible = TaskError(NO_ELIGIBLE_CODE, NO_ELIGIBLE_MESSAGE)
    ids = set()
    for key in ("appName", "applicationId"):
        if association.get(key) is None:
            continue
        try:
            ids.add(resolve_agent(association[key])[1])
        except ValueError:
            raise no_eligible from None
    if len(ids) != 1:
        raise no_eligible
    return ids.pop()


def parse_task(body: dict) -> tuple[str, list, str]:
    """Return (taskType, associations, backupLevel) of a task body, validating its enums."""
    task_info = body.get("taskInfo")
    if not isinstance(task_info, dict):
        raise BadBody()
    task = task_info.get("task") or {}
    task_type = parse_enum(task.get("taskType"), TASK_TYPES, default="IMMEDIATE")

    sub_tasks = task_info.get("subTasks")
    if not isinstance(sub_tasks, list) or not sub_tasks or not isinstance(sub_tasks[0], dict):
        raise BadBody()
    sub_task = sub_tasks[0].get("subTask") or {}
    parse_enum(sub_task.get("subTaskType"), SUBTASK_TYPES)
    parse_enum(sub_task.get("operationType"), OPERATION_TYPES)

    backup_opts = (sub_tasks[0].get("options") or {}).get("backupOpts") or {}
    level = parse_enum(backup_opts.get("backupLevel"), BACKUP_LEVELS, default="INCREMENTAL")
    if level not in ("FULL", "INCREMENTAL"):
        raise TaskError(UNSUPPORTED_TASK_CODE, f"Backup level {level} is not supported for Oracle.")

    associations = task_info.get("associations")
    if not isinstance(associations, list) or not associations:
        raise TaskError(NO_ELIGIBLE_CODE, NO_ELIGIBLE_MESSAGE)
    return task_type, associations, level


def create_task(request: ApiRequest):
    state = request.state
    try:
        task_type, associations, level = parse_task(request.json_object())
        subclients = [resolve_association(state.commcell, a) for a in associations]
    except BadBody:
        return bad_body_response()
    except TaskError as error:
        return error_code_response(error.code, error.message)

    if task_type == "SCHEDULE":
        return json_response({"taskId": state.jobs.new_task_id()})
    return start_jobs(request, subclients, level)


def start_jobs(request: ApiRequest, subclients: list[Subclient], level: str):
    """Start one job per subclient under a new task; return the CreateTask response."""
    state = request.state
    task_id = state.jobs.new_task_id()
    job_ids = []
    now = state.now()
    for subclient in subclients:
        outcome = state.commcell.outcome_for(subclient).merged(request.fault_options.get("outcome"))
        job = state.jobs.create(task_id, subclient, level, now, outcome)
        job_ids.append(str(job.job_id))
    return json_response({"taskId": task_id, "jobIds": job_ids})


def register(router) -> None:
    router.add("POST", "CreateTask", create_task)
