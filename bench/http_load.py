"""Over HTTP, through the production server: concurrent users on a mix of public pages,
dashboard, partnership and region pages, API lists, region search and coding (a segment added
to a source of the largest study, through the API with the evaluator's personal token),
against the database bench/national.py kept. Prints, per request class, the number of
requests, errors, p50 and p95 in ms, and the throughput; once per worker count, so that
scaling shows.

    .venv/bin/python bench/http_load.py [--workers 1,4] [--users 50] [--seconds 60]

Each user, like a person (and like locust's `between(1, 3)`), waits --think seconds between
its requests; `--think 0,0` gives a closed loop where every user fires again at once, which
measures the saturated throughput instead. The load generator runs on the same machine
(Python threads), so it competes with the server for the cores: the figures are an upper
bound of the server's latency."""

import argparse
import http.cookiejar
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "postgres://postgres@127.0.0.1:5432/semanggi_bench_national"


def login(base: str) -> urllib.request.OpenerDirector:
    """A client signed in as the coordinator, with its own session cookie."""
    jar = http.cookiejar.CookieJar()
    client = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    client.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": "koordinator", "password": "bench-pass", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=form, headers={"Referer": base + "/"}
    )
    client.open(request).read()
    return client


class Coding:
    """Where the coding class writes: the largest study's sources and codes, and a token."""

    def __init__(self, database: str) -> None:
        import psycopg

        with psycopg.connect(database) as connection:
            study = connection.execute(
                "SELECT s.id FROM evidence_study s JOIN evidence_source o ON o.study_id = s.id "
                "GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()[0]
            self.sources = connection.execute(
                "SELECT id, text_length FROM evidence_source WHERE study_id = %s", [study]
            ).fetchall()
            self.codes = [
                row[0]
                for row in connection.execute(
                    "SELECT id FROM evidence_code WHERE study_id = %s AND codable", [study]
                )
            ]
        self.study = study
        made = subprocess.run(
            [str(Path(sys.executable).parent / "semanggi"), "create_api_token", "peneliti"],
            env={**os.environ, "DATABASE_URL": database},
            capture_output=True,
            text=True,
            check=True,
        )
        self.token = made.stdout.strip()

    def request(self, rng: random.Random) -> tuple[str, bytes]:
        source, length = rng.choice(self.sources)
        start = rng.randrange(length - 100)
        body = {
            "start": start,
            "end": start + rng.randint(5, 90),
            "codes": [rng.choice(self.codes)],
        }
        path = f"/api/studies/{self.study}/sources/{source}/segments"
        return path, json.dumps(body).encode()


def classes(count: int) -> dict[str, callable]:  # type: ignore[valid-type]
    rng = random.Random()
    provinces = ["11", "31", "32", "33", "35", "51", "64", "73", "91"]
    return {
        "home": lambda: "/",
        "public list by region": lambda: f"/partnerships/?region={rng.choice(provinces)}",
        # a published one (bench/national.py publishes every index not divisible by 5)
        "partnership page": lambda: f"/partnerships/sintetis-{rng.randrange(count) // 5 * 5 + 1}/",
        "region page": lambda: f"/regions/{rng.choice(provinces)}/",
        "dashboard (coordinator)": lambda: "/dashboard/?region=33",
        "API partnership list": lambda: f"/api/partnerships?page={rng.randint(1, 20)}",
        "API region search": lambda: f"/api/regions?q={rng.choice(['Sura', 'Bandung', 'Maka'])}",
    }


def run(
    workers: int, users: int, seconds: float, count: int, coding: Coding, think: tuple[float, float]
) -> None:
    with socket.socket() as probe:  # a port nobody else uses on this machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DATABASE),
        "SEMANGGI_BIND": f"127.0.0.1:{port}",
        "SEMANGGI_WORKERS": str(workers),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SEMANGGI_DATA_DIR": "/tmp/semanggi-bench-http",
    }
    env.pop("SEMANGGI_DEMO", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "semanggi"), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit {server.returncode})")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        mix = classes(count)
        names = [*mix, "coding (API, token)"]
        times: dict[str, list[float]] = {name: [] for name in names}
        errors: dict[str, int] = dict.fromkeys(names, 0)
        lock = threading.Lock()
        failures: list[str] = []
        stop_at = time.monotonic() + seconds

        def user(index: int) -> None:
            client = login(base)
            rng = random.Random(index)
            while time.monotonic() < stop_at:
                name = rng.choice(names)
                started = time.perf_counter()
                try:
                    if name in mix:
                        request = urllib.request.Request(base + mix[name]())
                    else:
                        path, body = coding.request(rng)
                        request = urllib.request.Request(
                            base + path,
                            data=body,
                            headers={
                                "Authorization": f"Bearer {coding.token}",
                                "Content-Type": "application/json",
                            },
                        )
                    with client.open(request, timeout=60) as response:
                        response.read()
                        ok = response.status in (200, 201)
                except (urllib.error.URLError, OSError) as error:
                    ok = False
                    if len(failures) < 5:
                        failures.append(f"{name}: {error} {getattr(error, 'url', '')}")
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    times[name].append(elapsed)
                    errors[name] += 0 if ok else 1
                time.sleep(rng.uniform(*think))  # the person reads the page before the next

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.monotonic() - began
        total = sum(len(v) for v in times.values())
        print(
            f"-- {workers} worker(s), {users} users, {duration:.0f} s: "
            f"{total} requests, {total / duration:.1f} req/s, "
            f"{sum(errors.values())} errors",
            flush=True,
        )
        for failure in failures:
            print(f"   failed: {failure}", flush=True)
        for name in names:
            values = sorted(times[name])
            if not values:
                continue
            p95 = values[max(0, int(len(values) * 0.95) - 1)]
            print(
                f"   {name:26} n={len(values):5}  errors={errors[name]}  "
                f"p50={statistics.median(values):7.1f} ms  p95={p95:7.1f} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,4")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--partnerships", type=int, default=50_000)
    parser.add_argument(
        "--think",
        default="1,3",
        help="seconds a user waits between requests, drawn between these two (0,0: none)",
    )
    options = parser.parse_args()
    coding = Coding(os.environ.get("BENCH_DATABASE_URL", DATABASE))
    low, high = (float(t) for t in options.think.split(","))
    for workers in [int(w) for w in options.workers.split(",")]:
        run(workers, options.users, options.seconds, options.partnerships, coding, (low, high))


if __name__ == "__main__":
    main()
