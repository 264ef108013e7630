"""The help pages: one guide per role in each language, written as Markdown in
``web/help/<role>.<language>.md`` (copied to ``docs/help/``) and rendered by the small,
escaping converter below (headings, paragraphs, lists, bold, inline code, links)."""

import re
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HELP_DIR = Path(__file__).parent / "help"
ROLES = ("coordinator", "partner", "evaluator", "public")

_LINK = re.compile(r"\[([^\]]+)\]\(((?:/|#|https?://)[^)\s]*)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    html = escape(text)
    html = _CODE.sub(r"<code>\1</code>", html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _LINK.sub(r'<a href="\2">\1</a>', html)


def markdown_html(source: str) -> SafeString:
    """HTML from the Markdown subset the guides use; every character of the text is escaped
    before the few marks are turned into tags."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for line in source.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,3}) (.+)$", stripped)
        item = re.match(r"^(-|\d+\.) (.+)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            slug = re.sub(r"[^a-z0-9]+", "-", heading.group(2).lower()).strip("-")
            out.append(f'<h{level} id="{slug}">{_inline(heading.group(2))}</h{level}>')
        elif item:
            tag = "ol" if item.group(1)[0].isdigit() else "ul"
            if paragraph or list_tag != tag:
                flush()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline(item.group(2))}</li>")
        elif list_tag and line.startswith("  "):
            out[-1] = out[-1][: -len("</li>")] + " " + _inline(stripped) + "</li>"
        else:
            if list_tag:
                flush()
            paragraph.append(stripped)
    flush()
    # Built from text escaped above.
    return mark_safe("\n".join(out))


@cache
def help_page(role: str, language: str) -> SafeString | None:
    """The guide for ``role`` in ``language`` (Indonesian when not English), or None."""
    if role not in ROLES and role != "index":
        return None
    lang = "en" if language == "en" else "id"
    path = HELP_DIR / f"{role}.{lang}.md"
    if not path.exists():
        return None
    return markdown_html(path.read_text(encoding="utf-8"))
