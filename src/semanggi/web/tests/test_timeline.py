from datetime import date

from lxml import etree

from semanggi.web.timeline import Bar, timeline_svg

LEGEND = ("rencana", "realisasi", "hari ini")


def bars() -> list[Bar]:
    return [
        Bar("Perencanaan", date(2012, 1, 2), date(2012, 3, 30), date(2012, 1, 2), None, 40),
        Bar(
            "Pembangunan fisik gedung puskesmas oleh bank & <mitra>",
            date(2012, 4, 2),
            date(2012, 12, 14),
            None,
            None,
            0,
        ),
    ]


def test_the_timeline_is_well_formed_svg_with_escaped_labels() -> None:
    svg = timeline_svg(bars(), today=date(2012, 6, 1), title="Linimasa", legend=LEGEND)
    root = etree.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Pembangunan fisik gedung puskesm…" in texts
    assert "& <mitra>" in svg.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert (
        len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) == 2 + 1 + 2
    )  # plans, one actual, legend


def test_today_is_marked_only_near_the_plan() -> None:
    near = timeline_svg(bars(), today=date(2012, 6, 1), title="t", legend=LEGEND)
    far = timeline_svg(bars(), today=date(2026, 11, 28), title="t", legend=LEGEND)
    assert "hari ini" in near and "stroke-dasharray" in near
    assert "hari ini" not in far and "2026" not in far


def test_no_activities_no_timeline() -> None:
    assert timeline_svg([], today=date(2026, 1, 1), title="t", legend=LEGEND) == ""
