"""Find instances, backup sets and subclients by id, as the `{id}` paths give them.

The lookups scan every entity. They serve cvpysdk's entity loading, which requests a
handful of ids, so the collection's hot paths (CreateTask and the job calls) never use them.
"""

from __future__ import annotations

from collections.abc import Iterator

from .commcell import Backupset, Commcell, Instance, Subclient


def parse_id(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def iter_instances(commcell: Commcell) -> Iterator[Instance]:
    for client in commcell.clients_by_id.values():
        yield from client.instances


def iter_backupsets(commcell: Commcell) -> Iterator[Backupset]:
    for instance in iter_instances(commcell):
        yield from instance.backupsets.values()


def find_instance_by_id(commcell: Commcell, instance_id: str) -> Instance | None:
    expected_id = parse_id(instance_id)
    return next((i for i in iter_instances(commcell) if i.instance_id == expected_id), None)


def find_backupset_by_id(commcell: Commcell, backupset_id: str) -> Backupset | None:
    expected_id = parse_id(backupset_id)
    return next((b for b in iter_backupsets(commcell) if b.backupset_id == expected_id), None)


def find_subclient_by_id(commcell: Commcell, subclient_id: str) -> Subclient | None:
    expected_id = parse_id(subclient_id)
    for backupset in iter_backupsets(commcell):
        for subclient in backupset.subclients.values():
            if subclient.subclient_id == expected_id:
                return subclient
    return None
