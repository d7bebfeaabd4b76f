"""CommCell entities (clients, instances, backup sets, subclients) and indexed lookups."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .outcomes import Outcome, validate_outcome

# Agent names and application ids as the Commvault API uses them.
AGENTS_BY_NAME = {"oracle rac": ("Oracle RAC", 80), "oracle": ("Oracle", 22)}
AGENTS_BY_ID = {app_id: (name, app_id) for name, app_id in AGENTS_BY_NAME.values()}


def name_key(name: str) -> str:
    """Return the lookup key of an entity name: Commvault compares names without case."""
    return name.casefold()


def resolve_agent(agent) -> tuple[str, int]:
    """Return (appName, applicationId) for an agent given by name or id, or raise ValueError."""
    if isinstance(agent, int) and not isinstance(agent, bool):
        found = AGENTS_BY_ID.get(agent)
    elif isinstance(agent, str) and agent.strip().isdigit():
        found = AGENTS_BY_ID.get(int(agent))
    elif isinstance(agent, str):
        found = AGENTS_BY_NAME.get(name_key(agent.strip()))
    else:
        found = None
    if found is None:
        raise ValueError(f"unknown agent {agent!r}; expected 'Oracle RAC' (80) or 'Oracle' (22)")
    return found


@dataclass(eq=False)
class Subclient:
    subclient_id: int
    name: str
    backupset: Backupset
    outcome: dict = field(default_factory=dict)


@dataclass(eq=False)
class Backupset:
    backupset_id: int
    name: str
    instance: Instance
    subclients: dict[str, Subclient] = field(default_factory=dict)


@dataclass(eq=False)
class Instance:
    instance_id: int
    name: str
    app_name: str
    application_id: int
    client: Client
    backupsets: dict[str, Backupset] = field(default_factory=dict)
    outcome: dict = field(default_factory=dict)


@dataclass(eq=False)
class Client:
    client_id: int
    name: str
    host_name: str
    display_name: str
    instances: list[Instance] = field(default_factory=list)
    outcome: dict = field(default_factory=dict)

    def find_instance(self, name: str, application_id: int | None = None) -> Instance | None:
        for instance in self.instances:
            if name_key(instance.name) != name_key(name):
                continue
            if application_id is None or instance.application_id == application_id:
                return instance
        return None


class Commcell:
    """All entities, indexed by id and by case-folded name for constant-time lookups."""

    def __init__(self, job_defaults: Outcome | None = None):
        self.job_defaults = job_defaults or Outcome()
        self.clients_by_id: dict[int, Client] = {}
        self.clients_by_name: dict[str, Client] = {}
        self._client_ids = itertools.count(1001)
        self._instance_ids = itertools.count(2001)
        self._backupset_ids = itertools.count(3001)
        self._subclient_ids = itertools.count(4001)

    def find_client(self, name: str | None = None, client_id=None) -> Client | None:
        if client_id is not None:
            try:
                return self.clients_by_id.get(int(client_id))
            except (TypeError, ValueError):
                return None
        if name is None:
            return None
        return self.clients_by_name.get(name_key(name))

    def add_client(self, spec: dict) -> Client:
        """Add a client from a fixture mapping, or merge new instances into an existing one."""
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"client entry needs a non-empty 'name': {spec!r}")

        client = self.find_client(name)
        if client is None:
            client = self._create_client(name, spec)
        if "outcome" in spec:
            client.outcome.update(validate_outcome(spec["outcome"]))

        for instance_spec in spec.get("instances", []):
            self._add_instance(client, instance_spec)
        return client

    def _create_client(self, name: str, spec: dict) -> Client:
        client_id = int(spec["client_id"]) if "client_id" in spec else next(self._client_ids)
        if client_id in self.clients_by_id:
            raise ValueError(f"client_id {client_id} of client {name!r} is already used")
        client = Client(
            client_id=client_id,
            name=name,
            host_name=spec.get("host_name", name),
            display_name=spec.get("display_name", name),
        )
        self.clients_by_id[client_id] = client
        self.clients_by_name[name_key(name)] = client
        return client

    def _add_instance(self, client: Client, spec: dict) -> None:
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"instance entry of client {client.name!r} needs a 'name'")
        app_name, application_id = resolve_agent(spec.get("agent", "Oracle RAC"))

        instance = client.find_instance(name, application_id)
        if instance is None:
            instance = Instance(next(self._instance_ids), name, app_name, application_id, client)
            client.instances.append(instance)
        if "outcome" in spec:
            instance.outcome.update(validate_outcome(spec["outcome"]))

        backupset_specs = spec.get("backupsets")
        if backupset_specs is None:
            backupset_specs = [{"name": "default", "subclients": spec.get("subclients", ["default"])}]
        for backupset_spec in backupset_specs:
            self._add_backupset(instance, backupset_spec)

    def _add_backupset(self, instance: Instance, spec: dict) -> None:
        name = spec.get("name", "default")
        backupset = instance.backupsets.get(name_key(name))
        if backupset is None:
            backupset = Backupset(next(self._backupset_ids), name, instance)
            instance.backupsets[name_key(name)] = backupset

        for subclient_spec in spec.get("subclients", ["default"]):
            if isinstance(subclient_spec, str):
                subclient_spec = {"name": subclient_spec}
            subclient_name = subclient_spec["name"]
            subclient = backupset.subclients.get(name_key(subclient_name))
            if subclient is None:
                subclient = Subclient(next(self._subclient_ids), subclient_name, backupset)
                backupset.subclients[name_key(subclient_name)] = subclient
            if "outcome" in subclient_spec:
                subclient.outcome.update(validate_outcome(subclient_spec["outcome"]))

    def outcome_for(self, subclient: Subclient) -> Outcome:
        """Return the planned outcome: defaults, then client, instance and subclient settings."""
        instance = subclient.backupset.instance
        outcome = self.job_defaults.merged(instance.client.outcome)
        outcome = outcome.merged(instance.outcome)
        return outcome.merged(subclient.outcome)

    def iter_subclients(self, client: Client, application_id: int | None = None):
        for instance in client.instances:
            if application_id is not None and instance.application_id != application_id:
                continue
            for backupset in instance.backupsets.values():
                yield from backupset.subclients.values()

    def counts(self) -> dict:
        instances = [i for c in self.clients_by_id.values() for i in c.instances]
        subclients = [s for i in instances for b in i.backupsets.values() for s in b.subclients.values()]
        return {"clients": len(self.clients_by_id), "instances": len(instances), "subclients": len(subclients)}
