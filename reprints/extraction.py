"""Read a captured news page — plain text or HTML — into a plain ``Extracted`` story.

Bytes become text (the declared encoding, UTF-8, else detected); HTML pages go to
``htmlpage`` (declared metadata, then trafilatura), copied text to ``plaintext`` (the
story found by its shape). Both leave a story whose outlet and agency may still be one
string ("Science and Technology Daily HaiPress"); ``split_source_and_agency`` separates
them. Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Collection, Iterable

import charset_normalizer
from dateutil import parser as date_parser
from django.utils import timezone

from .dates import find_dates
from .htmlpage import read_html
from .lines import norm
from .plaintext import read_text
from .story import Block, Extracted, Figure

__all__ = ["Block", "Extracted", "ExtractionError", "Figure", "decode", "extract", "parse_date"]


class ExtractionError(ValueError):
    """The input is not a news page we can read; the message says why, in a few words."""


# --- bytes to text ------------------------------------------------------------------------

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_LATIN1_LABELS = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, *, declared: str = "") -> tuple[str, str]:
    """Text and encoding name of ``data``: as declared (HTTP, ``<meta>``), UTF-8, else detected."""
    if not data.strip():
        raise ExtractionError("empty file")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise ExtractionError(f"binary file ({kind}), not a text or HTML page")
    for encoding in _candidate_encodings(data, declared):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return _check_text(text), codecs.lookup(encoding).name
    raise ExtractionError("binary file or unknown text encoding")


def _candidate_encodings(data: bytes, declared: str) -> Iterable[str]:
    if data.startswith(codecs.BOM_UTF8):
        yield "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield "utf-16"
    if b"\x00" in data[:4096]:
        return  # NUL bytes without a byte-order mark: not text
    in_page = _DECLARED_CHARSET.search(data[:4096])
    for name in (declared, in_page.group(1).decode("ascii", "ignore") if in_page else ""):
        if name:
            # As browsers do: pages that say Latin-1 or ASCII are written in cp1252.
            yield "cp1252" if name.lower() in _LATIN1_LABELS else name
    yield "utf-8"
    matches = charset_normalizer.from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return
    # Western pages are mostly cp1252, which detection often ties with cp1250 on short text.
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence >= best.coherence]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        yield "cp1252"
    yield best.encoding


def _check_text(text: str) -> str:
    if not text.strip():
        raise ExtractionError("empty file")
    if len(_CONTROL.findall(text[:20_000])) > max(2, len(text[:20_000]) // 100):
        raise ExtractionError("binary file, not a text or HTML page")
    return text


def looks_like_html(text: str) -> bool:
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return bool(re.search(r"<(?:p|div|article|body|h1|head|main)\b[^>]*>", head))


def extract(
    text: str, *, base_url: str = "", known_sources: Collection[str] = (), day_first: bool = False
) -> Extracted:
    """The story in ``text``, HTML or plain; raises ``ExtractionError`` without a title."""
    if looks_like_html(text):
        story = read_html(text, base_url=base_url, day_first=day_first)
    else:
        story = read_text(text, day_first=day_first)
    split_source_and_agency(story, known_sources)
    story.source = _outlet(story.source)
    if story.agency and story.agency.casefold() == story.source.casefold() and not story.source:
        story.agency = ""
    if not story.source and story.agency:
        story.source = story.agency  # the agency's own copy: it is the outlet
    if story.published and story.published > timezone.now() + datetime.timedelta(days=1):
        story.published = None  # never a date in the future
    if not story.title:
        raise ExtractionError("no recognizable title")
    if not story.blocks:
        raise ExtractionError("no article text found")
    return story


def _outlet(name: str) -> str:
    """ "人民网-人民日报": a portal and the newspaper it carries; the newspaper is the outlet."""
    name = norm(name)
    parts = re.split(r"\s*[-－—]\s*", name)
    if len(parts) == 2 and all(re.search(r"[\u4e00-\u9fff]", p) for p in parts):
        return parts[1]
    return name


def parse_date(value: str, *, day_first: bool = False) -> datetime.datetime | None:
    """An aware datetime from a declared date (ISO 8601, RFC 2822, "Sept. 12, 2024"), or None.

    ISO 8601 keeps its own offset; a date without a time zone is in the site's zone.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = find_dates(value, day_first=day_first)
        if found and found[0].has_year:
            return found[0].value
        cleaned = re.sub(r"\bSept\b\.?", "Sep", value)
        cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
        try:
            parsed = date_parser.parse(cleaned, dayfirst=day_first)
        except (ValueError, OverflowError):
            return None
    if not 1900 <= parsed.year <= 2200:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def split_source_and_agency(story: Extracted, known_sources: Collection[str]) -> None:
    """ "Science and Technology Daily HaiPress" → the outlet and the agency that carried it.

    The outlet is recognised as a known source name (or alias), or as the prefix of the
    headline ("Science and Technology Daily: China-Latin America..."), which is removed.
    """
    raw = norm(story.source)
    title = norm(story.title)
    prefix = title.split(": ", 1)[0] if ": " in title else ""
    candidates = sorted({*known_sources, *([prefix] if prefix else [])}, key=len, reverse=True)
    if raw:
        parts = [p for p in re.split(r"\s{2,}|\s+[|/·]\s+", story.source.strip()) if p.strip()]
        if len(parts) == 2:
            story.source, story.agency = norm(parts[0]), story.agency or norm(parts[1])
        else:
            story.source = raw
            for name in candidates:
                if raw.casefold().startswith(name.casefold()) and (
                    len(raw) == len(name) or raw[len(name)] == " "
                ):
                    story.source = raw[: len(name)]
                    story.agency = story.agency or raw[len(name) :].strip()
                    break
    # "Outlet: Headline" — only an outlet the page also credits, never any "Place: Headline".
    if prefix and prefix.casefold() in {story.source.casefold(), story.agency.casefold()}:
        story.title = story.title.strip()[len(prefix) + 1 :].strip()
