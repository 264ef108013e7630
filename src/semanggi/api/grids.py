"""The grids of Organizing through the API, on the partnership's management router: the
responsibility matrix (``/partnerships/{slug}/raci``) and the parties' involvement in the
decisions (``/partnerships/{slug}/involvement``). GET answers the whole grid with its
version (also as ETag); PUT replaces the whole grid (a cell not listed is emptied), naming
the version it started from, all or nothing, with the same services as the pages."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.responses import Status
from pydantic import Field

from semanggi.api.poac import ErrorOut, _open_partnership, _partnership, _say
from semanggi.api.poac import router as poac_router
from semanggi.api.schemas import InvalidRequestOut
from semanggi.api.versions import ConflictOut, conflict, etag, version_asked
from semanggi.bounds import Id
from semanggi.poac.grids import (
    Grid,
    GridConflict,
    GridInvalid,
    involvement_grid,
    involvement_grid_save,
    raci_grid,
    raci_grid_save,
)
from semanggi.poac.models import Involvement
from semanggi.poac.services import ServiceError

# More cells than any partnership's grid holds: a larger body is refused before it is read.
MAX_CELLS = 20_000


class GridRowOut(Schema):
    id: int
    name: str


class GridPartyOut(Schema):
    id: int
    name: str


class RaciCell(Schema):
    activity: Id
    party: Id
    letters: str = Field(
        pattern=r"^[RACI]{0,4}$", description="R, A, C, I, a combination (AR) or empty"
    )


class RaciGridOut(Schema):
    version: int
    activities: list[GridRowOut]
    parties: list[GridPartyOut]
    cells: list[RaciCell] = Field(description="the cells that hold letters")


class RaciGridIn(Schema):
    version: int | None = Field(None, ge=1, description="the version read (or send If-Match)")
    cells: list[RaciCell] = Field(max_length=MAX_CELLS, description="every cell that holds letters")


class InvolvementCell(Schema):
    decision: Id
    party: Id
    involvement: Involvement


class InvolvementGridOut(Schema):
    version: int
    decisions: list[GridRowOut]
    parties: list[GridPartyOut]
    cells: list[InvolvementCell] = Field(description="every party's involvement in every decision")


class InvolvementGridIn(Schema):
    version: int | None = Field(None, ge=1, description="the version read (or send If-Match)")
    cells: list[InvolvementCell] = Field(
        max_length=MAX_CELLS, description="the cells that are not 'none'"
    )


def _raci_out(grid: Grid) -> dict[str, Any]:
    return {
        "version": grid.version,
        "activities": [{"id": row.id, "name": row.name} for row in grid.rows],
        "parties": [{"id": column.id, "name": column.name} for column in grid.columns],
        "cells": [
            {"activity": cell.row, "party": cell.column, "letters": cell.value}
            for row in grid.rows
            for cell in row.cells
            if cell.value
        ],
    }


def _involvement_out(grid: Grid) -> dict[str, Any]:
    return {
        "version": grid.version,
        "decisions": [{"id": row.id, "name": row.name} for row in grid.rows],
        "parties": [{"id": column.id, "name": column.name} for column in grid.columns],
        "cells": [
            {"decision": cell.row, "party": cell.column, "involvement": cell.value}
            for row in grid.rows
            for cell in row.cells
        ],
    }


RESPONSES: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut | ErrorOut,
    422: InvalidRequestOut,
    428: ErrorOut,
}


def _put(
    request: HttpRequest,
    slug: str,
    given: list[tuple[int, int, str]],
    named: int | None,
    response: HttpResponse,
    *,
    read: Any,
    save: Any,
    empty: str,
    out: Any,
) -> Any:
    partnership = _open_partnership(request, slug)
    version = version_asked(request, named)
    if version is None:
        return Status(428, {"detail": _("Name the version you change: send If-Match or version.")})
    seen: set[tuple[int, int]] = set()
    twice: set[tuple[int, int]] = set()
    for row, column, _value in given:
        (twice if (row, column) in seen else seen).add((row, column))
    if twice:
        text = ", ".join(f"{row}/{column}" for row, column in sorted(twice))
        return Status(
            422,
            {
                "detail": _("Invalid parameters."),
                "errors": {"cells": [_("A cell is given twice: %(cells)s.") % {"cells": text}]},
            },
        )
    # The whole grid: every cell of the grid as read now, emptied unless it is listed.
    cells = dict.fromkeys(read(partnership).values(), empty)
    cells.update({(row, column): value for row, column, value in given})
    try:
        saved = save(partnership=partnership, cells=cells, version=version, actor=request.user)
    except GridConflict as error:
        return conflict(error, out(error.current))
    except GridInvalid as error:
        errors = {
            "cells" if row is None else str(row): [text] for row, text in error.problems.items()
        }
        return Status(422, {"detail": "; ".join(error.problems.values()), "errors": errors})
    except ServiceError as error:
        return Status(409, {"detail": _say(error.message)})
    etag(response, saved.version)
    return out(saved)


@poac_router.get("/{slug}/raci", response={200: RaciGridOut, 404: ErrorOut})
def get_raci(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    """The responsibility matrix: activities × parties, the cells that hold letters, and
    the matrix's version (also the ETag)."""
    grid = raci_grid(_partnership(request, slug))
    etag(response, grid.version)
    return _raci_out(grid)


@poac_router.put("/{slug}/raci", response={200: RaciGridOut, **RESPONSES})
def put_raci(request: HttpRequest, slug: str, payload: RaciGridIn, response: HttpResponse) -> Any:
    """Replace the whole responsibility matrix (a cell not listed is emptied), naming the
    version read (``version`` or ``If-Match``): 409 with the matrix as it is now when it
    changed since; 422 naming the activity when it would have two accountable parties."""
    given = [(cell.activity, cell.party, cell.letters) for cell in payload.cells]
    return _put(
        request,
        slug,
        given,
        payload.version,
        response,
        read=raci_grid,
        save=raci_grid_save,
        empty="",
        out=_raci_out,
    )


@poac_router.get("/{slug}/involvement", response={200: InvolvementGridOut, 404: ErrorOut})
def get_involvement(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    """How each party took part in each decision, with the grid's version (also the ETag)."""
    grid = involvement_grid(_partnership(request, slug))
    etag(response, grid.version)
    return _involvement_out(grid)


@poac_router.put("/{slug}/involvement", response={200: InvolvementGridOut, **RESPONSES})
def put_involvement(
    request: HttpRequest, slug: str, payload: InvolvementGridIn, response: HttpResponse
) -> Any:
    """Replace the whole involvement grid (a cell not listed becomes 'none'), naming the
    version read: 409 with the grid as it is now when it changed since; 422 naming the
    decision when its row breaks the rules (one party alone, or two or more jointly)."""
    given = [
        (cell.decision, cell.party, Involvement(cell.involvement).value) for cell in payload.cells
    ]
    return _put(
        request,
        slug,
        given,
        payload.version,
        response,
        read=involvement_grid,
        save=involvement_grid_save,
        empty=Involvement.NONE.value,
        out=_involvement_out,
    )
