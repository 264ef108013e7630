"""Many people at once, against a real server process on its own database (SQLite by
default, PostgreSQL when DATABASE_URL names one): coding at once, editing one record at
once, approving while the value changes. Bounded in requests, never timed: what counts is
that no request fails, no row is duplicated, no update is lost silently."""

import random
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from semanggi.testing.live import Answer, Live, call, live_server

WRITERS = 20
REQUESTS_EACH = 12


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    with live_server() as server:
        yield server
        log = server.log.read_text()
        assert "Traceback" not in log, log[-3000:]
        assert '" 500 ' not in log, log[-3000:]


def together(*jobs: Callable[[], Answer]) -> list[Answer]:
    """Run the jobs in threads released at the same moment; their answers, in order."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], Answer]) -> Answer:
        barrier.wait()
        return job()

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_many_clients_coding_at_once_get_no_error_and_no_duplicate_segment(live: Live) -> None:
    seed = live.seed
    study, source, codes = seed["study"], seed["source"], seed["codes"]
    tokens = [seed["tokens"]["eva"], seed["tokens"]["kurnia"]]
    url = f"{live.url}/api/studies/{study}/sources/{source}/segments"
    # Few spans, many writers: most requests code a span another writer is coding too.
    spans = [(10 * n, 10 * n + 7) for n in range(8)]
    plan = random.Random(11)
    work = [
        [(plan.choice(spans), plan.choice(codes)) for _ in range(REQUESTS_EACH)]
        for _ in range(WRITERS)
    ]

    def writer(index: int) -> list[Answer]:
        return [
            call(
                "POST",
                url,
                token=tokens[index % 2],
                body={"start": start, "end": end, "codes": [code]},
            )
            for (start, end), code in work[index]
        ]

    barrier = threading.Barrier(WRITERS)

    def started(index: int) -> list[Answer]:
        barrier.wait()
        return writer(index)

    with ThreadPoolExecutor(WRITERS) as pool:
        answers = [a for batch in pool.map(started, range(WRITERS)) for a in batch]

    assert len(answers) == WRITERS * REQUESTS_EACH
    failed = [(a.status, a.body) for a in answers if a.status != 201]
    assert failed == []
    listed = call("GET", f"{url}?page_size=100", token=tokens[0]).body["items"]
    stored = [(s["start"], s["end"]) for s in listed]
    assert len(stored) == len(set(stored))  # one segment per span
    wanted: dict[tuple[int, int], set[int]] = defaultdict(set)
    for batch in work:
        for span, code in batch:
            wanted[span].add(code)
    # Every code anyone added is on its span: no addition was lost either.
    assert {(s["start"], s["end"]): set(s["codes"]) for s in listed} == wanted


def test_simultaneous_code_replacements_end_with_one_of_them(live: Live) -> None:
    seed = live.seed
    study, source, codes = seed["study"], seed["source"], seed["codes"]
    token = seed["tokens"]["eva"]
    base = f"{live.url}/api/studies/{study}"
    created = call(
        "POST",
        f"{base}/sources/{source}/segments",
        token=token,
        body={"start": 200, "end": 230, "codes": [codes[0]]},
    )
    assert created.status == 201
    segment = created.body["id"]
    choices = [[codes[1], codes[2]], [codes[3]], [codes[4], codes[5]], [codes[0], codes[5]]]
    for _ in range(5):
        answers = together(
            *(
                lambda chosen=chosen: call(
                    "PUT", f"{base}/segments/{segment}/codes", token=token, body={"codes": chosen}
                )
                for chosen in choices
            )
        )
        assert [a.status for a in answers] == [200] * len(choices)
        listed = call("GET", f"{base}/sources/{source}/segments", token=token).body["items"]
        final = next(sorted(s["codes"]) for s in listed if s["id"] == segment)
        assert final in [sorted(c) for c in choices]


def _partnership(live: Live) -> tuple[str, Answer]:
    url = f"{live.url}/api/partnerships/{live.seed['partnership']}"
    return url, call("GET", url, token=live.seed["tokens"]["kurnia"])


def test_two_editors_of_different_fields_the_second_is_told(live: Live) -> None:
    kurnia, bima = live.seed["tokens"]["kurnia"], live.seed["tokens"]["bima"]
    for round_ in range(4):
        url, read = _partnership(live)
        etag = read.headers["ETag"]
        assert etag == f'"{read.body["version"]}"'
        match = {"If-Match": etag}
        title, description = f"Judul {round_}", f"Uraian {round_}"
        first, second = together(
            partial(call, "PATCH", url, token=kurnia, body={"title": title}, headers=match),
            partial(
                call, "PATCH", url, token=bima, body={"description": description}, headers=match
            ),
        )
        assert sorted([first.status, second.status]) == [200, 409]
        winner, loser = (first, second) if first.status == 200 else (second, first)
        # The one refused gets the record as it is now: the other's change is in it.
        assert loser.body["current"] == winner.body
        assert loser.body["version"] == winner.body["version"]
        again = call(
            "PATCH",
            url,
            token=kurnia if loser is first else bima,
            body={"title": title} if loser is first else {"description": description},
            headers={"If-Match": loser.headers.get("ETag") or f'"{loser.body["version"]}"'},
        )
        assert again.status == 200
        final = _partnership(live)[1].body
        assert (final["title"], final["description"]) == (title, description)


def test_writes_without_a_version_keep_every_field_they_set(live: Live) -> None:
    kurnia = live.seed["tokens"]["kurnia"]
    url, _ = _partnership(live)
    fields = {
        "title": "Puskesmas Semanggi bersama",
        "title_en": "Puskesmas Semanggi together",
        "programme": "Program kesehatan",
        "description": "Uraian bersama",
        "description_en": "A shared description",
    }
    answers = together(
        *(
            lambda name=name, value=value: call("PATCH", url, token=kurnia, body={name: value})
            for name, value in fields.items()
        )
    )
    assert [a.status for a in answers] == [200] * len(fields)
    final = _partnership(live)[1].body
    assert {name: final[name] for name in fields} == fields


def test_an_approval_never_approves_a_value_it_did_not_see(live: Live) -> None:
    seed = live.seed
    slug, period = seed["partnership"], seed["period"]
    record = f"{live.url}/api/partnerships/{slug}/records/indicator-period/{period}"
    approve = f"{live.url}/api/partnerships/{slug}/indicator-periods/{period}/approve"
    approver, editor = seed["tokens"]["charlie"], seed["tokens"]["kurnia"]
    outcomes: set[tuple[int, int]] = set()
    for round_ in range(8):
        seen = call("GET", record, token=approver)
        version, actual = seen.body["version"], float(seen.body["actual"])
        changed = actual + 1 + round_
        approval, edit = together(
            partial(call, "POST", approve, token=approver, body={"version": version}),
            partial(
                call,
                "PATCH",
                record,
                token=editor,
                body={"actual": str(changed)},
                headers={"If-Match": f'"{version}"'},
            ),
        )
        outcomes.add((approval.status, edit.status))
        assert approval.status in (200, 409)
        assert edit.status in (200, 409)
        final = call("GET", record, token=approver).body
        if final["approved_by_id"] is not None:
            # Approved: then the value is the one the approver saw.
            assert float(final["actual"]) == actual
            assert approval.status == 200
        if approval.status == 200 and edit.status == 200:
            # The change came after the approval and took it back.
            assert final["approved_by_id"] is None
            assert float(final["actual"]) == changed
        if approval.status == 409:
            assert approval.body["current"]["version"] > version
    # Both may win a round; what may never happen is an approval of the changed value.
    assert outcomes <= {(200, 409), (409, 200), (200, 200)}
