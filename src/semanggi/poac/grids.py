"""The two grids of Organizing, edited in place: the responsibility matrix (activities ×
parties, each cell R, A, C, I, a combination such as A+R, or nothing) and the parties'
involvement in each decision (decisions × parties).

A grid is read as a whole and saved as a whole, all or nothing. Its version is one more
than the number of changes its history holds (every cell created, changed or removed,
through the grid, a record form, the API or the admin, leaves a history row), so a grid
changed since it was read answers with a conflict, whoever changed it and however. The
save locks the partnership's row, so that two grid saves run one after the other.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from semanggi.bounds import parse_id
from semanggi.core.lifecycle import ActivityRecord, Assignment, PartyRecord, Raci, validate_raci
from semanggi.partnerships.models import Partnership, Party
from semanggi.poac.forms import involvement_problem
from semanggi.poac.models import Activity, Decision, DecisionParty, Involvement, Responsibility
from semanggi.poac.services import partnership_check_open
from semanggi.versions import VersionConflict, version_save

RACI = "raci"
INVOLVEMENT = "involvement"

# The cells of the responsibility matrix people choose from: nothing, one letter, or A and R
# together (the party that answers for an activity often does the work too).
RACI_VALUES = ("", "R", "A", "C", "I", "AR")
_RACI_CELL = re.compile(r"^[RACI]{0,4}$")
_CELL_NAME = re.compile(r"^cell-([0-9]{1,19})-([0-9]{1,19})$")


@dataclass(frozen=True)
class GridColumn:
    id: int
    name: str  # the party's organisation, in full
    short: str  # its acronym when it has one: the column heading


@dataclass(frozen=True)
class GridCell:
    row: int
    column: int
    value: str
    label: str  # "row — column", the select's accessible name
    choices: tuple[tuple[str, str], ...]
    saved: str | None = None  # after a conflict: the value saved meanwhile, when it differs

    @property
    def name(self) -> str:
        return f"cell-{self.row}-{self.column}"

    @property
    def saved_label(self) -> str:
        labels = dict(self.choices)
        saved = self.saved or ""
        return labels.get(saved, _combination(saved))


@dataclass(frozen=True)
class GridRow:
    id: int
    name: str
    cells: tuple[GridCell, ...]
    error: str = ""


@dataclass(frozen=True)
class Grid:
    kind: str  # RACI or INVOLVEMENT
    version: int
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]

    def values(self) -> dict[tuple[int, int], str]:
        return {(cell.row, cell.column): cell.value for row in self.rows for cell in row.cells}

    def with_input(
        self,
        values: Mapping[tuple[int, int], str],
        *,
        errors: Mapping[int, str] | None = None,
        saved: "Grid | None" = None,
    ) -> "Grid":
        """The grid showing what a person entered (kept after an error or a conflict), the
        problems of each row, and, after a conflict, what is saved now where it differs."""
        now = saved.values() if saved is not None else {}
        rows = []
        for row in self.rows:
            cells = []
            for cell in row.cells:
                key = (cell.row, cell.column)
                value = values.get(key, cell.value)
                choices = cell.choices
                if value not in {v for v, _label in choices}:
                    if self.kind == RACI and _raci_letters(value) == value:
                        choices = (*choices, (value, _combination(value)))
                    else:  # not a value of this grid: what is saved stays shown
                        value = cell.value
                differs = saved is not None and now.get(key, "") != value
                cells.append(
                    replace(
                        cell,
                        value=value,
                        choices=choices,
                        saved=now.get(key, "") if differs else None,
                    )
                )
            rows.append(replace(row, cells=tuple(cells), error=(errors or {}).get(row.id, "")))
        version = saved.version if saved is not None else self.version
        return replace(self, rows=tuple(rows), version=version)


class GridConflict(VersionConflict):
    """The grid changed since the version the caller read; ``current`` is the grid now."""

    def __init__(self, current: Grid, expected: int) -> None:
        Exception.__init__(self, f"{current.kind} grid: version {expected} is stale")
        self.current = current
        self.expected = expected


class GridInvalid(Exception):
    """The grid as sent breaks a rule; ``problems`` maps a row id (None: the whole grid)
    to what is wrong, in the active language. Nothing was saved."""

    def __init__(self, problems: dict[int | None, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def grid_cells_parse(data: Mapping[str, Any]) -> dict[tuple[int, int], str]:
    """The cells a page posted (``cell-<row>-<column>``), by (row id, column id)."""
    cells: dict[tuple[int, int], str] = {}
    for key in data:
        match = _CELL_NAME.match(str(key))
        if not match:
            continue
        row, column = parse_id(match.group(1)), parse_id(match.group(2))
        if row is not None and column is not None:
            cells[(row, column)] = str(data.get(key) or "")
    return cells


# --- Reading ------------------------------------------------------------------------------------


def _columns(parties: list[Party]) -> tuple[GridColumn, ...]:
    return tuple(
        GridColumn(p.pk, p.organisation.name, p.organisation.acronym or p.organisation.name)
        for p in parties
    )


def _combination(value: str) -> str:
    return "+".join(value) if value else "—"


def _raci_choices() -> tuple[tuple[str, str], ...]:
    return tuple((value, _combination(value)) for value in RACI_VALUES)


def _raci_version(partnership_id: int) -> int:
    activities = Activity.history.filter(partnership_id=partnership_id).values("id")
    return 1 + Responsibility.history.filter(activity_id__in=activities).count()


def _involvement_version(partnership_id: int) -> int:
    decisions = Decision.history.filter(partnership_id=partnership_id).values("id")
    return 1 + DecisionParty.history.filter(decision_id__in=decisions).count()


def _parties(partnership: Partnership) -> list[Party]:
    return list(
        Party.objects.filter(partnership=partnership).select_related("organisation").order_by("pk")
    )


def raci_grid(
    partnership: Partnership,
    *,
    activities: list[Activity] | None = None,
    parties: list[Party] | None = None,
) -> Grid:
    """The responsibility matrix as a grid. ``activities`` (with their responsibilities
    prefetched) and ``parties`` may come from what a page has already read; the version is
    one query more."""
    if parties is None:
        parties = _parties(partnership)
    if activities is None:
        activities = list(
            Activity.objects.filter(partnership=partnership).prefetch_related("responsibilities")
        )
    columns = _columns(parties)
    choices = _raci_choices()
    rows = []
    for activity in activities:
        letters: dict[int, set[str]] = {}
        for responsibility in activity.responsibilities.all():
            letters.setdefault(responsibility.party_id, set()).add(responsibility.letter)
        title = activity.localized("title")
        cells = []
        for column in columns:
            value = "".join(sorted(letters.get(column.id, ())))
            own = choices if value in RACI_VALUES else (*choices, (value, _combination(value)))
            cells.append(GridCell(activity.pk, column.id, value, f"{title} — {column.name}", own))
        rows.append(GridRow(activity.pk, title, tuple(cells)))
    return Grid(RACI, _raci_version(partnership.pk), columns, tuple(rows))


def _decision_name(decision: Decision) -> str:
    text = Truncator(decision.text).chars(60)
    return f"{date_format(decision.decided_on, 'j M Y')} · {decision.get_subject_display()}: {text}"


def involvement_grid(
    partnership: Partnership,
    *,
    decisions: list[Decision] | None = None,
    parties: list[Party] | None = None,
) -> Grid:
    """Each decision × each party: how the party took part. ``decisions`` (with their
    parties prefetched) and ``parties`` may come from what a page has already read."""
    if parties is None:
        parties = _parties(partnership)
    if decisions is None:
        decisions = list(
            Decision.objects.filter(partnership=partnership).prefetch_related("parties")
        )
    columns = _columns(parties)
    choices = tuple((str(value), str(label)) for value, label in Involvement.choices)
    rows = []
    for decision in decisions:
        taken = {dp.party_id: dp.involvement for dp in decision.parties.all()}
        name = _decision_name(decision)
        short = Truncator(decision.text).chars(40)
        cells = tuple(
            GridCell(
                decision.pk,
                column.id,
                taken.get(column.id, Involvement.NONE.value),
                f"{short} — {column.name}",
                choices,
            )
            for column in columns
        )
        rows.append(GridRow(decision.pk, name, cells))
    return Grid(INVOLVEMENT, _involvement_version(partnership.pk), columns, tuple(rows))


# --- Saving -------------------------------------------------------------------------------------


def _check_cells(
    grid: Grid, cells: Mapping[tuple[int, int], str], valid: Any, what: str
) -> dict[tuple[int, int], str]:
    """The cells that change, once every cell names a row and a column of the grid and a
    value ``valid`` accepts (GridInvalid otherwise)."""
    rows = {row.id for row in grid.rows}
    columns = {column.id for column in grid.columns}
    current = grid.values()
    unknown_rows = sorted({row for row, _column in cells if row not in rows})
    unknown_columns = sorted({column for _row, column in cells if column not in columns})
    problems: dict[int | None, str] = {}
    if unknown_rows:
        problems[None] = _("Not in this partnership's %(what)s: %(ids)s.") % {
            "what": what,
            "ids": ", ".join(map(str, unknown_rows)),
        }
    if unknown_columns:
        problems[None] = " ".join(
            filter(
                None,
                [
                    problems.get(None),
                    _("Not a party to this partnership: %(ids)s.")
                    % {"ids": ", ".join(map(str, unknown_columns))},
                ],
            )
        )
    for (row, column), value in cells.items():
        if row in rows and column in columns and not valid(value):
            problems.setdefault(
                row, _("“%(value)s” is not a value of this grid.") % {"value": value}
            )
    if problems:
        raise GridInvalid(problems)
    return {key: value for key, value in cells.items() if current.get(key) != value}


def _locked(partnership: Partnership) -> Partnership:
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership_check_open(locked)
    return locked


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _raci_letters(value: str) -> str | None:
    """A cell's letters in their one spelling (``RA`` → ``AR``), or None when not a cell."""
    if not _RACI_CELL.match(value) or len(set(value)) != len(value):
        return None
    return "".join(sorted(value))


def raci_grid_save(
    *,
    partnership: Partnership,
    cells: Mapping[tuple[int, int], str],
    version: int,
    actor: Any,
) -> Grid:
    """Save the responsibility matrix's cells (by activity id and party id; cells not given
    stay as they are) if the matrix is still at ``version``: all or nothing.

    GridConflict when it changed since; GridInvalid when a cell is not one, or when an
    activity would have more than one accountable party (the message names it);
    ServiceError when the partnership is closed. Returns the matrix as saved."""
    partnership_check_open(partnership)
    cells = {key: _raci_letters(value) or value for key, value in cells.items()}
    try:
        with transaction.atomic():
            _locked(partnership)
            grid = raci_grid(partnership)
            if grid.version != version:
                raise GridConflict(grid, version)
            changed = _check_cells(
                grid, cells, lambda v: _raci_letters(v) is not None, _("activities")
            )
            _one_accountable(grid, cells)
            _raci_apply(partnership, changed, actor)
    except IntegrityError:
        # Someone saved a cell of the same activity between our check and our write.
        raise GridConflict(raci_grid(partnership), version) from None
    return raci_grid(partnership)


def _one_accountable(grid: Grid, cells: Mapping[tuple[int, int], str]) -> None:
    """GridInvalid when an activity would have more than one accountable party."""
    values = {**grid.values(), **cells}
    names = {str(column.id): column.name for column in grid.columns}
    activities = [
        ActivityRecord(
            str(row.id),
            row.name,
            tuple(
                Assignment(str(cell.column), Raci(letter))
                for cell in row.cells
                for letter in values[(cell.row, cell.column)]
            ),
        )
        for row in grid.rows
    ]
    parties = [PartyRecord(ref, name) for ref, name in names.items()]
    problems: dict[int | None, str] = {
        int(problem.activity): problem.message.in_language(get_language())
        for problem in validate_raci(activities, parties)
        if problem.code == "raci.many_accountable"
    }
    if problems:
        raise GridInvalid(problems)


def _raci_apply(
    partnership: Partnership, changed: Mapping[tuple[int, int], str], actor: Any
) -> None:
    """Write the changed cells: a letter that changes into another is the same row changed
    (its history reads "R → A"); what is left over is removed or added. Removals come first
    and the accountable letter moves before it is given, so that the database's "one A per
    activity" holds at every step."""
    user = _user(actor)
    existing: dict[tuple[int, int], list[Responsibility]] = {}
    rows = Responsibility.objects.filter(
        activity__partnership=partnership,
        activity_id__in={row for row, _column in changed},
    )
    for responsibility in rows:
        existing.setdefault((responsibility.activity_id, responsibility.party_id), []).append(
            responsibility
        )
    removals: list[Responsibility] = []
    moves: list[tuple[Responsibility, str]] = []
    additions: list[Responsibility] = []
    for (activity_id, party_id), value in changed.items():
        held = {r.letter: r for r in existing.get((activity_id, party_id), [])}
        gone = [held[letter] for letter in sorted(held) if letter not in value]
        new = [letter for letter in value if letter not in held]
        for responsibility, letter in zip(gone, new, strict=False):
            moves.append((responsibility, letter))
        removals.extend(gone[len(new) :])
        additions.extend(
            Responsibility(activity_id=activity_id, party_id=party_id, letter=letter)
            for letter in new[len(gone) :]
        )
    for responsibility in removals:
        responsibility._history_user = user  # type: ignore[attr-defined]
        responsibility.delete()
    # Letters moving away from A first, then the others.
    for responsibility, letter in sorted(
        moves, key=lambda move: move[0].letter != Raci.ACCOUNTABLE
    ):
        responsibility.letter = letter
        responsibility._history_user = user  # type: ignore[attr-defined]
        version_save(responsibility, expected=None)
    for responsibility in additions:
        responsibility._history_user = user  # type: ignore[attr-defined]
        version_save(responsibility, expected=None)


def involvement_grid_save(
    *,
    partnership: Partnership,
    cells: Mapping[tuple[int, int], str],
    version: int,
    actor: Any,
) -> Grid:
    """Save how each party took part in each decision (by decision id and party id; cells
    not given stay as they are) if the grid is still at ``version``: all or nothing.

    GridConflict when it changed since; GridInvalid when a value is not an involvement or a
    decision's row breaks the decision rules (one party alone, or two or more jointly; the
    message names the decision); ServiceError when the partnership is closed. Each changed
    decision moves to a new version, so that its own edit form learns of the change."""
    partnership_check_open(partnership)
    allowed = set(Involvement.values)
    with transaction.atomic():
        _locked(partnership)
        grid = involvement_grid(partnership)
        if grid.version != version:
            raise GridConflict(grid, version)
        changed = _check_cells(grid, cells, lambda v: v in allowed, _("decisions"))
        values = {**grid.values(), **cells}
        problems: dict[int | None, str] = {}
        for row in grid.rows:
            problem = involvement_problem([values[(c.row, c.column)] for c in row.cells])
            if problem:
                problems[row.id] = _("Decision “%(decision)s”: %(problem)s") % {
                    "decision": row.name,
                    "problem": problem,
                }
        if problems:
            raise GridInvalid(problems)
        _involvement_apply(partnership, changed, actor)
    return involvement_grid(partnership)


def _involvement_apply(
    partnership: Partnership, changed: Mapping[tuple[int, int], str], actor: Any
) -> None:
    user = _user(actor)
    decision_ids = {row for row, _column in changed}
    rows = DecisionParty.objects.filter(
        decision__partnership=partnership, decision_id__in=decision_ids
    )
    existing = {(dp.decision_id, dp.party_id): dp for dp in rows}
    for (decision_id, party_id), value in changed.items():
        row = existing.get((decision_id, party_id)) or DecisionParty(
            decision_id=decision_id, party_id=party_id
        )
        row.involvement = value
        row._history_user = user  # type: ignore[attr-defined]
        row.save()
    for decision in Decision.objects.filter(pk__in=decision_ids):
        version_save(decision, expected=None, update_fields=[])
