"""Semanggi against Taguette, over HTTP, on the same machine in the same run.

Both servers hold a project of the same size (by default 1,000 sources of about 5 KB and
50,000 coded segments): Semanggi on PostgreSQL behind its production server (`semanggi
serve`, gunicorn, --workers processes), signed in with a personal API token; Taguette 1.5.2
(installed beside the project, never a dependency of it) in its single-user mode on its
default SQLite database, signed in with its join link. Then:

1. **coding**: --requests pairs of requests, one to each server in turn, each adding one
   coded span to a random source (Semanggi: POST /api/studies/{id}/sources/{id}/segments;
   Taguette: POST /api/project/{id}/document/{id}/highlight/new); p50, p95 and the ratio;
2. **import**: 50 HTML documents of 5 KB through each one's upload path (Semanggi: POST
   /api/studies/{id}/sources with the file, read as the upload page reads it, 50 requests,
   and the same 50 files in one POST /api/studies/{id}/sources/batch; Taguette: POST
   /api/project/{id}/document/new, 50 requests); total time of each, with the ratio of each
   Semanggi figure to Taguette's;
3. **memory**: resident memory (VmRSS) of every Semanggi process (gunicorn's arbiter and its
   workers) and of Taguette's process, after the runs.

Every request is a new connection on loopback, the same client for both servers. Install
Taguette first, outside the project:

    python3 -m venv /tmp/taguette && /tmp/taguette/bin/pip install taguette==1.5.2
    .venv/bin/python bench/taguette.py [--taguette /tmp/taguette/bin/taguette]
        [--sources 1000] [--segments 50000] [--requests 1000] [--workers 1]
"""

import argparse
import http.client
import http.cookies
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evidence import _database, _text, build

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Client:
    """A tiny HTTP client: one new connection per request, cookies kept, headers added."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = http.cookies.SimpleCookie()
                jar.load(header)
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value
            return response.status, data
        finally:
            connection.close()

    def timed(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> float:
        began = time.perf_counter()
        status, data = self.request(method, path, body, headers)
        took = (time.perf_counter() - began) * 1000
        if status not in (200, 201):
            raise SystemExit(f"{method} {path}: {status} {data[:300]!r}")
        return took


def multipart(
    fields: dict[str, str], name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    return multipart_many(fields, name, [(filename, content)])


def multipart_many(
    fields: dict[str, str], name: str, files: list[tuple[str, bytes]]
) -> tuple[bytes, str]:
    """A multipart body with ``fields`` and every file of ``files`` under ``name``."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    for filename, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/html\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def page(rng: random.Random) -> bytes:
    """A 5 KB document as an HTML page, one paragraph per line."""
    body = "".join(f"<p>{line}</p>" for line in _text(rng, 5_000).splitlines())
    return f"<html><body>{body}</body></html>".encode()


def wait_for(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"a server stopped (exit {process.returncode})")
        try:
            status, _ = Client(port).request("GET", path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("a server did not start")


def memory(pid: int) -> dict[str, float]:
    """Resident (RSS), proportional (PSS: shared pages divided among the processes sharing
    them) and private (USS) memory of a process, in MiB, from /proc/PID/smaps_rollup."""
    found = {"Rss": 0.0, "Pss": 0.0, "Private_Clean": 0.0, "Private_Dirty": 0.0}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key = line.split(":")[0]
        if key in found:
            found[key] = int(line.split()[1]) / 1024
    return {
        "rss": found["Rss"],
        "pss": found["Pss"],
        "uss": found["Private_Clean"] + found["Private_Dirty"],
    }


def say(label: str, figures: dict[str, float]) -> str:
    rss, pss, uss = figures["rss"], figures["pss"], figures["uss"]
    return f"{label}: RSS {rss:.0f}, PSS {pss:.0f}, private {uss:.0f} MiB"


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def spread(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


# --- Semanggi ------------------------------------------------------------------------------


def semanggi_start(
    workers: int, sources: int, segments: int, started: list[subprocess.Popen[bytes]]
) -> dict[str, Any]:
    print(f"== Semanggi: building {sources} sources, {segments} segments on PostgreSQL", flush=True)
    _database(True)
    world = build(sources, segments)
    from semanggi.access.services import api_token_create

    token = api_token_create(user=world["lead"], name="bench")
    port = free_port()
    env = {
        **os.environ,
        "SEMANGGI_BIND": f"{HOST}:{port}",
        "SEMANGGI_WORKERS": str(workers),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_CONN_MAX_AGE": "600",
    }
    env.pop("SEMANGGI_DEMO", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "semanggi"), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started.append(server)
    wait_for(port, "/healthz", server)
    return {
        "server": server,
        "client": Client(port, {"Authorization": f"Bearer {token}"}),
        "study": world["study"].pk,
        "sources": [(s.pk, s.text_length) for s in world["sources"]],
        "codes": world["codes"],
    }


def semanggi_code(side: dict[str, Any], rng: random.Random) -> float:
    source, length = rng.choice(side["sources"])
    start = rng.randrange(length - 100)
    body = json.dumps(
        {"start": start, "end": start + rng.randint(5, 90), "codes": [rng.choice(side["codes"])]}
    ).encode()
    return side["client"].timed(
        "POST",
        f"/api/studies/{side['study']}/sources/{source}/segments",
        body,
        {"Content-Type": "application/json"},
    )


def semanggi_import(side: dict[str, Any], files: list[tuple[str, bytes]]) -> float:
    began = time.perf_counter()
    for name, content in files:
        body, kind = multipart({"kind": "document", "title": name}, "upload", name, content)
        side["client"].timed(
            "POST", f"/api/studies/{side['study']}/sources", body, {"Content-Type": kind}
        )
    return time.perf_counter() - began


def semanggi_import_batch(side: dict[str, Any], files: list[tuple[str, bytes]]) -> float:
    """The same files in one request: POST /api/studies/{id}/sources/batch."""
    body, kind = multipart_many({"kind": "document"}, "uploads", files)
    began = time.perf_counter()
    side["client"].timed(
        "POST", f"/api/studies/{side['study']}/sources/batch", body, {"Content-Type": kind}
    )
    return time.perf_counter() - began


# --- Taguette ------------------------------------------------------------------------------


def taguette_start(
    binary: str, sources: int, segments: int, started: list[subprocess.Popen[bytes]]
) -> dict[str, Any]:
    print(f"== Taguette: {sources} documents, {segments} highlights on SQLite", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-taguette-"))
    database = folder / "taguette.sqlite3"
    port = free_port()
    log = (folder / "out.log").open("wb")
    server = subprocess.Popen(
        [binary, "--no-browser", "--port", str(port), "--bind", HOST, "--database", str(database)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started.append(server)
    for _ in range(120):
        found = re.search(rb"\?token=([0-9a-f]+)", (folder / "out.log").read_bytes())
        if found:
            break
        if server.poll() is not None:
            raise SystemExit("Taguette stopped: " + (folder / "out.log").read_text()[-2000:])
        time.sleep(0.5)
    else:
        raise SystemExit("Taguette printed no join link")
    wait_for(port, "/health", server)
    client = Client(port)
    client.request("GET", f"/?token={found.group(1).decode()}")
    client.request("GET", "/project/new")
    xsrf = client.cookies["_xsrf"]
    status, _ = client.request(
        "POST",
        "/project/new",
        f"name=Beban&description=&_xsrf={xsrf}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status not in (200, 302, 303):
        raise SystemExit(f"Taguette refused the project: {status}")
    side = {"server": server, "client": client, "xsrf": xsrf, "database": database}
    project = sqlite3.connect(database).execute("SELECT max(id) FROM projects").fetchone()[0]
    side["project"] = project
    tags = []
    for n in range(12):
        body = json.dumps({"path": f"kode-{n}", "description": ""}).encode()
        status, data = client.request(
            "POST", f"/api/project/{project}/tag/new", body, taguette_headers(side)
        )
        if status != 200:
            raise SystemExit(f"Taguette refused a tag: {status} {data[:200]!r}")
        tags.append(json.loads(data)["id"])
    side["tags"] = tags
    # The project's documents and highlights are written straight into its database, as
    # bench/evidence.py writes Semanggi's in bulk: set-up, not what is measured.
    rng = random.Random(11)
    with sqlite3.connect(database) as db:
        documents = []
        for n in range(sources):
            text = _text(rng, 5_000)
            html = "".join(f"<p>{line}</p>" for line in text.splitlines())
            cursor = db.execute(
                "INSERT INTO documents (name, description, filename, created, project_id, "
                "text_direction, contents) VALUES (?, '', ?, datetime('now'), ?, "
                "'LEFT_TO_RIGHT', ?)",
                (f"Sumber {n}", f"sumber-{n}.txt", project, html),
            )
            # Taguette's offsets count the characters of the text, not of its HTML.
            documents.append((cursor.lastrowid, len("".join(text.splitlines()))))
        per_document = max(segments // sources, 1)
        for document, length in documents:
            for _ in range(per_document):
                start = rng.randrange(length - 200)
                cursor = db.execute(
                    "INSERT INTO highlights (document_id, start_offset, end_offset, snippet) "
                    "VALUES (?, ?, ?, 'x')",
                    (document, start, start + rng.randint(20, 200)),
                )
                db.execute(
                    "INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
                    (cursor.lastrowid, rng.choice(tags)),
                )
    side["documents"] = documents
    return side


def taguette_headers(side: dict[str, Any]) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-XSRFToken": side["xsrf"]}


def taguette_code(side: dict[str, Any], rng: random.Random) -> float:
    document, length = rng.choice(side["documents"])
    start = rng.randrange(length - 100)
    body = json.dumps(
        {
            "start_offset": start,
            "end_offset": start + rng.randint(5, 90),
            "tags": [rng.choice(side["tags"])],
        }
    ).encode()
    return side["client"].timed(
        "POST",
        f"/api/project/{side['project']}/document/{document}/highlight/new",
        body,
        taguette_headers(side),
    )


def taguette_import(side: dict[str, Any], files: list[tuple[str, bytes]]) -> float:
    began = time.perf_counter()
    for name, content in files:
        body, kind = multipart(
            {"name": name, "description": "", "_xsrf": side["xsrf"]}, "file", name, content
        )
        side["client"].timed(
            "POST",
            f"/api/project/{side['project']}/document/new",
            body,
            {"Content-Type": kind, "X-XSRFToken": side["xsrf"]},
        )
    return time.perf_counter() - began


# --- the run -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taguette", default="/tmp/taguette/bin/taguette")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()
    if not Path(options.taguette).exists():
        raise SystemExit(f"Taguette is not installed at {options.taguette}: see this script's help")
    started: list[subprocess.Popen[bytes]] = []
    try:
        ours = semanggi_start(options.workers, options.sources, options.segments, started)
        theirs = taguette_start(options.taguette, options.sources, options.segments, started)
        rng = random.Random(7)
        for _ in range(30):  # warm-up of both
            semanggi_code(ours, rng)
            taguette_code(theirs, rng)
        mine: list[float] = []
        other: list[float] = []
        for _ in range(options.requests):  # paired, request by request
            mine.append(semanggi_code(ours, rng))
            other.append(taguette_code(theirs, rng))
        (m50, m95), (t50, t95) = spread(mine), spread(other)
        print(
            f"coding, {options.requests} paired requests at {options.segments:,} segments:\n"
            f"  Semanggi ({options.workers} worker(s), PostgreSQL): "
            f"p50 {m50:.1f} ms, p95 {m95:.1f} ms\n"
            f"  Taguette 1.5.2 (SQLite): p50 {t50:.1f} ms, p95 {t95:.1f} ms\n"
            f"  p95 ratio Semanggi / Taguette: {m95 / t95:.2f} (aim: at most 0.33)",
            flush=True,
        )
        # HTML, which both read without outside converters (Taguette needs Calibre for .txt).
        files = [(f"wawancara-{n}.html", page(random.Random(100 + n))) for n in range(50)]
        mine_import = semanggi_import(ours, files)
        mine_batch = semanggi_import_batch(ours, files)
        other_import = taguette_import(theirs, files)
        print(
            "import of 50 text documents of 5 KB through the upload path:\n"
            f"  Semanggi, 50 requests: {mine_import:.2f} s; "
            f"ratio to Taguette {mine_import / other_import:.2f} (aim: at most 0.33)\n"
            f"  Semanggi, one request of 50 files (/sources/batch): {mine_batch:.2f} s; "
            f"ratio to Taguette {mine_batch / other_import:.2f}\n"
            f"  Taguette 1.5.2, 50 requests: {other_import:.2f} s",
            flush=True,
        )
        arbiter = ours["server"].pid
        processes = [("Semanggi master", arbiter)] + [
            (f"Semanggi worker {n + 1}", pid) for n, pid in enumerate(children(arbiter))
        ]
        print("memory after the runs (the workers share the master's pages: --preload):")
        total = 0.0
        for label, pid in processes:
            figures = memory(pid)
            total += figures["pss"]
            print("  " + say(label, figures))
        print(f"  Semanggi, all processes: PSS {total:.0f} MiB")
        print("  " + say("Taguette (one process)", memory(theirs["server"].pid)), flush=True)
    finally:
        for server in started:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
