"""Load a fixture file into users, access tokens, settings and a Commcell."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .commcell import Commcell
from .outcomes import Outcome

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class User:
    username: str
    password: str = field(repr=False)
    user_id: int


@dataclass
class FixtureData:
    users: dict[str, User]
    access_tokens: dict[str, str] = field(repr=False)
    token_idle_minutes: float
    commcell: Commcell


def resolve_fixture_path(fixture: str | Path) -> Path:
    """Accept a path, or a bare name such as `test` or `demo.yml` from the fixtures folder."""
    path = Path(fixture)
    if path.exists():
        return path
    candidate = FIXTURE_DIR / (path.name if path.suffix else f"{path.name}.yml")
    if candidate.exists():
        return candidate
    raise FileNotFoundError(f"fixture not found: {fixture} (also looked for {candidate})")


def load_fixture(fixture: str | Path) -> FixtureData:
    path = resolve_fixture_path(fixture)
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle) or {}
    try:
        return build_fixture(document)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"invalid fixture {path}: {error}") from error


def build_fixture(document: dict) -> FixtureData:
    users = {}
    for entry in document.get("users", []):
        user = User(str(entry["username"]), str(entry["password"]), int(entry["user_id"]))
        users[user.username.casefold()] = user

    access_tokens = {}
    for entry in document.get("access_tokens", []):
        owner = str(entry["username"])
        if owner.casefold() not in users:
            raise ValueError(f"access token owner {owner!r} is not a user of the fixture")
        access_tokens[str(entry["token"])] = owner

    settings = document.get("settings", {})
    job_defaults = Outcome().merged(document.get("job_defaults", {}))
    commcell = Commcell(job_defaults)
    for client_spec in document.get("clients", []):
        commcell.add_client(client_spec)

    return FixtureData(
        users=users,
        access_tokens=access_tokens,
        token_idle_minutes=float(settings.get("token_idle_minutes", 30)),
        commcell=commcell,
    )


def generate_clients(spec: dict) -> list[dict]:
    """Expand the compact generator form into client entries.

    Clients are named `{client_prefix}{n:04d}-rac` for n = start .. start+clients-1,
    and each gets instances `{instance_prefix}{m:02d}` for m = 1 .. databases_per_client.
    """
    count = int(spec.get("clients", 1))
    per_client = int(spec.get("databases_per_client", 1))
    start = int(spec.get("start", 1))
    client_prefix = str(spec.get("client_prefix", "bench"))
    instance_prefix = str(spec.get("instance_prefix", "DB"))
    subclients = list(spec.get("subclients", ["default"]))
    agent = spec.get("agent", "Oracle RAC")
    first_client_id = spec.get("first_client_id")

    clients = []
    for offset in range(count):
        number = start + offset
        instances = []
        for index in range(1, per_client + 1):
            instance = {"name": f"{instance_prefix}{index:02d}", "agent": agent, "subclients": subclients}
            if "outcome" in spec:
                instance["outcome"] = spec["outcome"]
            instances.append(instance)
        client = {"name": f"{client_prefix}{number:04d}-rac", "instances": instances}
        if first_client_id is not None:
            client["client_id"] = int(first_client_id) + offset
        clients.append(client)
    return clients
