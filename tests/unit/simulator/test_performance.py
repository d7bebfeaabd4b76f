"""A fleet of 1000 databases: 1000 CreateTask calls and listing polls stay fast."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests
from simulator_helpers import ACCESS_TOKEN, association, task_body

HEADERS = {"Authtoken": f"QSDK {ACCESS_TOKEN}"}


def test_fleet_of_1000_databases(sim):
    sim.control("POST", "commcell", {"generate": {"clients": 250, "databases_per_client": 4}})
    bodies = [
        task_body(association(client=f"bench{c:04d}-rac", instance=f"DB{d:02d}"))
        for c in range(1, 251)
        for d in range(1, 5)
    ]

    with requests.Session() as session, ThreadPoolExecutor(max_workers=16) as pool:
        started = time.monotonic()
        responses = list(
            pool.map(
                lambda body: session.post(f"{sim.url}/CreateTask", json=body, headers=HEADERS, timeout=30).json(),
                bodies,
            )
        )
        create_seconds = time.monotonic() - started

        started = time.monotonic()
        listing = session.get(f"{sim.url}/Job", params={"jobCategory": "All"}, headers=HEADERS, timeout=30).json()
        list_seconds = time.monotonic() - started

    assert all(len(body["jobIds"]) == 1 for body in responses)
    assert listing["totalRecordsWithoutPaging"] == 1000
    # Generous bounds so a slow CI machine passes; a linear scan per lookup or an
    # O(n) record append would exceed them by far.
    assert create_seconds < 30
    assert list_seconds < 2
