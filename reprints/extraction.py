"""Read a captured news page — plain text or HTML — into a plain ``Extracted`` story.

HTML is parsed with a real parser (BeautifulSoup on lxml), and what the page declares
comes first: JSON-LD ``NewsArticle``, then OpenGraph and ``article:*`` meta, then the
markup (``<article>``, ``<time datetime>``, ``<figure>``/``<figcaption>``). Whatever the
page does not declare is found by the same line heuristics used for plain text pasted
from a browser: site chrome is dropped, the dateline, byline, photo captions and the
outlet's disclaimer are recognised. Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import datetime
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import charset_normalizer
from bs4 import BeautifulSoup, Tag
from dateutil import parser as date_parser
from django.utils import timezone

from .repair import MONTH


class ExtractionError(ValueError):
    """The input is not a news page we can read; the message says why, in a few words."""


@dataclass
class Block:
    kind: str  # "p" or "h2"
    text: str


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
    source: str = ""
    agency: str = ""
    byline: str = ""
    dateline: str = ""
    summary: str = ""
    original_url: str = ""
    disclaimer: str = ""
    blocks: list[Block] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


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
        story = extract_html(text, base_url=base_url, day_first=day_first)
    else:
        story = extract_text(text, day_first=day_first)
    split_source_and_agency(story, known_sources)
    if not story.title:
        raise ExtractionError("no recognizable title")
    if not story.blocks:
        raise ExtractionError("no article text found")
    return story


# --- dates ------------------------------------------------------------------------------

DATE_PATTERN = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    rf"|{MONTH}\.?\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+\d{{4}})"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:Published|Updated|Date|Posted)\s*(?:on|at)?\s*:?\s*)?(?P<date>{DATE_PATTERN})"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse_date(value: str, *, day_first: bool = False) -> datetime.datetime | None:
    """An aware datetime from the formats news pages use, or None.

    ISO 8601 keeps its own offset; a date without a time zone is in the site's zone.
    ``day_first`` decides "03/09/2024"; "13/09/2024" can only be day-first anyway.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
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


# --- lines and blocks, shared by text and HTML ---------------------------------------------

CHROME = frozenset(
    {
        "newest", "latest", "links", "back to top", "top", "contact us", "contact",
        "sitemap", "site map", "home", "homepage", "menu", "search", "share", "share this",
        "share this article", "share to", "share on", "print", "email", "e-mail", "tweet",
        "facebook", "twitter", "x", "linkedin", "weibo", "wechat", "whatsapp", "reddit",
        "copy link", "subscribe", "sign in", "log in", "login", "register", "related",
        "related articles", "related stories", "read more", "more", "next", "previous",
        "advertisement", "font size", "a a a", "a+", "a-", "comments", "about us",
        "privacy policy", "terms of use", "rss",
    }
)  # fmt: skip
_CHROME_SEPARATORS = re.compile(r"\s{2,}|\s*[|•·/]\s*")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d|copyright\b|all rights reserved)", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?P<caption>.*?)\s*[(\uff08]\s*"
    r"(?:PHOTO|PHOTOS|PIC|IMAGE|PHOTO\s+CREDIT|PHOTO\s+BY)\s*[:\uff1a/]?\s*(?P<credit>[^()\uff08\uff09]+?)\s*[)\uff09]\s*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"^(?:disclaimer|statement)\s*[:\uff1a]\s*(?P<text>.+)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:by|author|written by|reporter|reporters|writer)\s*[:\uff1a]?\s+(?P<name>[^\d].{1,120})$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^(?:source|from)\s*[:\uff1a]\s*(?P<source>.+)$", re.IGNORECASE)
_URL_LINE = re.compile(
    r"^(?:(?:original(?: url| link| article)?|source url|url|link)\s*[:\uff1a]\s*)?"
    r"(?P<url>https?://\S+)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-Z][A-Z.'\u2019\- ]{1,40}[A-Z.]"
    r"(?:\s*,\s*[A-Z][A-Za-z.'\u2019 ]{1,30})?)"
    rf"(?:\s*,\s*(?P<date>{MONTH}\.?\s*\d{{1,2}}(?:\s*,\s*\d{{4}})?))?)"
    r"(?:\s*\((?P<agency>[^)]{2,40})\))?\s*(?:--|\u2014|\u2013|-)\s*(?=\S)"
)
_SUBHEADING_END = re.compile(r"[.!?\u3002:;,\"\u201d'\u2019)\]\u2026]$")


def normalize(line: str) -> str:
    return " ".join(line.split())


def is_chrome(line: str) -> bool:
    """Navigation, share buttons and footers: the site around the story, not the story."""
    text = normalize(line)
    folded = text.casefold().rstrip(":")
    if not folded or folded in CHROME or _COPYRIGHT.match(text):
        return True
    parts = [p.casefold() for p in _CHROME_SEPARATORS.split(line.strip()) if p.strip()]
    if len(parts) > 1 and all(p.rstrip(":") in CHROME for p in parts):
        return True
    return bool(len(text) < 60 and re.match(r"^share (?:this|on|to)\b", folded))


def is_subheading(line: str) -> bool:
    text = normalize(line)
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and text[0].isupper()
        and not _SUBHEADING_END.search(text)
        and not _DATE_LINE.match(text)
    )


def _looks_like_name(text: str) -> bool:
    """ "Valley Courier", "Science and Technology Daily": short, capitalised, no sentence."""
    words = text.split()
    small = {"and", "of", "the", "for", "in", "on", "&"}
    return (
        0 < len(words) <= 6
        and not _SUBHEADING_END.search(text)
        and all(word[0].isupper() or word in small for word in words)
    )


def _caption(line: str) -> Figure | None:
    match = _CAPTION.match(line.strip())
    if match and len(match["credit"]) <= 120:
        return Figure(caption=match["caption"].strip(), credit=match["credit"].strip())
    return None


def _split_caption(text: str) -> tuple[str, str]:
    """A figcaption's caption and credit: "A view. (PHOTO: Y)" or "A view. Photo: Y"."""
    figure = _caption(text)
    if figure:
        return figure.caption, figure.credit
    match = re.match(
        r"^(?P<caption>.*?)\s*(?:photo|credit|image)\s*[:\uff1a]\s*(?P<credit>[^.]+)$", text, re.I
    )
    if match and match["caption"]:
        return match["caption"].strip(), match["credit"].strip()
    return text.strip(), ""


def _classify(
    story: Extracted,
    lines: Iterable[str],
    *,
    day_first: bool,
    headings: Collection[str] | None = None,
) -> None:
    """Sort the lines of a story into fields, figures and body blocks (in place).

    ``headings`` are the lines the markup declares as headings; without markup, a short
    line without final punctuation between paragraphs is taken for a subheading.
    """
    lines = [line for line in lines if line.strip()]
    body_started = after_date = False
    for index, line in enumerate(lines):
        text = normalize(line)
        if story.disclaimer:
            break  # the outlet's footer follows its disclaimer
        if is_chrome(text):
            continue
        if match := _DISCLAIMER.match(text):
            story.disclaimer = match["text"]
            continue
        if not story.title:
            if not _DATE_LINE.match(text) and len(text) <= 300:
                story.title = line.strip()
            continue
        if not body_started:
            if (match := _DATE_LINE.match(text)) and len(match["rest"]) <= 120:
                story.published = story.published or parse_date(match["date"], day_first=day_first)
                if match["rest"] and not story.source:
                    story.source = match["rest"].strip()
                after_date = not match["rest"]
                continue
            if (match := _BYLINE.match(text)) and len(text) <= 130:
                story.byline = story.byline or match["name"].strip()
                continue
            if match := _SOURCE_LINE.match(text):
                story.source = story.source or match["source"].strip()
                continue
            if after_date and not story.source and _looks_like_name(text):
                story.source = text  # "date" then "outlet" on lines of their own
                continue
        if match := _URL_LINE.match(text):
            story.original_url = story.original_url or match["url"]
            continue
        if figure := _caption(text):
            story.figures.append(figure)
            continue
        if headings is not None:
            heading = text in headings
        else:
            following = next((normalize(n) for n in lines[index + 1 :] if not is_chrome(n)), "")
            heading = (
                body_started
                and is_subheading(text)
                and len(following) > len(text)
                and not _DISCLAIMER.match(following)
            )
        story.blocks.append(Block("h2" if heading else "p", line.strip()))
        body_started = True
    _take_dateline(story, day_first=day_first)


def _take_dateline(story: Extracted, *, day_first: bool) -> None:
    """Move "BEIJING, Sept. 12, 2024 --" from the first paragraph into the dateline."""
    first = next((b for b in story.blocks if b.kind == "p"), None)
    if first is None or story.dateline:
        return
    match = _DATELINE.match(first.text)
    if not match or not (match["date"] or match["place"].isupper()):
        return
    story.dateline = match["dateline"].strip()
    story.agency = story.agency or (match["agency"] or "").strip()
    first.text = first.text[match.end() :]
    # A dateline without a year ("QUITO, May 3") never dates the story: the year would be
    # a guess.
    if match["date"] and re.search(r"\d{4}", match["date"]) and not story.published:
        story.published = parse_date(match["date"], day_first=day_first)


def split_source_and_agency(story: Extracted, known_sources: Collection[str]) -> None:
    """ "Science and Technology Daily HaiPress" → the outlet and the agency that carried it.

    The outlet is recognised as a known source name (or alias), or as the prefix of the
    headline ("Science and Technology Daily: China-Latin America..."), which is removed.
    """
    raw = normalize(story.source)
    title = normalize(story.title)
    prefix = title.split(": ", 1)[0] if ": " in title else ""
    candidates = sorted({*known_sources, *([prefix] if prefix else [])}, key=len, reverse=True)
    if raw:
        parts = [p for p in re.split(r"\s{2,}|\s+[|/·]\s+", story.source.strip()) if p.strip()]
        if len(parts) == 2:
            story.source, story.agency = normalize(parts[0]), story.agency or normalize(parts[1])
        else:
            story.source = raw
            for name in candidates:
                if raw.casefold().startswith(name.casefold()) and (
                    len(raw) == len(name) or raw[len(name)] == " "
                ):
                    story.source = raw[: len(name)]
                    story.agency = story.agency or raw[len(name) :].strip()
                    break
    if prefix and (
        not story.source or prefix.casefold() in {story.source.casefold(), story.agency.casefold()}
    ):
        story.source = story.source or prefix
        story.title = story.title.strip()[len(prefix) + 1 :].strip()


# --- plain text -----------------------------------------------------------------------------


def extract_text(text: str, *, day_first: bool = False) -> Extracted:
    story = Extracted(format="text")
    _classify(story, text.splitlines(), day_first=day_first)
    return story


# --- HTML -----------------------------------------------------------------------------------

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "OpinionNewsArticle", "BackgroundNewsArticle", "Report"}
)  # fmt: skip
DROPPED_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "form", "button",
                "nav", "aside", "footer", "header", "select", "input"]  # fmt: skip
CHROME_CLASS = re.compile(
    r"\b(?:share|sharing|social|related|comments?|breadcrumbs?|newsletter|advert\w*|ads?|"
    r"promo|subscribe|sidebar|menu|nav\w*|footer|cookie\w*)\b",
    re.IGNORECASE,
)
BLOCK_TAGS = ["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"]


def extract_html(html: str, *, base_url: str = "", day_first: bool = False) -> Extracted:
    soup = BeautifulSoup(html, "lxml")
    story = Extracted(format="html")
    declared = _json_ld(soup)
    meta = _meta(soup)
    base_url = _base_url(soup, base_url)
    for br in soup.find_all("br"):
        br.replace_with("\n")

    story.title = _text_value(declared.get("headline") or declared.get("name")) or meta.get(
        "og:title", ""
    )
    story.summary = _text_value(declared.get("description")) or meta.get(
        "og:description", meta.get("description", "")
    )
    story.published = _first_date(
        [
            declared.get("datePublished"),
            meta.get("article:published_time"),
            meta.get("og:published_time"),
            meta.get("pubdate"),
            meta.get("date"),
            meta.get("dc.date"),
        ],
        day_first=day_first,
    )
    story.source = _name(declared.get("publisher")) or meta.get("og:site_name", "")
    story.byline = _names(declared.get("author")) or _meta_author(meta)
    story.original_url = _absolute(
        base_url,
        _text_value(declared.get("url"))
        or _entity_id(declared.get("mainEntityOfPage"))
        or _canonical(soup)
        or meta.get("og:url", ""),
    )
    # Markup: lose the site's furniture, then read the article element.
    for tag in soup.find_all(DROPPED_TAGS):
        if tag.name in {"header", "footer"} and tag.find_parent("article"):
            continue  # an article's own header and footer hold its date and disclaimer
        tag.decompose()
    for tag in soup.find_all(_is_chrome_element):
        tag.decompose()
    container = (
        soup.find(attrs={"itemprop": "articleBody"})
        or soup.find("article")
        or soup.find("main")
        or soup.find(attrs={"role": "main"})
        or soup.body
        or soup
    )
    scope = container.find_parent("article") or container
    if not story.title:
        heading = scope.find("h1") or soup.find("h1")
        story.title = _element_text(heading) if heading else _page_title(soup)
    if not story.published:
        stamp = scope.find("time", attrs={"datetime": True}) or soup.find(
            "time", attrs={"datetime": True}
        )
        if stamp:
            story.published = parse_date(stamp["datetime"], day_first=day_first)
    if not story.byline:
        author = scope.find(attrs={"rel": "author"}) or scope.find(
            class_=re.compile(r"\b(?:byline|author)\b")
        )
        if author:
            story.byline = re.sub(r"^by\s+", "", _element_text(author), flags=re.IGNORECASE)
            author.decompose()
    story.figures = [_figure(f, base_url) for f in container.find_all("figure")]
    for figure in container.find_all("figure"):
        figure.decompose()
    for heading in scope.find_all("h1"):
        heading.decompose()
    for stamp in scope.find_all("time"):
        if stamp.parent and normalize(stamp.parent.get_text()) == normalize(stamp.get_text()):
            stamp.parent.decompose()
    blocks = _block_lines(container)
    headings = {normalize(text) for tag, text in blocks if tag.name[0] == "h"}
    lines = [text for _, text in blocks]
    if not lines and declared.get("articleBody"):
        lines = str(declared["articleBody"]).splitlines()
    if not lines:  # bare text in a <div> or <body>: the plain-text rules, headings included
        lines, headings = container.get_text("\n").splitlines(), None
    _classify(story, lines, day_first=day_first, headings=headings)
    if not story.figures:
        image = _image(declared.get("image")) or meta.get("og:image", "")
        if image:
            story.figures.append(Figure(image_url=_absolute(base_url, image)))
    return story


def _is_chrome_element(tag: Tag) -> bool:
    if tag.name in {"html", "body", "article", "main"}:
        return False
    names = " ".join([*tag.get("class", []), tag.get("id", "") or ""])
    return bool(names and CHROME_CLASS.search(names.replace("-", " ").replace("_", " ")))


def _block_lines(container: Tag) -> list[tuple[Tag, str]]:
    """The outermost paragraphs, headings, quotes and list items, in reading order."""
    blocks = [el for el in container.find_all(BLOCK_TAGS) if not _nested(el, container)]
    return [(el, text) for el in blocks if (text := _element_text(el))]


def _nested(el: Tag, container: Tag) -> bool:
    """Whether a block ancestor of ``el`` lies inside ``container`` (so ``el`` is nested)."""
    for parent in el.parents:
        if parent is container:
            return False
        if parent.name in BLOCK_TAGS:
            return True
    return False


def _element_text(el: Tag) -> str:
    return " ".join(el.get_text().split())


def _page_title(soup: BeautifulSoup) -> str:
    if not soup.title:
        return ""
    parts = re.split(r"\s+[|\u2013\u2014-]\s+", _element_text(soup.title))
    return max(parts, key=len) if parts else ""


def _json_ld(soup: BeautifulSoup) -> dict:
    """The page's JSON-LD article object, if it declares one."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for item in _json_ld_items(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & ARTICLE_TYPES:
                return item
    return {}


def _json_ld_items(data) -> Iterable[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph", []))


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    values: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        content = normalize(tag.get("content") or "")
        if key and content:
            values.setdefault(key, content)
    return values


def _meta_author(meta: dict[str, str]) -> str:
    author = meta.get("author") or meta.get("article:author") or ""
    return "" if urlsplit(author).scheme else author


def _base_url(soup: BeautifulSoup, base_url: str) -> str:
    base = soup.find("base", href=True)
    return urljoin(base_url, base["href"]) if base else base_url


def _canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical", href=True)
    return link["href"] if link else ""


def _absolute(base_url: str, url: str) -> str:
    url = urljoin(base_url, (url or "").strip())
    return url if urlsplit(url).scheme in {"http", "https"} else ""


def _text_value(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalize(value) if isinstance(value, str) else ""


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text_value(value.get("name"))
    return _text_value(value)


def _names(value) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(name for name in (_name(v) for v in values) if name)


def _entity_id(value) -> str:
    if isinstance(value, dict):
        return _text_value(value.get("@id") or value.get("url"))
    return _text_value(value)


def _image(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text_value(value.get("url") or value.get("contentUrl"))
    return _text_value(value)


def _first_date(values: Iterable, *, day_first: bool) -> datetime.datetime | None:
    for value in values:
        if isinstance(value, str) and (parsed := parse_date(value, day_first=day_first)):
            return parsed
    return None


def _figure(element: Tag, base_url: str) -> Figure:
    image = element.find("img")
    caption_el = element.find("figcaption")
    caption, credit = _split_caption(_element_text(caption_el) if caption_el else "")
    credit_el = caption_el and caption_el.find(class_=re.compile(r"credit|source|copyright"))
    if credit_el:
        credit = _element_text(credit_el)
        credit_el.decompose()
        caption, _ = _split_caption(_element_text(caption_el))
    src = ""
    alt = ""
    if image:
        src = image.get("src") or image.get("data-src") or ""
        alt = normalize(image.get("alt") or "")
    return Figure(caption=caption, credit=credit, image_url=urljoin(base_url, src), alt_text=alt)
