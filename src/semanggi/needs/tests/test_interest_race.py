"""Many members of one organisation expressing interest in the same need at the same moment,
against a real server process (SQLite, or PostgreSQL when DATABASE_URL names it): one
interest is made, every other request finds it (the database's constraint decides, the
IntegrityError of the losers is answered), and no request fails."""

import threading
from concurrent.futures import ThreadPoolExecutor

from semanggi.testing.live import Answer, call, live_server

REQUESTS = 16


def test_simultaneous_interests_of_one_organisation_make_one() -> None:
    with live_server() as live:
        tokens = live.seed["tokens"]
        need = call(
            "POST",
            f"{live.url}/api/needs",
            token=tokens["kurnia"],
            body={
                "title": "Ambulans desa",
                "publisher": "dinkes",
                "sector": "12230",
                "regions": ["33.72.03.1002"],
                "estimated_cost": "900000000",
                "priority": 3,
            },
        )
        assert need.status == 201, need.body
        url = f"{live.url}/api/needs/{need.body['id']}"
        assert call("POST", f"{url}/publish", token=tokens["kurnia"]).status == 200
        # Bima acts for Bank X; alice, an administrator, names Bank X too.
        bodies = [
            (tokens["bima"], {"message": f"Minat {n}"})
            if n % 2
            else (tokens["alice"], {"organisation": "bank-x", "message": f"Minat {n}"})
            for n in range(REQUESTS)
        ]
        barrier = threading.Barrier(REQUESTS)

        def express(index: int) -> Answer:
            token, body = bodies[index]
            barrier.wait()
            return call("POST", f"{url}/interests", token=token, body=body)

        with ThreadPoolExecutor(REQUESTS) as pool:
            answers = list(pool.map(express, range(REQUESTS)))

        statuses = sorted(answer.status for answer in answers)
        assert statuses == [200] * (REQUESTS - 1) + [201], [a.body for a in answers]
        assert len({answer.body["id"] for answer in answers}) == 1
        listed = call("GET", f"{url}/interests", token=tokens["kurnia"]).body
        assert listed["count"] == 1
        # The coordinator was told once, not once per request.
        told = call("GET", f"{live.url}/api/notifications", token=tokens["kurnia"]).body
        assert [row["kind"] for row in told["items"]] == ["interest_expressed"]
        log = live.log.read_text()
        assert "Traceback" not in log and '" 500 ' not in log, log[-3000:]
