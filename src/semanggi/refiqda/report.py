"""What an import brought in, and what it left out and why, in Indonesian and English.

REFI-QDA asks an importing tool to tell its user which elements were discarded "in as much
detail as possible" (section 7 of the standard). Every dropped object gets its own entry;
changes and remarks that concern many objects at once get one entry each.
"""

from dataclasses import dataclass, field, fields
from enum import StrEnum

from semanggi.refiqda.offsets import OffsetUnit


class Action(StrEnum):
    DROPPED = "dropped"  # left out of the import
    CHANGED = "changed"  # imported, but not as written
    NOTE = "note"  # imported as written; worth knowing


@dataclass(frozen=True)
class ReportEntry:
    action: Action
    code: str
    indonesian: str
    english: str
    subject: str = ""

    def __str__(self) -> str:
        return f"{self.indonesian} / {self.english}"


# Field name → (Indonesian noun, English singular, English plural).
_COUNT_WORDS = {
    "users": ("pengguna", "user", "users"),
    "codes": ("kode", "code", "codes"),
    "sources": ("sumber", "source", "sources"),
    "selections": ("seleksi", "selection", "selections"),
    "codings": ("pengodean", "coding", "codings"),
    "cases": ("kasus", "case", "cases"),
    "variables": ("variabel", "variable", "variables"),
    "notes": ("catatan", "note", "notes"),
    "sets": ("set", "set", "sets"),
    "links": ("tautan", "link", "links"),
}


@dataclass(frozen=True)
class ImportCounts:
    users: int = 0
    codes: int = 0
    sources: int = 0
    selections: int = 0
    codings: int = 0
    cases: int = 0
    variables: int = 0
    notes: int = 0
    sets: int = 0
    links: int = 0

    def summary(self) -> str:
        """``Diimpor: 60 kode, ... / Imported: 60 codes, ...``, naming only what is there."""
        present = [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]
        if not present:
            return "Tidak ada yang diimpor / Nothing was imported"
        indonesian = ", ".join(f"{n} {_COUNT_WORDS[name][0]}" for name, n in present)
        english = ", ".join(
            f"{n} {_COUNT_WORDS[name][1] if n == 1 else _COUNT_WORDS[name][2]}"
            for name, n in present
        )
        return f"Diimpor: {indonesian} / Imported: {english}"


@dataclass(frozen=True)
class ImportReport:
    counts: ImportCounts
    entries: tuple[ReportEntry, ...] = ()
    offset_unit: OffsetUnit | None = None

    def with_action(self, action: Action) -> tuple[ReportEntry, ...]:
        return tuple(e for e in self.entries if e.action is action)

    @property
    def dropped(self) -> tuple[ReportEntry, ...]:
        return self.with_action(Action.DROPPED)

    def entries_for(self, code: str) -> tuple[ReportEntry, ...]:
        return tuple(e for e in self.entries if e.code == code)

    def lines(self) -> list[str]:
        """The report as text: the summary first, then every entry."""
        return [self.counts.summary(), *(str(e) for e in self.entries)]


# Entries of one kind named one by one; beyond this many, the rest are counted in one entry,
# so that a file with a million bad objects gives a readable report in bounded memory.
NAMED_PER_CODE = 100


@dataclass
class Reporter:
    """Collects entries while a file is read."""

    _entries: list[ReportEntry] = field(default_factory=list)
    _named: dict[str, int] = field(default_factory=dict)
    _more: dict[str, tuple[Action, int]] = field(default_factory=dict)

    @property
    def entries(self) -> list[ReportEntry]:
        """Every entry, the kinds with too many to name closed by a count of the rest."""
        more = [
            ReportEntry(
                action,
                code,
                f"... dan {count} lagi yang sejenis",
                f"... and {count} more of the same kind",
                code,
            )
            for code, (action, count) in self._more.items()
        ]
        return self._entries + more

    def add(
        self, action: Action, code: str, indonesian: str, english: str, subject: str = ""
    ) -> None:
        named = self._named.get(code, 0)
        if named >= NAMED_PER_CODE:
            self.omitted(code, 1, action)
            return
        self._named[code] = named + 1
        self._entries.append(ReportEntry(action, code, indonesian, english, subject))

    def first(
        self, action: Action, code: str, indonesian: str, english: str, subject: str = ""
    ) -> None:
        """An entry put before all others (what concerns the whole file)."""
        self._entries.insert(0, ReportEntry(action, code, indonesian, english, subject))

    def omitted(self, code: str, count: int, action: Action = Action.DROPPED) -> None:
        """``count`` more entries of kind ``code``, counted and not named."""
        if count:
            self._more[code] = (action, self._more.get(code, (action, 0))[1] + count)

    def dropped(self, code: str, indonesian: str, english: str, subject: str = "") -> None:
        self.add(Action.DROPPED, code, indonesian, english, subject)

    def changed(self, code: str, indonesian: str, english: str, subject: str = "") -> None:
        self.add(Action.CHANGED, code, indonesian, english, subject)

    def note(self, code: str, indonesian: str, english: str, subject: str = "") -> None:
        self.add(Action.NOTE, code, indonesian, english, subject)
