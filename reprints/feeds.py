"""Read a partner's feed, whatever its kind, into a plain list of items.

XML feeds (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0) are feedparser's job: it detects the
kind and the encoding, resolves relative links, sanitizes markup and reads dates in
their many forms. JSON has two kinds, read here with the standard library: JSON Feed
1.x (an object whose ``version`` is a jsonfeed.org address) and IPTC ninjs 1.x/2.x
(news items, each with a ``uri``: one item, a list of them, or an object whose
``items`` holds them), the format wire services publish.

The rules every kind shares:

- **guid**: the item's own identifier (``guid``, ``id``, ``rdf:about``, ``uri``), else its link.
- **full text**: only a field meant for the story (``content:encoded``, Atom
  ``content``, ``content_html``/``content_text``, ninjs ``bodies``) can carry it, never a
  summary or description, and only when it is more than the summary and long enough to
  be a story (``is_full_text``). Otherwise the editor's import fetches the linked page.
- **dates**: published, else first created, else updated; always timezone-aware.
- Items that are not usable stories are left out: no title, link or text at all; ninjs
  items withheld, cancelled, still under embargo, or pictures, audio and video.
"""

from __future__ import annotations

import calendar
import datetime
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from dateutil import parser as date_parser
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# A story is at least this long, or in at least two paragraphs: shorter "content" is a teaser.
FULL_TEXT_MIN_CHARS = 500
FULL_TEXT_MIN_PARAGRAPHS = 2
TITLE_FROM_TEXT_CHARS = 120

_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
_PARAGRAPH = re.compile(r"<(p|li|h[1-6]|blockquote)\b", re.IGNORECASE)
_ROOT_CLOSED = re.compile(rb"</[\w.:-]*(rss|feed|RDF)\s*>\s*\Z", re.IGNORECASE)
_MAIL_AND_NAME = re.compile(r"^[^\s()@]+@[^\s()]+\s*\((?P<name>[^()]+)\)$")
_NINJS_TEXT_TYPES = frozenset({"", "text", "composite"})
_NINJS_UNUSABLE = frozenset({"withheld", "canceled", "cancelled"})


class FeedFormat(models.TextChoices):
    RSS = "rss", _("RSS 2.0")
    RDF = "rdf", _("RSS 1.0 (RDF)")
    ATOM = "atom", _("Atom")
    JSON_FEED = "jsonfeed", _("JSON Feed")
    NINJS = "ninjs", _("IPTC ninjs")


_FEEDPARSER_VERSIONS = {
    "rss090": FeedFormat.RDF,
    "rss10": FeedFormat.RDF,
    "atom03": FeedFormat.ATOM,
    "atom10": FeedFormat.ATOM,
    "atom": FeedFormat.ATOM,
}  # every other "rss..." version is the RSS 0.9x/2.0 family


class FeedError(ValueError):
    """The document is not a feed we can read; the message says why, in a few words."""


@dataclass
class FeedItem:
    guid: str
    link: str
    title: str
    summary: str  # plain text, for the inbox
    content: str  # the whole story as HTML when the feed carries it, else ""
    author: str = ""
    published: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    language: str = ""


@dataclass
class ParsedFeed:
    format: str
    title: str
    items: list[FeedItem]
    warning: str = ""  # read despite a fault worth showing on the feed


def parse_feed(
    data: bytes, *, content_type: str = "", charset: str = "", url: str = ""
) -> ParsedFeed:
    """The items of a feed document, in the document's order; ``FeedError`` if unreadable."""
    if not data.strip():
        raise FeedError("the feed is empty")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in {b"{", b"["} or content_type.endswith("json"):
        return _parse_json(data, url=url)
    return _parse_xml(data, content_type=content_type, charset=charset, url=url)


def is_full_text(content_html: str, summary: str) -> bool:
    """Does ``content_html`` hold the story rather than a teaser (see the module's rules)?"""
    text = plain_text(content_html)
    if not text:
        return False
    short = plain_text(summary)
    if short and (text == short or len(text) <= len(short) * 1.2):
        return False
    return (
        len(text) >= FULL_TEXT_MIN_CHARS
        or len(_PARAGRAPH.findall(content_html)) >= FULL_TEXT_MIN_PARAGRAPHS
    )


def plain_text(markup: str) -> str:
    """Markup or text as one line of text: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def text_as_html(text: str) -> str:
    """Plain text as paragraphs: blank lines (else single line breaks) separate them."""
    text = (text or "").strip()
    if not text:
        return ""
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text else text.splitlines()
    return "".join(f"<p>{html.escape(' '.join(b.split()))}</p>" for b in blocks if b.strip())


# --- XML: feedparser ---------------------------------------------------------------------------


def _parse_xml(data: bytes, *, content_type: str, charset: str, url: str) -> ParsedFeed:
    declared = f"{content_type or 'application/xml'}; charset={charset}" if charset else ""
    headers = {"content-location": url} if url else {}
    if declared:
        headers["content-type"] = declared
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    version = parsed.get("version") or ""
    problem = _bozo_message(parsed)
    if not version:
        if problem:
            raise FeedError(f"malformed XML ({problem}): not a feed")
        raise FeedError("not a feed: no RSS, Atom, JSON Feed or ninjs document here")
    warning = ""
    if problem:
        if not _ROOT_CLOSED.search(data[-400:]):
            raise FeedError(f"malformed XML: the feed is cut off ({problem})")
        warning = f"read despite malformed XML ({problem})"
    fmt = _FEEDPARSER_VERSIONS.get(version, FeedFormat.RSS)
    feed_language = parsed.feed.get("language", "")
    items = [_xml_item(entry, feed_language) for entry in parsed.entries]
    return ParsedFeed(
        format=fmt,
        title=plain_text(parsed.feed.get("title", ""))[:300],
        items=[item for item in items if item is not None],
        warning=warning,
    )


def _bozo_message(parsed) -> str:
    """feedparser's complaint, if it is about the document (not a charset it overrode)."""
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    if isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return ""
    message = str(exc).replace("<unknown>:", "line ")
    return " ".join(message.split())[:200]


def _xml_item(entry, feed_language: str) -> FeedItem | None:
    summary_html = entry.get("summary", "")
    content_html = _best_content(entry.get("content") or [])
    if content_html and summary_html == content_html:
        summary_html = ""  # feedparser copies a lone Atom content into the summary
    summary = plain_text(summary_html)
    full = content_html if is_full_text(content_html, summary_html) else ""
    if not summary:
        summary = _shortened(plain_text(content_html), 600)
    author = _author(entry)
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning
    updated = dict.get(entry, "updated_parsed")
    language = next(
        (c.get("language") for c in entry.get("content") or [] if c.get("language")), ""
    )
    return _item(
        guid=entry.get("id", ""),
        link=entry.get("link", ""),
        title=plain_text(entry.get("title", "")),
        summary=summary,
        content=full,
        author=author,
        published=_from_struct(
            entry.get("published_parsed")
            or entry.get("created_parsed")
            or updated  # RSS 1.0's dc:date lands here
        ),
        updated=_from_struct(updated),
        language=language or feed_language,
    )


def _author(entry) -> str:
    """The author's name; RSS writes "mail@example.org (Name)", which feedparser splits
    well only in ASCII."""
    raw = " ".join(str(entry.get("author", "")).split())
    if match := _MAIL_AND_NAME.match(raw):
        return match["name"].strip()
    if "@" not in raw:
        return raw
    return (entry.get("author_detail") or {}).get("name", "")


def _best_content(contents: list) -> str:
    """The HTML among an entry's contents (else the text, as paragraphs)."""
    for content in contents:
        if content.get("type", "") in {"text/html", "application/xhtml+xml"}:
            return content.get("value", "")
    for content in contents:
        return text_as_html(content.get("value", ""))
    return ""


def _from_struct(value) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(value), tz=datetime.UTC)


# --- JSON: JSON Feed and ninjs ------------------------------------------------------------


def _parse_json(data: bytes, *, url: str) -> ParsedFeed:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"malformed JSON ({exc})") from exc
    if isinstance(document, dict) and str(document.get("version", "")).startswith(
        _JSON_FEED_VERSION
    ):
        return _json_feed(document, url=url)
    entries = _ninjs_entries(document)
    if entries is None:
        raise FeedError("not a feed: JSON, but neither a JSON Feed nor ninjs news items")
    items = [_ninjs_item(entry) for entry in entries]
    title = document.get("title", "") if isinstance(document, dict) and entries else ""
    return ParsedFeed(
        format=FeedFormat.NINJS,
        title=plain_text(str(title))[:300],
        items=[item for item in items if item is not None],
    )


def _json_feed(document: dict, *, url: str) -> ParsedFeed:
    entries = document.get("items")
    if not isinstance(entries, list):
        raise FeedError("malformed JSON Feed: no list of items")
    base = document.get("home_page_url") or document.get("feed_url") or url
    language = str(document.get("language") or "")
    feed_author = _names(document.get("authors") or [document.get("author")])
    items = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        content_html = _string(entry.get("content_html")) or text_as_html(
            _string(entry.get("content_text"))
        )
        summary_source = _string(entry.get("summary"))
        link = _string(entry.get("url")) or _string(entry.get("external_url"))
        items.append(
            _item(
                guid=_string(entry.get("id")),
                link=urljoin(base, link) if link else "",
                title=plain_text(_string(entry.get("title"))),
                summary=plain_text(summary_source) or _shortened(plain_text(content_html), 600),
                content=content_html if is_full_text(content_html, summary_source) else "",
                author=_names(entry.get("authors") or [entry.get("author")]) or feed_author,
                published=_iso(entry.get("date_published")),
                updated=_iso(entry.get("date_modified")),
                language=_string(entry.get("language")) or language,
            )
        )
    return ParsedFeed(
        format=FeedFormat.JSON_FEED,
        title=plain_text(_string(document.get("title")))[:300],
        items=[item for item in items if item is not None],
    )


def _ninjs_entries(document) -> list[dict] | None:
    """The news items of a ninjs document, or None when it is not one."""
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        document = document["items"]
    candidates = document if isinstance(document, list) else [document]
    entries = [c for c in candidates if isinstance(c, dict)]
    if not entries or not all(_is_ninjs(entry) for entry in entries):
        return [] if isinstance(document, list) and not document else None
    return entries


def _is_ninjs(entry: dict) -> bool:
    standard = entry.get("standard")
    named = isinstance(standard, dict) and str(standard.get("name", "")).lower() == "ninjs"
    return "uri" in entry or named or "ninjs" in str(entry.get("$schema", ""))


def _ninjs_item(entry: dict) -> FeedItem | None:
    if str(entry.get("pubstatus", "usable")).lower() in _NINJS_UNUSABLE:
        return None
    if str(entry.get("type", "")).lower() not in _NINJS_TEXT_TYPES:
        return None  # pictures, audio, video: not stories to reprint
    embargoed = _iso(entry.get("embargoed"))
    if embargoed and embargoed > timezone.now():
        return None  # taken on a later poll, once the embargo is over
    uri = _string(entry.get("uri"))
    body = _ninjs_body(entry)
    description = _ninjs_text(entry.get("descriptions"), prefer=("summary", "teaser", "text"))
    description = (
        description
        or _string(entry.get("description_html"))
        or text_as_html(_string(entry.get("description_text")))
    )
    headline = _ninjs_text(entry.get("headlines"), prefer=("main", "")) or _string(
        entry.get("headline")
    )
    partial = str(entry.get("representationtype", "")).lower() == "partial"
    return _item(
        guid=uri,
        link=_ninjs_link(entry),
        title=plain_text(headline or _string(entry.get("title"))),
        summary=plain_text(description) or _shortened(plain_text(body), 600),
        content=body if body and not partial and is_full_text(body, description) else "",
        author=_string(entry.get("by")) or _string(entry.get("byline")),
        published=_iso(entry.get("firstcreated"))
        or _iso(entry.get("contentcreated"))
        or _iso(entry.get("versioncreated")),
        updated=_iso(entry.get("versioncreated")),
        language=_string(entry.get("language")),
    )


def _ninjs_body(entry: dict) -> str:
    """ninjs 2.x ``bodies`` (HTML preferred, the main one first); ninjs 1.x ``body_*``."""
    bodies = [b for b in entry.get("bodies") or [] if isinstance(b, dict) and b.get("value")]
    bodies.sort(key=lambda b: str(b.get("role", "")).lower() not in {"", "main", "html", "text"})
    for body in bodies:
        if "html" in str(body.get("contenttype", "")).lower():
            return _string(body["value"])
    for body in bodies:
        return _as_html(_string(body["value"]), str(body.get("contenttype", "")))
    return _string(entry.get("body_html")) or text_as_html(_string(entry.get("body_text")))


def _ninjs_text(values, *, prefer: tuple[str, ...]) -> str:
    """The value of the preferred role among ninjs ``headlines``/``descriptions``."""
    found = [v for v in values or [] if isinstance(v, dict) and v.get("value")]
    for role in prefer:
        for value in found:
            if str(value.get("role", "")).lower() == role:
                return _as_html(_string(value["value"]), str(value.get("contenttype", "")))
    if not found:
        return ""
    return _as_html(_string(found[0]["value"]), str(found[0].get("contenttype", "")))


def _ninjs_link(entry: dict) -> str:
    """A web page of the item: an HTML rendition, else a ``uri`` that is a web address."""
    for rendition in entry.get("renditions") or []:
        is_page = isinstance(rendition, dict) and "html" in str(rendition.get("contenttype", ""))
        if is_page and (href := _string(rendition.get("href"))):
            return href
    uri = _string(entry.get("uri"))
    return uri if uri.lower().startswith(("http://", "https://")) else ""


def _as_html(value: str, content_type: str) -> str:
    return value if "html" in content_type.lower() or not content_type else text_as_html(value)


# --- shared -------------------------------------------------------------------------------


def _item(
    *, guid: str, link: str, title: str, summary: str, content: str, **rest
) -> FeedItem | None:
    """One item, or None when there is nothing to know it by or nothing to show."""
    guid, link = guid.strip(), link.strip()
    if not (guid or link):
        return None
    if not title:
        title = _shortened(summary or plain_text(content), TITLE_FROM_TEXT_CHARS)
    if not (title or link):
        return None
    return FeedItem(
        guid=guid or link, link=link, title=title, summary=summary, content=content, **rest
    )


def _iso(value) -> datetime.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = date_parser.isoparse(value.strip())
    except ValueError:
        try:
            parsed = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _names(people) -> str:
    names = [
        _string(p.get("name")) if isinstance(p, dict) else _string(p) for p in people or [] if p
    ]
    return ", ".join(name for name in names if name)


def _string(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return f"{cut}…"
