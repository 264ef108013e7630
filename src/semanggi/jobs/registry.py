"""Job kinds: what a job of each kind does. An app declares its kinds in its ``jobs.py``:

    @job_kind("dashboard_export", Message("Ekspor dasbor", "Dashboard export"))
    def dashboard_export(context: JobContext) -> JobOutcome:
        ...

The function runs inside one transaction; it reports progress with ``context.progress``,
refuses with ``JobError(Message(...))`` and returns a ``JobOutcome``."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from semanggi.core.text import Message


class JobError(Exception):
    """The job cannot be done; ``message`` says why, in Indonesian and English."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class JobOutcome:
    summary: Message | None = None
    result: dict[str, Any] = field(default_factory=dict)
    link: str = ""  # where the result is (a URL path), shown as the job's result link
    file: tuple[str, bytes] | None = None  # a file to download: (name, content)


@dataclass
class JobContext:
    job: Any  # the Job row
    report: Callable[[int, Message], None]

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.job.params
        return params

    @property
    def actor(self) -> Any:
        return self.job.created_by

    def input_bytes(self) -> bytes:
        if not self.job.input_file:
            raise JobError(Message("Berkas masukan tidak ada", "The input file is missing"))
        with self.job.input_file.open("rb") as handle:
            data: bytes = handle.read()
        return data

    def progress(self, percent: int, message: Message) -> None:
        self.report(max(0, min(100, percent)), message)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Message
    run: Callable[[JobContext], JobOutcome]


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str, label: Message
) -> Callable[[Callable[[JobContext], JobOutcome]], Callable[[JobContext], JobOutcome]]:
    """Register the decorated function as the job kind ``name``."""

    def register(run: Callable[[JobContext], JobOutcome]) -> Callable[[JobContext], JobOutcome]:
        if name in KINDS and KINDS[name].run is not run:
            raise ValueError(f"job kind {name!r} is declared twice")
        KINDS[name] = JobKind(name, label, run)
        return run

    return register


def kind_get(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise JobError(
            Message(f"Jenis pekerjaan {name!r} tidak dikenal", f"Unknown job kind {name!r}")
        ) from None
