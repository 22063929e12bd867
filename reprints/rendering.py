"""An HTML page as the text a reader's select-all and copy would give: one block a line.

Block elements (paragraphs, headings, list items, table rows, divisions) start new
lines and inline elements run on; scripts, styles and hidden elements give nothing. The
copied-text reader then finds the page's visible headline, byline, dates, standfirst and
notes on it, exactly as it does on text a person pasted.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link",
     "iframe", "object", "embed", "canvas", "select", "option", "button", "input",
     "textarea", "amp-analytics", "amp-state", "map"}
)  # fmt: skip
BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul",
     "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
     "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "form", "fieldset",
     "address", "center", "hr", "body", "html", "caption", "details", "summary", "picture",
     "amp-img", "amp-carousel", "amp-sidebar", "time", "menu", "legend"}
)  # fmt: skip
CELLS = frozenset({"td", "th"})


def visible_lines(soup: BeautifulSoup | Tag) -> list[str]:
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in INVISIBLE or _hidden(child):
                continue
            if child.name == "br":
                flush()
                continue
            if child.name in CELLS:
                current.append("   ")  # cells of a row read as one line, apart
                walk(child)
                current.append("   ")
                continue
            block = child.name in BLOCKS
            if block:
                flush()
            walk(child)
            if block:
                flush()

    walk(soup)
    flush()
    return lines


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _hidden(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = tag.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))
