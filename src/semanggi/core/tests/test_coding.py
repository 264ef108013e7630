"""The coding view's rules without a database: code colours (contrast and colour-blind
safety, measured), short labels, sentences, paragraphs and search hits."""

import itertools
import math

import pytest

from semanggi.core.coding import (
    PALETTE,
    Span,
    abbreviation,
    colour_for_new_code,
    contrast,
    find_hits,
    is_colour,
    paragraphs,
    sentences,
    shifted,
    shown_colour,
    units,
)

# --- Colour vision, measured --------------------------------------------------------------
# Machado, Oliveira and Fernandes (2009), severity 1.0, applied in linear sRGB.
DEFICIENCIES = {
    "normal": None,
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _lab(colour: str, deficiency: str) -> tuple[float, float, float]:
    rgb = _linear(colour)
    matrix = DEFICIENCIES[deficiency]
    if matrix is not None:
        rgb = [
            min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
        ]
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e2000(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = -math.sin(math.radians(2 * rotation)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh)
    )


def test_the_difference_formula_matches_published_pairs() -> None:
    # Sharma, Wu and Dalal (2005), table 1: pairs 1, 7 and 17.
    assert _delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(
        2.0425, abs=1e-4
    )
    assert _delta_e2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert _delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


@pytest.mark.parametrize("colour", PALETTE)
def test_every_palette_colour_stands_out_on_white(colour: str) -> None:
    assert is_colour(colour) and colour == colour.lower()
    assert contrast(colour) >= 3.0, f"{colour}: {contrast(colour):.2f}:1 against white"


@pytest.mark.parametrize("vision", list(DEFICIENCIES))
def test_any_two_palette_colours_differ_for_every_vision(vision: str) -> None:
    closest = min(
        (_delta_e2000(_lab(a, vision), _lab(b, vision)), a, b)
        for a, b in itertools.combinations(PALETTE, 2)
    )
    assert closest[0] >= 11, f"{vision}: {closest[1]} and {closest[2]} differ by {closest[0]:.1f}"


def test_the_palette_has_ten_different_colours() -> None:
    assert len(set(PALETTE)) == len(PALETTE) == 10


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
)
def test_contrast_is_the_wcag_ratio(first: str, second: str, ratio: float) -> None:
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast(second, first) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ([], PALETTE[0]),
        (list(PALETTE[:3]), PALETTE[3]),
        ([PALETTE[1].upper(), "", "#000000"], PALETTE[0]),  # case and foreign colours
        ([PALETTE[0]], PALETTE[1]),
        (list(PALETTE), PALETTE[0]),  # all used once: around again
        ([*PALETTE, PALETTE[0], PALETTE[1]], PALETTE[2]),  # the least used first
    ],
)
def test_a_new_code_gets_the_least_used_colour(taken: list[str], expected: str) -> None:
    assert colour_for_new_code(taken) == expected


def test_the_first_ten_new_codes_all_differ() -> None:
    taken: list[str] = []
    for _ in range(10):
        taken.append(colour_for_new_code(taken))
    assert sorted(taken) == sorted(PALETTE)


@pytest.mark.parametrize(
    ("colour", "key", "expected"),
    [
        ("#AA3300", 7, "#aa3300"),  # its own
        ("", 0, PALETTE[0]),
        ("", 13, PALETTE[3]),
        ("red", 2, PALETTE[2]),  # not a colour: the palette's
    ],
)
def test_a_code_is_drawn_in_its_colour_or_a_stable_palette_one(
    colour: str, key: int, expected: str
) -> None:
    assert shown_colour(colour, key) == expected


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("K1+ Keseimbangan kontribusi: tinggi", "K1+"),
        ("K12− Forum koordinasi: rendah", "K12−"),
        ("Perencanaan (P)", "P"),
        ("Pengendalian (C)", "C"),
        ("Dinas Kesehatan Kota Surakarta", "DKK"),
        ("Perencanaan", "Per"),
        ("dana CSR", "DC"),
        ("Ékonomi warga", "ÉW"),
        ("123", "123"),
        ("", ""),
    ],
)
def test_a_code_has_a_short_label(name: str, label: str) -> None:
    assert abbreviation(name) == label


# --- Sentences and paragraphs ---------------------------------------------------------------


def _texts(text: str, spans: tuple[Span, ...]) -> list[str]:
    return [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Satu. Dua! Tiga? Empat…", ["Satu.", "Dua!", "Tiga?", "Empat…"]),
        ("Tanpa titik di akhir", ["Tanpa titik di akhir"]),
        (
            "Bertemu dr. Sari dan Ir. Budi. Lalu pulang.",
            ["Bertemu dr. Sari dan Ir. Budi.", "Lalu pulang."],
        ),
        ("Dana Rp. 5 juta cair. Bagus.", ["Dana Rp. 5 juta cair.", "Bagus."]),
        ("Ditandatangani A. Wibowo. Selesai.", ["Ditandatangani A. Wibowo.", "Selesai."]),
        ("Angka 3.5 persen naik. Ya.", ["Angka 3.5 persen naik.", "Ya."]),
        ('Ia berkata "Sudah!" lalu pergi. Benar.', ['Ia berkata "Sudah!" lalu pergi.', "Benar."]),
        ('Ia berkata "Sudah." Benar.', ['Ia berkata "Sudah."', "Benar."]),
        ("Tunggu... Baik.", ["Tunggu...", "Baik."]),
        ("P: Siapa?\nJ: Kami.\n", ["P: Siapa?", "J: Kami."]),
        ("Baris satu\nbaris dua", ["Baris satu", "baris dua"]),
        ("  Spasi di depan.  Dan di tengah.  ", ["Spasi di depan.", "Dan di tengah."]),
        ("Ibu 👩🏽‍⚕️ datang. 👍 Bagus.", ["Ibu 👩🏽‍⚕️ datang.", "👍 Bagus."]),
        ("", []),
        ("\n\n  \n", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text, sentences(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P: Siapa?\nJ: Kami. Dan bank.\n", ["P: Siapa?", "J: Kami. Dan bank."]),
        ("Satu\n\n\nDua\n", ["Satu", "Dua"]),
        ("  berspasi  \n", ["berspasi"]),
        ("tanpa akhir baris", ["tanpa akhir baris"]),
        ("", []),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert _texts(text, paragraphs(text)) == expected


def test_positions_are_code_points_and_sentences_lie_within_paragraphs() -> None:
    text = "Ibu 👩🏽‍⚕️ berkata: 𝓟uskesmas jadi. Bagus!\nAntrean rapi.\n"
    found = sentences(text)
    assert found[1] == Span(text.index("Bagus!"), text.index("Bagus!") + len("Bagus!"))
    for sentence in found:
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in paragraphs(text))
    assert units(text, "sentence") == found and units(text, "paragraph") == paragraphs(text)
    with pytest.raises(ValueError):
        units(text, "word")
    assert shifted([Span(1, 3)], 10) == (Span(11, 13),)


# --- Search hits --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query", "limit", "expected"),
    [
        ("bank Bank BANK", "bank", 10, [(0, 4), (5, 9), (10, 14)]),
        ("aaaa", "aa", 10, [(0, 2), (2, 4)]),  # without overlaps
        ("İzin bank", "bank", 10, [(5, 9)]),  # "İ".lower() is two characters: no shift
        ("👍 bank", "bank", 10, [(2, 6)]),  # code points
        ("a.b a+b", "a+b", 10, [(4, 7)]),  # the query is text, not a pattern
        ("x x x x", "x", 2, [(0, 1), (2, 3), (4, 5)]),  # one past the limit, then stop
        ("apa", "", 10, []),
        ("apa", "tidak", 10, []),
    ],
)
def test_hits(text: str, query: str, limit: int, expected: list[tuple[int, int]]) -> None:
    assert [(s.start, s.end) for s in find_hits(text, query, limit)] == expected
