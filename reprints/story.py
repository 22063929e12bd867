"""The plain story a captured page is read into, before anything touches the database."""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field

BLOCK_KINDS = frozenset({"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "table", "pre"})


@dataclass
class Block:
    """One block of the body: a paragraph, a subheading, a quote, a list or a table."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)  # list items (ul/ol)
    rows: list[list[str]] = field(default_factory=list)  # table rows (table)

    def plain(self) -> str:
        """The block as readers read it: list items and table rows on lines of their own."""
        if self.kind == "ol":
            return "\n".join(f"{number}. {item}" for number, item in enumerate(self.items, 1))
        if self.kind == "ul":
            return "\n".join(self.items)
        if self.kind == "table":
            return "\n".join(" | ".join(row) for row in self.rows)
        return self.text

    def html(self) -> str:
        if self.kind in {"ul", "ol"}:
            items = "".join(f"<li>{_escape(item)}</li>" for item in self.items)
            return f"<{self.kind}>{items}</{self.kind}>"
        if self.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{_escape(cell)}</td>" for cell in row) + "</tr>"
                for row in self.rows
            )
            return f"<table><tbody>{rows}</tbody></table>"
        if self.kind == "blockquote":
            return f"<blockquote><p>{_escape(self.text)}</p></blockquote>"
        return f"<{self.kind}>{_escape(self.text)}</{self.kind}>"

    def texts(self) -> list[str]:
        """Every piece of text the block holds, for repairs to work on."""
        if self.kind in {"ul", "ol"}:
            return self.items
        if self.kind == "table":
            return [cell for row in self.rows for cell in row]
        return [self.text]

    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.texts())


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass
class Figure:
    caption: str = ""
    credit: str = ""
    image_url: str = ""
    alt_text: str = ""


@dataclass
class Extracted:
    format: str  # "text" or "html"
    title: str = ""
    published: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    source: str = ""
    agency: str = ""
    byline: str = ""
    dateline: str = ""
    summary: str = ""
    original_url: str = ""
    disclaimer: str = ""
    correction: str = ""
    language: str = ""
    # How the outlet was found: "label" ("Source:", "来源："), "masthead" (the site's name,
    # confirmed by its copyright line), "names" (an unlabelled name in a meta line), "".
    source_found_by: str = ""
    blocks: list[Block] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def body_text(self) -> str:
        """The body as plain text, one block a line (the dateline opening the first)."""
        lines = [block.plain() for block in self.blocks]
        if self.dateline and lines:
            lines[0] = f"{self.dateline} — {lines[0]}"
        return "\n".join(lines)
