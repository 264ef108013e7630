"""The grids of Organizing edited in place: the responsibility matrix and the parties'
involvement in the decisions. Each is a plain form of selects, saved in one POST; the
script posts it in the background and swaps in the same form as the server renders it
(with its confirmation, its errors or the conflict), asking for the fragment alone."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from semanggi.partnerships.models import Partnership
from semanggi.poac.grids import (
    Grid,
    GridConflict,
    GridInvalid,
    grid_cells_parse,
    involvement_grid,
    involvement_grid_save,
    raci_grid,
    raci_grid_save,
)
from semanggi.poac.services import ServiceError
from semanggi.versions import version_parse
from semanggi.web.conflicts import CONFLICT_STATUS
from semanggi.web.views_poac import _closed, _editable


@dataclass(frozen=True)
class GridPage:
    kind: str  # the URL's name and the anchor on the partnership page
    title: Promise
    rows: Promise  # the heading of the rows' column
    read: Callable[..., Grid]
    save: Callable[..., Grid]


GRIDS = {
    "raci": GridPage(
        "raci",
        gettext_lazy("Responsibility matrix"),
        gettext_lazy("Activity"),
        raci_grid,
        raci_grid_save,
    ),
    "involvement": GridPage(
        "involvement",
        gettext_lazy("Involvement in decisions"),
        gettext_lazy("Decision"),
        involvement_grid,
        involvement_grid_save,
    ),
}


def grid_context(
    page: GridPage,
    partnership: Partnership,
    grid: Grid,
    *,
    problems: list[str] | None = None,
    conflict: bool = False,
    confirmation: str = "",
) -> dict[str, Any]:
    """What ``web/poac/_grid.html`` renders (the partnership page includes it too)."""
    return {
        "grid": grid,
        "grid_page": page,
        "grid_action": reverse(f"{page.kind}-grid", args=[partnership.slug]),
        "grid_problems": problems or [],
        "grid_invalid": bool(problems) or any(row.error for row in grid.rows),
        "grid_conflict": conflict,
        "grid_confirmation": confirmation,
    }


def _fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _grid_view(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    page = GRIDS[kind]
    partnership = _editable(request, slug)
    refused = _closed(request, partnership)
    if refused:
        return refused
    grid = page.read(partnership)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        cells = grid_cells_parse(request.POST)
        try:
            version = version_parse(request.POST.get("version")) or 0
        except ValueError:
            version = 0  # never a grid's version: answered as changed
        try:
            saved = page.save(
                partnership=partnership, cells=cells, version=version, actor=request.user
            )
        except GridConflict as error:
            current: Grid = error.current  # type: ignore[assignment]
            grid = current.with_input(cells, saved=current)
            context = {"conflict": True}
            status = CONFLICT_STATUS
        except GridInvalid as error:
            rows = {row: text for row, text in error.problems.items() if row is not None}
            grid = grid.with_input(cells, errors=rows)
            general = [text for row, text in error.problems.items() if row is None]
            context = {"problems": general}
            status = 400
        except ServiceError as error:  # closed meanwhile
            messages.error(request, error.message.in_language(get_language()))
            return redirect(f"/partnerships/{partnership.slug}/#phase")
        else:
            changed = sum(
                1 for key, value in grid.values().items() if saved.values().get(key) != value
            )
            confirmation = (
                ngettext(
                    "Saved: %(grid)s (%(count)s cell changed).",
                    "Saved: %(grid)s (%(count)s cells changed).",
                    changed,
                )
                if changed
                else gettext("Nothing changed: %(grid)s is as it was.")
            ) % {"grid": page.title, "count": changed}
            if _fragment(request):
                return render(
                    request,
                    "web/poac/_grid.html",
                    {
                        "partnership": partnership,
                        **grid_context(page, partnership, saved, confirmation=confirmation),
                    },
                )
            messages.success(request, confirmation)
            return redirect(f"/partnerships/{partnership.slug}/#{page.kind}")
    template = "web/poac/_grid.html" if _fragment(request) else "web/poac/grid.html"
    return render(
        request,
        template,
        {"partnership": partnership, **grid_context(page, partnership, grid, **context)},
        status=status,
    )


def raci_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _grid_view(request, slug, "raci")


def involvement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _grid_view(request, slug, "involvement")
