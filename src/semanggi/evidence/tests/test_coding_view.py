"""The coding view of a source, as a page: the code sidebar (hierarchy, counts, search),
highlights that name their codes, the segments as quotations, "show only code X", search
hits and auto-coding, memos beside the text, creating a code while coding, and the page
that codes by sentence, paragraph or search hit without JavaScript. Query counts stay the
same when segments and codes grow; the page speaks Indonesian first."""

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from semanggi.core.coding import PALETTE
from semanggi.evidence.models import Code, Memo, Segment
from semanggi.evidence.services import segment_create
from semanggi.evidence.tests.factories import CodeFactory, SourceFactory, filled_study
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

TEXT = (
    "P: Siapa yang merencanakan puskesmas?\n"
    "J: Kami merencanakan bersama bank. Dinkes memilih lokasi. Bank membayar dana CSR.\n"
    "J: Rapat di Bappeda dihadiri bank dan warga.\n"
)


@pytest.fixture
def source(world: World) -> Any:
    return SourceFactory(study=world.study, title="Wawancara Dinkes", text=TEXT)


@pytest.fixture
def codes(world: World) -> dict[str, Code]:
    group = Code.objects.create(study=world.study, name="Fungsi", codable=False)
    return {
        "group": group,
        "plan": Code.objects.create(study=world.study, name="Perencanaan (P)", parent=group),
        "money": Code.objects.create(study=world.study, name="Dana CSR", colour="#aa3300"),
    }


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _url(world: World, source: Any, rest: str = "") -> str:
    return f"/studies/{world.study.pk}/sources/{source.pk}/{rest}"


def _text_of(html: str) -> str:
    """The words of the source text as the page draws them (markup taken away)."""
    inner = re.split(r'id="source-text"[^>]*>', html, maxsplit=1)[1].split("</div>", 1)[0]
    return re.sub(r"<[^>]+>", "", inner).replace("&#x27;", "'").replace("&quot;", '"')


def test_the_sidebar_shows_the_hierarchy_and_counts_in_the_source_and_the_study(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    other = SourceFactory(study=world.study, text="Bank membayar.\n")
    segment_create(source=source, start=0, end=5, code_ids=[codes["plan"].pk], actor=world.eva)
    segment_create(source=other, start=0, end=4, code_ids=[codes["plan"].pk], actor=world.eva)
    english.force_login(world.eva)
    html = english.get(_url(world, source)).content.decode()
    plan = re.search(
        rf'<li class="code-row depth-1"[^>]*data-code="{codes["plan"].pk}".*?</li>', html, re.S
    )
    assert plan is not None, html
    assert f'data-parent="{codes["group"].pk}"' in plan.group()
    assert '<span class="n-source">1</span> · <span class="n-study">2</span>' in plan.group()
    assert "Show only Perencanaan (P): 1 in this source, 2 in the study" in plan.group()
    assert f"?code={codes['plan'].pk}" in plan.group()
    group = re.search(
        rf'<li class="code-row depth-0 group"[^>]*data-code="{codes["group"].pk}"[^>]*>', html
    )
    assert group is not None and "data-has-children" in group.group()
    # A grouping code is shown, not offered: no checkbox.
    assert f'name="codes" value="{codes["group"].pk}"' not in html


def test_the_code_search_works_without_javascript(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    html = english.get(_url(world, source) + "?cq=rencana").content.decode()
    tree = html.split('id="code-tree"', 1)[1].split("</ul>", 1)[0]
    assert "Perencanaan (P)" in tree and "Fungsi" in tree  # the match and its parent
    assert "Dana CSR" not in tree
    none = english.get(_url(world, source) + "?cq=zzz").content.decode()
    assert "No code is named like “zzz”." in none


def test_highlights_name_their_codes_and_overlaps_draw_a_band_per_code(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    start, end = _span("Kami merencanakan bersama bank.")
    segment_create(
        source=source, start=start, end=end, code_ids=[codes["plan"].pk], actor=world.eva
    )
    inner_start, inner_end = _span("bersama bank")
    segment_create(
        source=source,
        start=inner_start,
        end=inner_end,
        code_ids=[codes["money"].pk],
        actor=world.eva,
    )
    english.force_login(world.eva)
    html = english.get(_url(world, source)).content.decode()
    both = re.search(r'<span class="seg overlap"[^>]*>bersama bank</span>', html)
    assert both is not None, html
    piece = both.group()
    assert 'data-bands="2"' in piece
    plan_colour = codes["plan"].shown_colour
    assert plan_colour in PALETTE  # no colour of its own: the palette's
    assert f"--b1: {plan_colour}; --b2: #aa3300;" in piece
    assert 'title="Perencanaan (P) · Dana CSR"' in piece
    # Where a segment begins, its codes' short labels (never colour alone).
    first = re.search(r'<span class="seg"[^>]*id="seg-\d+"[^>]*>Kami merencanakan </span>', html)
    assert (
        first is not None and 'data-abbr="P"' in first.group() and 'tabindex="-1"' in first.group()
    )
    assert re.search(r'data-abbr="DC"[^>]*>bersama bank', html)
    assert _text_of(html) == TEXT


def test_the_segments_list_quotes_the_words_with_their_codes_never_offsets(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    start, end = _span("Dinkes memilih lokasi.")
    segment = segment_create(
        source=source,
        start=start,
        end=end,
        code_ids=[codes["plan"].pk, codes["money"].pk],
        actor=world.eva,
    )
    english.force_login(world.eva)
    html = english.get(_url(world, source)).content.decode()
    item = html.split(f'<li data-segment="{segment.pk}"', 1)[1].split("</li>", 1)[0]
    assert f'<a class="quote" href="#seg-{segment.pk}">Dinkes memilih lokasi.</a>' in item
    assert "Perencanaan (P)" in item and "Dana CSR" in item
    assert f"{start}–{end}" not in html


def test_show_only_one_code_filters_highlights_and_list(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    segment_create(source=source, start=0, end=8, code_ids=[codes["plan"].pk], actor=world.eva)
    s, e = _span("Bank membayar dana CSR.")
    money = segment_create(
        source=source, start=s, end=e, code_ids=[codes["money"].pk], actor=world.eva
    )
    english.force_login(world.eva)
    html = english.get(_url(world, source) + f"?code={codes['money'].pk}").content.decode()
    assert html.count('<li data-segment="') == 1 and f'<li data-segment="{money.pk}"' in html
    assert re.findall(r'<span class="seg"[^>]*>([^<]*)</span>', html) == ["Bank membayar dana CSR."]
    assert "Showing only" in html and "Show every code" in html
    assert _text_of(html) == TEXT
    foreign = CodeFactory()
    assert english.get(_url(world, source) + f"?code={foreign.pk}").status_code == 404
    assert english.get(_url(world, source) + "?code=abc").status_code == 404


def test_find_marks_the_hits_and_offers_to_code_them_all(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    html = english.get(_url(world, source) + "?q=BANK").content.decode()
    assert (
        len(re.findall(r'<mark class="hit" data-hit="\d+" id="hit-\d+">[Bb]ank</mark>', html)) == 3
    )
    assert "Code all 3 hits of “BANK”" in html
    # Coding returns to the same view: the search is kept.
    assert f'name="next" value="{_url(world, source)}?q=BANK"' in html
    assert html.count('<li data-hit="') == 3
    assert _text_of(html) == TEXT
    nothing = english.get(_url(world, source) + "?q=gedung").content.decode()
    assert "Not in this source." in nothing and "autocode-button" not in nothing


def test_auto_coding_from_the_page(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    back = _url(world, source) + "?q=bank"
    response = english.post(
        _url(world, source, "autocode/"),
        {"q": "bank", "codes": [codes["money"].pk], "next": back},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    assert "«bank»: 3 hits coded with Dana CSR (3 new segments" in response.content.decode()
    assert Segment.objects.filter(source=source, codes=codes["money"]).count() == 3
    refused = english.post(_url(world, source, "autocode/"), {"q": "bank"}, follow=True)
    assert "Tick at least one code, or name a new one." in refused.content.decode()
    assert Segment.objects.count() == 3


def _links(html: str, label: str) -> list[str]:
    return [
        m.replace("&amp;", "&") for m in re.findall(rf'<a href="([^"]+)#chosen">{label}<span', html)
    ]


def test_without_javascript_a_sentence_is_chosen_extended_and_coded(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    page = english.get(_url(world, source, "code/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kami merencanakan bersama bank." in html and "Dinkes memilih lokasi." in html
    choose = _links(html, "Choose")
    assert len(choose) == 5  # five sentences, each a link; no position to type
    chosen = english.get(_url(world, source, "code/") + choose[1]).content.decode()
    assert '<blockquote class="segment-text">J: Kami merencanakan bersama bank.</blockquote>' in (
        chosen
    )
    extend = _links(chosen, "Extend to here")
    query = parse_qs(urlsplit(extend[0]).query)
    assert query["by"] == ["sentence"]
    wider = english.get(_url(world, source, "code/") + extend[0]).content.decode()
    assert "J: Kami merencanakan bersama bank. Dinkes memilih lokasi." in wider
    start = re.search(r'name="start" value="(\d+)"', wider)
    end = re.search(r'name="end" value="(\d+)"', wider)
    nxt = re.search(r'name="next" value="([^"]+)"', wider)
    assert start and end and nxt
    response = english.post(
        _url(world, source, "code/"),
        {
            "start": start.group(1),
            "end": end.group(1),
            "codes": [codes["plan"].pk],
            "next": nxt.group(1).replace("&amp;", "&"),
        },
        follow=True,
    )
    segment = Segment.objects.get()
    assert (
        TEXT[segment.start : segment.end]
        == "J: Kami merencanakan bersama bank. Dinkes memilih lokasi."
    )
    assert response.redirect_chain[-1][0].startswith(_url(world, source, "code/"))
    assert (
        "Coded «J: Kami merencanakan bersama bank. Dinkes memilih lokasi.» with Perencanaan (P)."
        in (response.content.decode())
    )


def test_without_javascript_by_paragraph_and_by_search_hit(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    html = english.get(_url(world, source, "code/") + "?by=paragraph").content.decode()
    choose = _links(html, "Choose")
    assert len(choose) == 3
    chosen = english.get(_url(world, source, "code/") + choose[1]).content.decode()
    assert (
        "J: Kami merencanakan bersama bank. Dinkes memilih lokasi. Bank membayar dana CSR."
        in chosen
    )
    hits = english.get(_url(world, source, "code/") + "?by=hit&q=bappeda").content.decode()
    found = _links(hits, "Choose")
    assert len(found) == 1
    assert "Code the 1 hit of “bappeda” at once" in hits
    chosen = english.get(_url(world, source, "code/") + found[0]).content.decode()
    assert '<blockquote class="segment-text">Bappeda</blockquote>' in chosen


def test_a_code_is_created_while_coding_without_javascript(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    s, e = _span("Rapat di Bappeda")
    english.post(
        _url(world, source, "code/"),
        {
            "start": s,
            "end": e,
            "new_code": "  Forum   koordinasi ",
            "new_code_parent": codes["group"].pk,
        },
    )
    forum = Code.objects.get(name="Forum koordinasi")
    assert forum.parent == codes["group"] and forum.colour in PALETTE
    assert list(Segment.objects.get().codes.all()) == [forum]
    # The same name again is the same code; a code without coding anything first.
    english.post(
        _url(world, source, "code/"),
        {
            "start": 0,
            "end": 2,
            "new_code": "Forum koordinasi",
            "new_code_parent": codes["group"].pk,
        },
    )
    assert Code.objects.filter(name="Forum koordinasi").count() == 1
    back = _url(world, source) + "?from=0"
    response = english.post(
        _url(world, source, "codes/new/") + "?next=" + back.replace("?", "%3F").replace("=", "%3D"),
        {"new_code": "Transparansi"},
    )
    assert response.status_code == 302 and response["Location"] == back + "#codes"
    assert Code.objects.filter(name="Transparansi", parent=None, codable=True).exists()
    # A grouping code cannot be applied, even by name; nothing is saved.
    english.post(_url(world, source, "code/"), {"start": 0, "end": 2, "new_code": "Fungsi"})
    assert Segment.objects.count() == 2
    empty = english.post(_url(world, source, "codes/new/"), {"new_code": ""}, follow=True)
    assert "A new code needs a name." in empty.content.decode()


def test_memos_beside_the_text_on_the_source_and_on_a_segment(
    english: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    s, e = _span("Dinkes memilih lokasi.")
    segment = segment_create(
        source=source, start=s, end=e, code_ids=[codes["plan"].pk], actor=world.eva
    )
    english.force_login(world.eva)
    html = english.get(_url(world, source)).content.decode()
    option = f'<option value="segment:{segment.pk}" data-segment="{segment.pk}">'
    assert option + "«Dinkes memilih lokasi.»</option>" in html
    for about, title in ((f"segment:{segment.pk}", "Lokasi"), (f"source:{source.pk}", "Catatan")):
        english.post(
            f"/studies/{world.study.pk}/memos/",
            {"about": about, "title": title, "text": "isi", "next": _url(world, source)},
        )
    assert Memo.objects.get(title="Lokasi").segment == segment
    assert Memo.objects.get(title="Catatan").source == source
    side = english.get(_url(world, source)).content.decode().split('id="memos"', 1)[1]
    assert "Lokasi" in side and "Catatan" in side
    assert f'<a href="#seg-{segment.pk}">«Dinkes memilih lokasi.»</a>' in side


def test_only_the_team_reaches_the_coding_pages(
    client: Client, world: World, source: Any, codes: dict[str, Code]
) -> None:
    for who in ("charlie", "bima", None):
        if who:
            client.force_login(world.user(who))
        else:
            client.logout()
        assert client.get(_url(world, source, "code/")).status_code == 404
        for path, data in (
            ("autocode/", {"q": "bank", "codes": [codes["plan"].pk]}),
            ("codes/new/", {"new_code": "Baru"}),
            ("code/", {"start": 0, "end": 3, "codes": [codes["plan"].pk]}),
        ):
            assert client.post(_url(world, source, path), data).status_code == 404
    assert not Segment.objects.exists() and not Code.objects.filter(name="Baru").exists()


def test_the_coding_pages_keep_their_query_count(client: Client, world: World) -> None:
    data = filled_study(world.study, world.eva)
    client.force_login(world.eva)
    source = data["interview"]
    planning = data["planning"]
    grown = iter(range(10_000))

    def grow() -> None:
        for _ in range(3):
            n = next(grown)
            code = CodeFactory(study=world.study, parent=planning, name=f"Kode {n}")
            segment_create(
                source=source,
                start=n % 20,
                end=n % 20 + 7,
                code_ids=[code.pk, planning.pk],
                actor=world.eva,
            )
            segment_create(source=source, start=30, end=60, code_ids=[code.pk], actor=world.eva)
            Memo.objects.create(study=world.study, title="m", text="t", source=source)
            Memo.objects.create(
                study=world.study,
                title="m",
                text="t",
                segment=Segment.objects.filter(source=source).first(),
            )

    base = _url(world, source)
    for url in (
        base,
        base + f"?code={planning.pk}&q=bank",
        base + "?fragment=coding&q=ban",
        base + "code/",
        base + "code/?by=paragraph&start=0&end=10",
        base + "code/?by=hit&q=bank",
    ):
        assert_constant_queries(lambda url=url: client.get(url), grow)


def test_the_coding_view_speaks_indonesian_first(
    client: Client, settings: Any, world: World, source: Any, codes: dict[str, Code]
) -> None:
    client.force_login(world.eva)
    html = client.get(_url(world, source) + "?q=bank").content.decode()
    for words in (
        "Saring kode",
        "Kodekan",
        "Cari dalam sumber ini",
        "Segmen berkode",
        "Memo",
        "Mengode dengan papan ketik",
    ):
        assert words in html, words
    assert "Filter the codes" not in html
    page = client.get(_url(world, source, "code/")).content.decode()
    assert "Kodekan per kalimat, paragraf, atau pencarian" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Coding with the keyboard" in client.get(_url(world, source)).content.decode()


def test_the_code_form_offers_the_colour_the_code_is_drawn_in(
    english: Client, world: World, codes: dict[str, Code]
) -> None:
    english.force_login(world.eva)
    Code.objects.create(study=world.study, name="Biru", colour=PALETTE[0])
    new = english.get(f"/studies/{world.study.pk}/codes/new/").content.decode()
    # A new code: the palette colour no code carries yet (a colour picker cannot be blank).
    assert f'type="color" name="colour" value="{PALETTE[1]}"' in new
    # A code without a colour of its own: the one it is drawn in, never black.
    plan = codes["plan"]
    assert plan.colour == ""
    edit = english.get(f"/studies/{world.study.pk}/codes/{plan.pk}/").content.decode()
    assert f'type="color" name="colour" value="{plan.shown_colour}"' in edit
