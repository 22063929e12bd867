"""Read a saved or fetched HTML news page.

Metadata comes from what the page declares first — JSON-LD (``NewsArticle`` and its
kin), OpenGraph and ``article:*`` meta, ``<time datetime>``, ``<meta name=author>`` —
then from trafilatura's metadata (which dates pages with htmldate). The body comes
from the element the page marks as the article body (``itemprop="articleBody"``) when
there is one; otherwise from trafilatura, checked against the JSON-LD ``articleBody``
when the page declares it. The same line rules as for copied text then drop what is
not the story (adverts, "read also" lines, captions, editing credits), take the
dateline, and find the disclaimer wherever the page put it (footer, aside, a note).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import trafilatura
from bs4 import BeautifulSoup, NavigableString, Tag

from . import lexicon as lx
from . import lines as ln
from .dates import at_clock, day_first_for, find_dates
from .language import detect_language
from .plaintext import Line, LineClassifier, masthead, read_lines
from .rendering import visible_lines
from .story import Block, Extracted, Figure

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "LiveBlogPosting",
     "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle", "TechArticle",
     "ScholarlyArticle", "SocialMediaPosting", "WebPage"}
)  # fmt: skip
BLOCK_TAGS = ["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre"]
CHROME_NAMES = re.compile(
    r"\b(?:share|sharing|social|related|recommend\w*|comments?|breadcrumbs?|newsletter|"
    r"advert\w*|ads?|ad-slot|adslot|promo\w*|subscribe|sidebar|menu|nav\w*|footer|cookie\w*|"
    r"consent|banner|teaser|read-?more|more-?stories|most-?read|popular|trending|tags?|"
    r"author-?(?:bio|box|card)|byline|caption|credit|figure|gallery|paywall|toolbar|"
    r"twitter-tweet|instagram-media|embed)\b",
    re.IGNORECASE,
)


def read_html(text: str, *, base_url: str = "", day_first: bool = False) -> Extracted:
    soup = BeautifulSoup(text, "lxml")
    story = Extracted(format="html")
    declared = _json_ld(soup)
    meta = _meta(soup)
    base_url = _base_url(soup, base_url)
    story.language = _declared_language(soup, declared, meta)
    day_first = day_first_for(story.language, default=day_first)
    # The page as a reader sees it, read by the copied-text rules: visible bylines, dates,
    # standfirst, labels between the blocks, notes at the end.
    rendered = [Line(i, line, line) for i, line in enumerate(visible_lines(soup.body or soup))]
    classify = LineClassifier()  # the same lines are read twice: classified once
    for line in rendered:
        classify(line, day_first=day_first)
    page = read_lines(
        [line.text for line in rendered],
        day_first=day_first,
        language=story.language,  # declared: no need to detect it again
        classify=classify,
    )

    found = _trafilatura(text, base_url, tables=True)
    blocks = _trafilatura_blocks(found)
    if _layout_tables(blocks):
        # A page laid out with tables: its "table" is the page, not data in the story.
        found = _trafilatura(text, base_url, tables=False) or found
        blocks = _trafilatura_blocks(found)
    if any(b.kind == "p" and ln.size(b.text) > 400 for b in blocks):
        # One "paragraph" holding the whole page: the extraction took the layout for the
        # story. The copied-text rules read the page as a reader sees it instead.
        blocks = page.blocks or blocks
    blocks = _marked_body(soup) or blocks
    article_body = _text(declared.get("articleBody"))
    if article_body:
        blocks = _checked_against(blocks, article_body)
    if not blocks:
        blocks = _plain_markup_body(soup) or page.blocks

    site = _site_name(declared, meta, found) or masthead(rendered)
    story.title = _headline(soup, declared, meta, found, page, site)
    story.title = _strip_site_suffix(story.title, _site_name(declared, meta, found))
    page = _with_header_meta(page, rendered, story.title, blocks, day_first=day_first)
    _dates(story, soup, declared, meta, found, page, day_first=day_first)
    story.source = _outlet(declared, meta, found, page, soup, story.title)
    story.source_found_by = page.source_found_by
    story.byline = _byline(soup, declared, meta, found, page)
    if story.byline and _comparable(story.byline) == _comparable(story.source):
        story.byline = ""  # an organisation declared as the author: the outlet, not a byline
    story.agency = page.agency if page.agency and page.agency != story.source else ""
    story.original_url = _absolute(
        base_url,
        _text(declared.get("url"))
        or _entity_id(declared.get("mainEntityOfPage"))
        or _canonical(soup)
        or meta.get("og:url", ""),
    ) or _absolute("", base_url)

    story.figures = _figures(soup, base_url, blocks, story.title)
    blocks = _zoned(blocks, rendered, story, page)
    _clean_blocks(story, blocks, day_first=day_first)
    if not story.summary:
        headings = {_comparable(h.get_text()) for h in soup.find_all(["h1", "h2"])}
        story.summary = _standfirst(declared, meta, rendered, story) or _visible_dek(
            rendered, story, headings
        )
    story.disclaimer = story.disclaimer or page.disclaimer or _disclaimer_anywhere(rendered, story)
    published = story.published
    midnight = published is not None and published.hour == published.minute == 0
    if midnight and (clock := _posted_clock(rendered, story)):
        story.published = at_clock(story.published, clock)
    story.correction = story.correction or page.correction
    if not story.figures:
        image = _image(declared.get("image")) or meta.get("og:image", "")
        if image:
            story.figures.append(Figure(image_url=_absolute(base_url, image)))
    if not story.language:
        story.language = detect_language("\n".join(b.plain() for b in story.blocks))
    return story


def _with_header_meta(
    page: Extracted, rendered: list[Line], title: str, blocks: list[Block], *, day_first: bool
) -> Extracted:
    """What the page shows between its headline and its first paragraph — byline, dates,
    a labelled source — read from the lines there, which is where readers see them. It
    replaces what the page reader guessed from the whole page, which cookie banners and
    menus can mislead."""
    start = _line_of(rendered, title)
    if start is None:
        return page
    firsts = [_comparable(b.plain())[:40] for b in blocks if b.kind == "p" and
              ln.size(b.plain()) >= 8][:2]  # fmt: skip
    metas: list[ln.Meta] = []
    names: list[str] = []
    for line in rendered[start + 1 : start + 25]:
        shown = _comparable(line.text)
        # The story starts at its first paragraph, or at its second when the first is a
        # standfirst printed above the byline.
        if (firsts and firsts[-1] in shown) or (firsts and firsts[0] in shown and metas):
            break
        if line.kind == "meta":
            metas.append(line.value)
        elif line.kind == "short":
            found = ln.meta(line.raw, day_first=day_first, allow_names=True)
            if found is not None and found.names and not (found.byline or found.published):
                names.extend(found.names)
            elif found is not None:
                metas.append(found)
    header = Extracted(format="html")
    header.summary = page.summary
    header.byline = next((m.byline for m in metas if m.byline), "")
    if not header.byline:
        # A name alone, or beside the date ("J. M. ROLDÁN | Publicado el lunes, 5 de mayo").
        people = [n for n in [*names, *(n for m in metas for n in m.names)]
                  if ln.name_kind(n) == "person"]  # fmt: skip
        header.byline = ln.byline_names(people[0]) if people else ""
    published = next((m.published for m in metas if m.published), None)
    updated = next((m.updated for m in metas if m.updated), None)
    header.published = published.value if published else page.published
    header.updated = updated.value if updated else page.updated
    labelled = next((m.source for m in metas if m.source), "")
    outlets = [n for n in names if ln.name_kind(n) == "outlet"]
    outlets += [n for m in metas for n in m.names if ln.name_kind(n) == "outlet"]
    if labelled:
        header.source, header.source_found_by = labelled, "label"
    elif outlets:
        header.source, header.source_found_by = outlets[0], "names"
    elif page.source_found_by == "masthead":
        header.source, header.source_found_by = page.source, "masthead"
    elif site := masthead(rendered):
        header.source, header.source_found_by = site, "masthead"
    header.agency = next((m.agency for m in metas if m.agency), "")
    header.disclaimer, header.correction = page.disclaimer, page.correction
    return header


def _line_of(rendered: list[Line], title: str) -> int | None:
    """Where the headline stands in the rendered page (a badge may share its line)."""
    wanted = _comparable(title)
    if not wanted:
        return None
    for index, line in enumerate(rendered):
        shown = _comparable(line.text)
        if shown == wanted or (wanted in shown and len(shown) - len(wanted) <= 12):
            return index
    return None


def _headline(soup, declared: dict, meta: dict, found, page: Extracted, site: str) -> str:
    declared_title = (
        _text(declared.get("headline") or declared.get("name"))
        or meta.get("og:title", "")
        or meta.get("twitter:title", "")
    )
    if declared_title:
        return _shown_variant(soup, declared_title) or declared_title
    page_title = _comparable(soup.title.get_text()) if soup.title else ""
    # The headline is what the page shows and its <title> repeats (with the site's name,
    # which may be shown too: the longest such line is the headline).
    not_site = [_comparable(site)] if site else []

    def headline_like(text: str, words: int = 1) -> bool:
        return ln.size(text) >= words and _comparable(text) not in not_site

    shown = [ln.norm(h.get_text(" ")) for h in soup.find_all(["h1", "h2", "h3"])]
    shown += [page.title] if page.title else []
    in_title = [
        h for h in shown if headline_like(h, 3) and page_title and _comparable(h) in page_title
    ]
    if in_title:
        return max(in_title, key=len)
    h1 = next((h for h in (ln.norm(x.get_text(" ")) for x in soup.find_all("h1")) if
               headline_like(h)), "")  # fmt: skip
    if h1:
        return h1
    declared_title = _strip_site_suffix(_page_title(soup), site)
    if declared_title and headline_like(declared_title):
        return declared_title
    if found is not None and found.title and headline_like(found.title):
        return found.title
    return page.title or declared_title


def _shown_variant(soup, declared_title: str) -> str:
    """The headline readers see when the page declares another (a search-engine variant):
    an h1 of the story, not the site's, on the same subject as the declared one."""

    def content(text: str) -> set[str]:
        return set(re.findall(r"[^\W\d_]{4,}", text.casefold()))

    wanted = content(declared_title)
    for h1 in soup.find_all("h1"):
        if h1.find_parent(["header", "nav", "footer", "aside"]) and not h1.find_parent("article"):
            continue
        text = ln.norm(h1.get_text(" "))
        if _comparable(text) == _comparable(declared_title) or not 4 <= ln.size(text) <= 40:
            return ""
        shared = wanted & content(text)
        if wanted and len(shared) >= max(2, len(min(wanted, content(text), key=len)) // 4):
            return text
    return ""


def _dates(story: Extracted, soup, declared, meta, found, page: Extracted, *, day_first: bool):
    raw = [declared.get("datePublished"), declared.get("dateCreated"),
           meta.get("article:published_time"), meta.get("og:published_time"),
           meta.get("pubdate"), meta.get("publishdate"), meta.get("date"), meta.get("dc.date"),
           meta.get("dc.date.issued"), meta.get("sailthru.date"), meta.get("parsely-pub-date"),
           _time_element(soup)]  # fmt: skip
    value = next((v for v in raw if isinstance(v, str) and v.strip()), "")
    published = _first_date(raw, day_first=day_first)
    if (
        published is not None
        and len(value.strip()) <= 10
        and page.published is not None
        and page.published.date() == published.date()
    ):
        published = page.published  # a declared day without a time; the page shows its time
    if published is not None and page.published is not None:
        published = _as_shown(published, page.published)
    story.published = published or page.published
    if story.published is None and found is not None and found.date:
        story.published = _first_date([found.date], day_first=day_first)
    updated = _first_date(
        [declared.get("dateModified"), meta.get("article:modified_time"),
         meta.get("og:updated_time")],
        day_first=day_first,
    )  # fmt: skip
    if updated is not None and page.updated is not None:
        updated = _as_shown(updated, page.updated)
    elif updated is not None and story.published is not None and story.published.tzinfo:
        updated = updated.astimezone(story.published.tzinfo)  # in the offset the page shows
    story.updated = updated or page.updated
    if story.updated and story.published and story.updated <= story.published:
        story.updated = None


def _as_shown(declared, shown):
    """The declared instant in the offset the page shows it in (a page that declares UTC
    and prints local time): the same moment, with the outlet's wall-clock time."""
    import datetime

    instant = declared.astimezone(datetime.UTC).replace(tzinfo=None, second=0, microsecond=0)
    delta = shown.replace(tzinfo=None, second=0, microsecond=0) - instant  # pages print minutes
    if (
        declared.tzinfo is None
        or abs(delta) > datetime.timedelta(hours=14)
        or delta == (declared.utcoffset())
        or delta.total_seconds() % 900
    ):
        return declared
    return declared.astimezone(datetime.timezone(delta))


def _outlet(declared: dict, meta: dict, found, page: Extracted, soup, headline_text: str) -> str:
    """The outlet: one the page labels ("Fuente:"), else the one it declares, else its
    masthead; a domain name is a last resort."""
    if page.source_found_by == "label" and page.source:
        return page.source
    declared_name = _name(declared.get("publisher")) or meta.get("og:site_name", "")
    if declared_name:
        return declared_name
    if page.source_found_by in {"masthead", "names"} and page.source:
        return page.source
    # "Headline - Outlet" or "Outlet - Headline": the <title> part that is not the headline.
    title = ln.norm(soup.title.get_text()) if soup.title else ""
    parts = [p for p in re.split(r"\s+[|\u2013\u2014-]\s+", title) if p]
    headline = _comparable(headline_text)
    rest = [p for p in parts if _comparable(p) != headline and headline not in _comparable(p)]
    if len(parts) >= 2 and len(rest) == 1 and ln.size(rest[0]) <= 5:
        return rest[0]
    # "Outlet: Headline" (blog platforms), "Headline » Outlet": the title minus the headline.
    comparable = _comparable(title)
    if headline and headline in comparable and comparable != headline:
        left, _, right = title.partition(headline_text.strip()) if headline_text else ("", "", "")
        remainder = ln.norm(left + " " + right).strip(" :|·»«-–—")
        if remainder and ln.size(remainder) <= 5 and not ln.ends_sentence(remainder):
            return remainder
    if feed := _feed_title(soup):
        return feed
    sitename = found.sitename if found is not None and found.sitename else ""
    if sitename and ("." not in sitename or " " in sitename) and not ln.ends_sentence(sitename):
        return sitename  # trafilatura's guess; a domain name or a sentence is no outlet
    return ""


def _byline(soup, declared: dict, meta: dict, found, page: Extracted) -> str:
    declared_names = _names(declared.get("author")) or _meta_author(meta)
    declared_names = ln.byline_names(declared_names) if declared_names else ""
    if declared_names and page.byline:
        shown = {n.casefold() for n in page.byline.split(", ")}
        wanted = {n.casefold() for n in declared_names.split(", ")}
        if wanted < shown:
            return page.byline  # the page shows every author; the declaration only some
    return (
        declared_names
        or page.byline
        or ln.byline_names(_visible_byline(soup))
        or (ln.byline_names(found.author) if found is not None and found.author else "")
    )


# --- declared metadata ------------------------------------------------------------------------


def _json_ld(soup: BeautifulSoup) -> dict:
    """The page's JSON-LD article object, if it declares one (in a list or an @graph)."""
    best: dict = {}
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "", strict=False)
        except ValueError:
            continue
        for item in _json_ld_items(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & ARTICLE_TYPES and (not best or "WebPage" in best.get("@type", "")):
                if "WebPage" in types and best:
                    continue
                best = item
    return best


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
        content = ln.norm(tag.get("content") or "")
        if key and content:
            values.setdefault(key, content)
    return values


def _site_name(declared: dict, meta: dict, found) -> str:
    return (
        _name(declared.get("publisher"))
        or meta.get("og:site_name", "")
        or meta.get("application-name", "")
        or (found.sitename if found is not None and found.sitename else "")
    )


def _strip_site_suffix(title: str, site: str) -> str:
    """ "Headline | The Outlet" → "Headline" (titles taken from <title> or og:title)."""
    title = ln.norm(title)
    if site:
        pattern = rf"\s*[|\-–—:·]\s*{re.escape(site)}\s*$"
        stripped = re.sub(pattern, "", title, flags=re.IGNORECASE)
        if stripped:
            return stripped
    return title


def _declared_language(soup: BeautifulSoup, declared: dict, meta: dict) -> str:
    value = (
        _text(declared.get("inLanguage"))
        or (soup.html.get("lang", "") if soup.html else "")
        or meta.get("og:locale", "")
        or meta.get("content-language", "")
    )
    value = value.replace("_", "-").strip()
    return value.split("-")[0].lower() if re.fullmatch(r"[A-Za-z]{2,3}(?:-\w+)*", value) else ""


def _time_element(soup: BeautifulSoup) -> str:
    scope = soup.find("article") or soup
    stamp = scope.find("time", attrs={"datetime": True}) or soup.find(
        "time", attrs={"datetime": True}
    )
    return stamp["datetime"] if stamp else ""


def _meta_author(meta: dict[str, str]) -> str:
    author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or ""
    return "" if urlsplit(author).scheme else author


def _visible_byline(soup: BeautifulSoup) -> str:
    author = soup.find(attrs={"rel": "author"}) or soup.find(attrs={"itemprop": "author"})
    if author is None:
        author = soup.find(class_=re.compile(r"\b(?:byline|author-name|author)\b"))
    if author is None:
        return ""
    text = ln.norm(author.get_text(" "))
    return text if ln.size(text) <= 12 else ""


def _base_url(soup: BeautifulSoup, base_url: str) -> str:
    base = soup.find("base", href=True)
    return urljoin(base_url, base["href"]) if base else base_url


def _canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical", href=True)
    return link["href"] if link else ""


def _absolute(base_url: str, url: str) -> str:
    url = urljoin(base_url, (url or "").strip())
    return url if urlsplit(url).scheme in {"http", "https"} else ""


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return ln.norm(value) if isinstance(value, str) else ""


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _names(value) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(name for name in (_name(v) for v in values) if name)


def _entity_id(value) -> str:
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url"))
    return _text(value)


def _image(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("contentUrl"))
    return _text(value)


def _first_date(values: Iterable, *, day_first: bool):
    from .extraction import parse_date

    for value in values:
        if isinstance(value, str) and (parsed := parse_date(value, day_first=day_first)):
            return parsed
    return None


def _page_title(soup: BeautifulSoup) -> str:
    if not soup.title:
        return ""
    parts = re.split(r"\s+[|\u2013\u2014-]\s+", ln.norm(soup.title.get_text()))
    return max(parts, key=len) if parts else ""


# --- the body ------------------------------------------------------------------------------------


def _trafilatura(text: str, base_url: str, *, tables: bool):
    try:
        return trafilatura.bare_extraction(
            text,
            url=base_url or None,
            with_metadata=True,
            include_formatting=True,
            include_images=True,
            include_tables=tables,
            include_comments=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception:
        return None


def _trafilatura_blocks(found) -> list[Block]:
    if found is None or found.body is None:
        return []
    blocks: list[Block] = []
    for element in found.body:
        blocks.extend(_xml_blocks(element))
    return [block for block in blocks if not block.is_empty()]


def _layout_tables(blocks: list[Block]) -> bool:
    """Whether a "table" is the page's layout: cells holding paragraphs, not data."""
    for block in blocks:
        if block.kind == "table" and any(ln.size(cell) > 40 for row in block.rows for cell in row):
            return True
    return False


def _xml_blocks(element) -> list[Block]:
    """trafilatura's XML (head, p, list/item, quote, table/row/cell) as our blocks."""
    tag = element.tag
    if tag == "head":
        level = {"h1": "h1", "h2": "h2", "h3": "h3"}.get(element.get("rend", ""), "h3")
        return [Block(level if level != "h1" else "h1", _xml_text(element))]
    if tag == "list":
        items = [_xml_text(item) for item in element.iter("item")]
        items = [item for item in items if item]
        cards = sum(1 for item in element.iter("item") if item.find(".//graphic") is not None)
        kind = "ol" if element.get("rend", "").startswith("ol") else "ul"
        block = Block(kind, items=items)
        block.text = "cards" if items and cards == len(items) else ""
        return [block] if items else []
    if tag == "quote":
        parts = [_xml_text(child) for child in element if child.tag == "p"] or [_xml_text(element)]
        return [Block("blockquote", part) for part in parts if part]
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [_xml_text(cell) for cell in row.iter("cell")]
            if any(cells):
                rows.append(cells)
        return [Block("table", rows=rows)] if rows else []
    if tag in {"p", "div", "code"}:
        return [Block("p", part) for part in _split_breaks(element) if part]
    return []


def _xml_text(element) -> str:
    return ln.norm("".join(element.itertext()))


def _split_breaks(element) -> list[str]:
    """A paragraph's text, cut at line breaks (pages that write paragraphs as <br><br>)."""
    parts: list[str] = []
    current: list[str] = []

    def walk(node):
        if node.tag == "lb":
            parts.append("".join(current))
            current.clear()
        else:
            current.append(node.text or "")
            for child in node:
                walk(child)
                current.append(child.tail or "")

    current.append(element.text or "")
    for child in element:
        walk(child)
        current.append(child.tail or "")
    parts.append("".join(current))
    return [ln.norm(part) for part in parts if ln.norm(part)]


UNWANTED = ["script", "style", "noscript", "template", "iframe", "svg", "form", "button",
            "nav", "aside", "figure", "figcaption", "header", "footer"]  # fmt: skip


def _marked_body(soup: BeautifulSoup) -> list[Block]:
    """The blocks of the element the page marks as the article body, chrome removed."""
    container = soup.find(attrs={"itemprop": "articleBody"})
    if not isinstance(container, Tag):
        return []
    return _markup_blocks(container)


def _plain_markup_body(soup: BeautifulSoup) -> list[Block]:
    """For pages too small or too plain for trafilatura: the paragraphs of the article
    element (or the main element, or the body), chrome removed."""
    container = soup.find("article") or soup.find("main") or soup.body
    return _markup_blocks(container) if isinstance(container, Tag) else []


def _markup_blocks(element: Tag) -> list[Block]:
    container = BeautifulSoup(str(element), "lxml").find(element.name)
    if container is None:
        return []
    for tag in container.find_all(UNWANTED):
        if tag.name in {"header", "footer"} and tag.find_parent("article") is not None:
            continue  # an article's own header and footer hold its date and disclaimer
        tag.decompose()
    for tag in container.find_all(_is_chrome_element):
        tag.decompose()
    for br in container.find_all("br"):
        br.replace_with("\n")
    blocks = []
    elements = [el for el in container.find_all(BLOCK_TAGS) if not _nested(el, container)]
    if not elements:
        lines = [ln.norm(line) for line in container.get_text().splitlines()]
        return [Block("p", line) for line in lines if line]
    for found in elements:
        blocks.extend(_soup_block(found))
    return [block for block in blocks if not block.is_empty()]


def _soup_block(element: Tag) -> list[Block]:
    name = element.name
    if name in {"ul", "ol"}:
        items = [ln.norm(li.get_text(" ")) for li in element.find_all("li")]
        return [Block(name, items=[item for item in items if item])]
    if name == "table":
        rows = [
            [ln.norm(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
            for row in element.find_all("tr")
        ]
        return [Block("table", rows=[row for row in rows if any(row)])]
    if name == "blockquote":
        paragraphs = element.find_all("p") or [element]
        return [Block("blockquote", ln.norm(p.get_text(" "))) for p in paragraphs]
    if name in {"h2", "h3", "h4", "h5", "h6"}:
        return [Block(name if name in {"h2", "h3", "h4"} else "h4", ln.norm(element.get_text(" ")))]
    texts = [ln.norm(part) for part in element.get_text().split("\n")]
    return [Block("p", text) for text in texts if text]


def _is_chrome_element(tag: Tag) -> bool:
    if tag.name in {"html", "body", "article", "main", "p"}:
        return False
    names = " ".join([*tag.get("class", []), tag.get("id", "") or ""])
    return bool(names and CHROME_NAMES.search(names.replace("_", "-")))


def _nested(el: Tag, container: Tag) -> bool:
    for parent in el.parents:
        if parent is container:
            return False
        if parent.name in BLOCK_TAGS:
            return True
    return False


def _checked_against(blocks: list[Block], article_body: str) -> list[Block]:
    """Keep the blocks the declared ``articleBody`` contains; fall back to it when they miss.

    ``articleBody`` is the outlet's own statement of its story text (without structure),
    so it confirms which of the extracted blocks are the story.
    """
    declared = _comparable(article_body)
    kept = [b for b in blocks if _comparable(b.plain()) and _comparable(b.plain()) in declared]
    covered = sum(len(_comparable(b.plain())) for b in kept)
    if covered >= 0.7 * len(declared):
        return kept
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", article_body) if p.strip()]
    if len(paragraphs) <= 1:
        paragraphs = re.split(r"(?<=[.!?。！？])\s{2,}", article_body)
    return [Block("p", ln.norm(p)) for p in paragraphs if ln.norm(p)]


def _comparable(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _zoned(blocks: list[Block], rendered: list[Line], story: Extracted, page: Extracted):
    """Drop the blocks the page itself sets apart: what follows a "most read" list, the
    comments or an author box, and the headlines under a "related" label. Where each
    block stands is found in the page as rendered, with the labels between the blocks.
    The first block is the standfirst when the byline or date sits between it and the
    next one."""
    keys = [_comparable(line.text)[:60] for line in rendered]
    located: list[int | None] = []
    position = 0
    for block in blocks:
        key = _comparable(block.plain())[:60]
        at = None
        if len(key) >= 12:
            for index in range(position, len(keys)):
                candidate = keys[index]
                if candidate and (
                    candidate.startswith(key[:40])
                    or (len(candidate) >= 20 and key.startswith(candidate[:40]))
                ):
                    at = index
                    break
        located.append(at)
        if at is not None:
            position = at + 1
    kept: list[Block] = []
    kept_at: list[int | None] = []
    ended = related = False
    previous: int | None = None
    title = _comparable(story.title)
    for index, (block, at) in enumerate(zip(blocks, located, strict=True)):
        if block.kind == "h1" or (title and _comparable(block.text) == title):
            if at is not None:
                previous = at
            continue
        if at is not None and previous is not None:
            between = rendered[previous + 1 : at]
            if any(_is_ending(line) for line in between) and _has_prose(kept):
                ended = True
            if any(line.kind == "label:related" and not line.value for line in between):
                related = True
        if at is not None:
            previous = at
        if ended:
            continue
        if related:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if _story_prose(block) or (
                # A subheading over prose: the story goes on after the related box.
                block.kind in {"h2", "h3", "h4", "h5", "h6"}
                and following is not None
                and _story_prose(following)
            ):
                related = False
            else:
                continue
        kept.append(block)
        kept_at.append(at)
    # The standfirst: the block just above the byline and date (blocks above it, such as a
    # series note, are the header's too); or the block the page reader took for it.
    headline = _line_of(rendered, story.title)
    for index in range(min(3, len(kept) - 1)):
        here, after = kept_at[index], kept_at[index + 1]
        if (
            kept[index].kind == "p"
            and here is not None
            and (headline is None or here > headline)
            and after is not None
            and not ln.dateline(kept[index].text)
            and _standfirst_shaped(kept[index].text)
            and any(line.kind == "meta" for line in rendered[here + 1 : after])
            and all(ln.size(b.plain()) <= 40 for b in kept[:index])
        ):
            story.summary = kept[index].text
            return kept[index + 1 :]
    if kept and page.summary and _comparable(kept[0].text) == _comparable(page.summary):
        story.summary = kept[0].text
        kept = kept[1:]
    return kept


def _story_prose(block: Block) -> bool:
    """Running prose of the story, not another story's headline."""
    return (
        block.kind in {"p", "blockquote"}
        and ln.is_long_prose(block.text)
        and not _title_case(block.text)
    )


def _standfirst_shaped(text: str) -> bool:
    """A dek is a sentence or two, not a byline ("Por X —") or a label."""
    return (
        4 <= ln.size(text) <= 80
        and ln.meta(text) is None
        and not re.match(rf"^(?:{lx.BYLINE_LABELS})\s", text, re.IGNORECASE)
        and not ln.disclaimer(text)
        and not ln.disclaimer_like(text)
    )


_DEK_LABEL = re.compile(
    rf"^\s*[【\[(（]?\s*(?:{lx.KEY_POINTS_LABELS})\s*[】\])）:：]?\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _visible_dek(rendered: list[Line], story: Extracted, headings: set[str]) -> str:
    """A standfirst the extraction left out: prose between the headline and the first
    line of the story ("【导读】...", "Summary: ..." labels dropped)."""
    first = _comparable(story.blocks[0].plain())[:40] if story.blocks else ""
    start = _line_of(rendered, story.title)
    if start is None or not first:
        return ""
    for line in rendered[start + 1 : start + 12]:
        comparable = _comparable(line.text)
        if first in comparable or ln.dateline(line.text):
            return ""
        labelled = _DEK_LABEL.match(line.text)
        text = labelled["rest"] if labelled else line.text
        standfirst = line.kind in {"long", "prose", "label:key-points"} and ln.is_prose(text)
        # Right under the headline, a long line is the dek even without a final period.
        standfirst = standfirst or (line.index == start + 1 and ln.size(text) >= 10)
        if (
            standfirst
            and _standfirst_shaped(text)
            and line.kind in {"long", "prose", "short", "label:key-points"}
            and _comparable(text) not in headings
        ):
            return ln.norm(text)
    return ""


def _standfirst(declared: dict, meta: dict, rendered: list[Line], story: Extracted) -> str:
    """The dek: the page's description when readers see it above the story (as one line of
    the rendered page, which may say more than a shortened description), never the lead
    paragraph itself, and never a site-wide blurb nobody sees on the page."""
    description = (
        _text(declared.get("description"))
        or meta.get("og:description", "")
        or meta.get("description", "")
    )
    key = _comparable(description.rstrip("….").removesuffix("..."))[:50]
    if len(key) < 20:
        return ""
    leads = [_comparable(b.text) for b in story.blocks if b.kind == "p"][:3]
    for line in rendered:
        shown = _comparable(line.text)
        if shown.startswith(key) and line.kind not in {"meta", "caption"}:
            if any(lead.startswith(shown[:60]) or shown.startswith(lead[:60]) for lead in leads):
                return ""  # the description is the lead paragraph
            return line.text
    return ""


def _is_ending(line: Line) -> bool:
    return line.kind in {"label:ending", "ending"}


def _has_prose(blocks: list[Block]) -> bool:
    return any(b.kind == "p" and ln.is_long_prose(b.text) for b in blocks)


def _title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_]{4,}", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _clean_blocks(story: Extracted, blocks: list[Block], *, day_first: bool) -> None:
    """The line rules on the extracted blocks: what is not the story leaves the body."""
    captions = {_comparable(f.caption) for f in story.figures if f.caption}
    title = _comparable(story.title)
    kept: list[Block] = []
    ended = False
    for block in blocks:
        text = block.text
        if block.kind in {"ul", "ol"}:
            if block.text == "cards" or _headline_list(block.items):
                continue
            if not ended:
                kept.append(block)
            continue
        if block.kind == "table":
            if not ended:
                kept.append(block)
            continue
        comparable = _comparable(text)
        if not comparable:
            continue
        if ended:
            if not story.disclaimer and (value := ln.disclaimer(text)):
                story.disclaimer = value
            continue
        if block.kind == "h1" or comparable == title:
            continue
        if comparable in captions or ln.caption(text) or ln.credit_only(text):
            continue
        if comparable == _comparable(story.summary):
            continue
        if value := ln.disclaimer(text):
            story.disclaimer = story.disclaimer or value
            ended = _has_prose(kept)  # a notice above the story does not end it
            continue
        if value := ln.correction(text):
            story.correction = story.correction or value
            continue
        is_credit, reporters = ln.editor_credit(text)
        if is_credit:
            if reporters and not story.byline:
                story.byline = reporters
            continue
        chrome = ln.chrome_kind(text)
        if chrome in {"copyright", "ending"}:
            ended = bool(kept)
            continue
        if chrome:
            continue
        found = ln.block_label(text)
        if found:
            kind, _ = found
            if kind in {"ending", "tags"} and kept:
                ended = True
            continue
        if not kept and block.kind == "p":
            # "1 May The harbour reopened.": a date run into the first paragraph.
            dates = find_dates(text, day_first=day_first)
            if dates and dates[0].start == 0 and not ln.dateline(text, day_first=day_first):
                rest = text[dates[0].end :].lstrip(" ·|-–—:")
                if rest[:1].isupper() and ln.ends_sentence(rest):
                    block.text = text = rest
        if not kept and (
            _is_meta(text, day_first=day_first)
            or comparable in {_comparable(story.source), _comparable(story.byline)}
        ):
            continue  # the date, outlet or byline line above the story
        kept.append(block)
    kept = _trim_tail(kept)
    story.blocks = _deduplicated(kept)
    _take_dateline(story, day_first=day_first)


def _is_meta(text: str, *, day_first: bool) -> bool:
    return (
        ln.meta(text, day_first=day_first) is not None
        or (ln.size(text) <= 12 and bool(find_dates(text, day_first=day_first)))
        or bool(re.match(r"^(?:by|por|par)\s+\S", text, re.IGNORECASE) and ln.size(text) <= 10)
    )


def _headline_list(items: list[str]) -> bool:
    """A list of other stories' headlines: every item short, none a sentence."""
    return (
        len(items) >= 2
        and all(ln.size(item) <= 16 and not ln.ends_sentence(item) for item in items)
        and sum(1 for item in items if ln.size(item) >= 5) >= len(items) / 2
    )


def _trim_tail(blocks: list[Block]) -> list[Block]:
    """Drop a heading (and what follows) that comes after the last paragraph of prose."""
    last_prose = max(
        (i for i, b in enumerate(blocks) if b.kind in {"p", "blockquote"} and ln.is_prose(b.text)),
        default=-1,
    )
    for index in range(last_prose + 1, len(blocks)):
        if blocks[index].kind in {"h2", "h3", "h4"}:
            return blocks[:index]
    return blocks


def _deduplicated(blocks: list[Block]) -> list[Block]:
    """Pull quotes repeat a sentence of the story: keep the first occurrence in the text."""
    out: list[Block] = []
    seen: list[str] = []
    cores = [_comparable(block.plain()) for block in blocks]
    for block, core in zip(blocks, cores, strict=True):
        if block.kind in {"p", "blockquote"} and len(core) >= 25 and any(core in s for s in seen):
            continue
        if block.kind == "blockquote" and len(core) >= 25:
            paragraphs = (
                c for b, c in zip(blocks, cores, strict=True) if b is not block and b.kind == "p"
            )
            if any(core in c for c in paragraphs):
                continue
        out.append(block)
        seen.append(core)
    return out


def _same_text(a: str, b: str) -> bool:
    a, b = _comparable(a), _comparable(b.rstrip("…."))
    return bool(a and b) and (a == b or (len(b) >= 40 and (a.startswith(b) or b.startswith(a))))


def _repeats_lead(description: str, blocks: list[Block]) -> bool:
    lead = next((b.text for b in blocks if b.kind == "p"), "")
    head = _comparable(description.rstrip("….").removesuffix("..."))
    return bool(head) and (head in _comparable(lead) or _comparable(lead).startswith(head[:60]))


def _take_dateline(story: Extracted, *, day_first: bool) -> None:
    first = next((b for b in story.blocks if b.kind == "p"), None)
    if first is None:
        return
    found = ln.dateline(first.text, day_first=day_first)
    if found is None:
        return
    story.dateline = found.dateline
    first.text = first.text[found.end :].lstrip(" -–—.:")
    story.agency = story.agency or found.agency
    if found.byline and not story.byline:
        story.byline = found.byline
    if story.published is None and found.date is not None and found.date.has_year:
        story.published = found.date.value


# --- photos and notes ---------------------------------------------------------------------------


def _figures(soup: BeautifulSoup, base_url: str, blocks: list[Block], title: str) -> list[Figure]:
    """Photos of the story: figures (and captioned images) inside the article's region,
    and a lead photo anywhere between the headline and the body."""
    elements = _texted_elements(soup)
    region = _article_region(soup, blocks, elements)
    root = soup.body or soup
    h1 = _headline_element(soup, title)
    nodes = list(root.descendants)
    order = {id(node): i for i, node in enumerate(nodes)}
    start = order.get(id(h1), -1) if h1 is not None else order.get(id(region), 0) - 1
    texts = [b.text for b in blocks if b.kind == "p" and ln.size(b.text) >= 8]
    last = _element_with(elements, texts[-1], tail=True) if texts else None
    end = order.get(id(last), len(nodes)) + len(list(last.descendants)) if last else len(nodes)
    end = max(end, order.get(id(region), 0) + len(list(region.descendants)))
    if end <= start:
        end = len(nodes)
    body = {_comparable(b.plain())[:60] for b in blocks if ln.size(b.plain()) >= 6}
    figures: list[Figure] = []
    seen: set[str] = set()
    for element in _figure_elements(root):
        # Between the headline and the end of the story: the story's own photos.
        if not start < order.get(id(element), 0) < end or _in_card(element, region, texts):
            continue
        figure = _figure(element, base_url, body)
        key = figure.image_url or figure.caption
        if not (figure.caption or figure.credit) or key in seen:
            continue
        if (
            not figure.credit
            and ln.size(figure.caption) < 3
            and not ln.ends_sentence(figure.caption)
        ):
            continue  # a name under an avatar ("Ada", "老周种田"), not a caption
        seen.add(key)
        figures.append(figure)
    return figures


def _headline_element(soup: BeautifulSoup, title: str) -> Tag | None:
    """The element showing the headline (an h1, or on old pages any element with it)."""
    wanted = _comparable(title)
    for heading in soup.find_all(["h1", "h2"]):
        if wanted and _comparable(heading.get_text()) == wanted:
            return heading
    if not wanted:
        return soup.find("h1")
    best = None
    for element in (soup.body or soup).find_all(True):
        if element.name in {"title", "head", "meta", "script"}:
            continue
        if _comparable(element.get_text()) == wanted:
            if best is not None and best not in element.parents:
                break  # the same words again further down: a list of posts, not the story
            best = element  # the innermost element of the first showing the headline
    return best or soup.find("h1")


def _article_region(
    soup: BeautifulSoup, blocks: list[Block], texted: list[tuple[Tag, str, int]]
) -> Tag:
    """The smallest element holding the body's paragraphs (first, middle and last)."""
    texts = [b.text for b in blocks if b.kind == "p" and ln.size(b.text) >= 8]
    if not texts:
        return soup.find("article") or soup.body or soup
    picks = {0, len(texts) // 2, len(texts) - 1}
    found = (_element_with(texted, texts[i]) for i in sorted(picks))
    elements = [e for e in found if e is not None]
    if not elements:
        return soup.find("article") or soup.body or soup
    region = elements[0]
    for element in elements[1:]:
        ancestors = {id(a) for a in [element, *element.parents]}
        region = next((a for a in [region, *region.parents] if id(a) in ancestors), soup)
    # A lead photo often sits just above the body, in the article's header.
    while region.parent is not None and region.parent.name not in {"body", "html", "[document]"}:
        parent = region.parent
        if parent.name in {"aside", "footer", "nav"} or len(parent.get_text()) > 1.6 * len(
            region.get_text()
        ):
            break
        region = parent
    return region


def _texted_elements(soup: BeautifulSoup) -> list[tuple[Tag, str, int]]:
    """The elements that may hold a paragraph, with their text made comparable and its
    length: read once per page, then searched for several paragraphs."""
    texted = []
    for element in soup.find_all(["p", "div", "li", "blockquote", "span", "td", "section"]):
        text = element.get_text()
        texted.append((element, _comparable(text), len(text)))
    return texted


def _element_with(
    texted: list[tuple[Tag, str, int]], text: str, *, tail: bool = False
) -> Tag | None:
    """The smallest element holding the start (or, with ``tail``, the end) of ``text``."""
    needle = _comparable(text)[-80:] if tail else _comparable(text)[:80]
    if not needle:
        return None
    best, best_length = None, 0
    for element, comparable, length in texted:
        if needle in comparable and (best is None or length < best_length):
            best, best_length = element, length
    return best


def _figure_elements(root: Tag) -> list[Tag]:
    elements = []
    for element in root.find_all(["figure", "amp-img", "img"]):
        if element.name == "figure":
            if element.find(["img", "amp-img", "picture"]) is None:
                continue  # a table or a chart's source note, not a photo
            if element.find_parent("figure") is None:
                elements.append(element)
        elif element.find_parent(["figure", "noscript"]) is None and not _tiny(element):
            elements.append(element)
    return elements


def _tiny(image: Tag) -> bool:
    """An icon, a spacer or a tracking pixel: declared smaller than a photo can be."""
    for attribute in ("width", "height"):
        value = re.match(r"\s*(\d+)\s*(?:px)?\s*$", str(image.get(attribute) or ""))
        if value and int(value.group(1)) < 60:
            return True
    return False


def _in_card(element: Tag, region: Tag, texts: list[str]) -> bool:
    """Teaser cards of other stories wrap their image in a link or a chrome container.

    Only the containers below the story's own (the region, or any element holding the
    story's text) count: "widget blog" around a blog post, "right-rail" around a whole
    page or "newsletter-post" around a newsletter's story say nothing.
    """
    outer = {id(node) for node in [region, *region.parents]}
    needles = [_comparable(text)[:60] for text in texts[:1] + texts[-1:]]
    for parent in element.parents:
        if id(parent) in outer:
            return False
        if parent.name in {"article", "section", "div", "main"} and any(
            needle in _comparable(parent.get_text()) for needle in needles
        ):
            return False  # a container of the story's own paragraphs
        if parent.name in {"aside", "nav", "footer", "header"} and parent.find("h1") is None:
            return True
        if parent.name == "a" and not _opens_the_image(parent, element):
            return True
        names = " ".join([*parent.get("class", []), parent.get("id", "") or ""]).casefold()
        if CARD_WORDS & set(re.split(r"[-_\s]+", names)):
            return True
    return False


def _opens_the_image(link: Tag, element: Tag) -> bool:
    """A link around a photo that opens the photo itself (a lightbox, the full size)."""
    href = (link.get("href") or "").split("?")[0].casefold()
    names = " ".join(link.get("class", [])).casefold()
    image = element if element.name in {"img", "amp-img"} else element.find(["img", "amp-img"])
    src = (image.get("src") or image.get("data-src") or "") if image is not None else ""
    stem = re.sub(r"\.\w+$", "", src.split("?")[0].rsplit("/", 1)[-1]).casefold()
    return bool(
        re.search(r"\.(?:jpe?g|png|gif|webp|avif)$", href)
        or re.search(r"image|photo|popup|lightbox|zoom|gallery-item|enlarge", names)
        or (len(stem) >= 5 and stem in href)
    )


# Words in the class or id of a container of other stories' teasers (whole words only:
# "node--promoted" is an article, "promo" a teaser).
CARD_WORDS = frozenset(
    {"related", "recommended", "recommendations", "teaser", "teasers", "promo", "promos",
     "most", "popular", "trending", "sidebar", "widget", "author", "bio", "avatar",
     "newsletter", "outbrain", "taboola", "sponsored", "ad", "ads", "advert", "logo",
     "autor", "autora", "perfil", "profile", "masthead", "brand", "branding", "bookmark",
     "cta", "embed", "share"}
)  # fmt: skip


def _figure(element: Tag, base_url: str, body: set[str]) -> Figure:
    image = element if element.name in {"img", "amp-img"} else element.find(["img", "amp-img"])
    caption_element = _caption_element(element, body)
    caption, credit = _caption_and_credit(caption_element) if caption_element else ("", "")
    if caption_element is not None and not credit:
        credit = _credit_beside(element, caption_element)
    src = ""
    alt = ""
    if image is not None:
        src = (
            image.get("src") or image.get("data-src") or image.get("data-lazy-src")
            or image.get("data-original") or ""
        )  # fmt: skip
        if src.startswith("data:"):
            src = image.get("data-src") or ""
        alt = ln.norm(image.get("alt") or "")
    return Figure(
        caption=ln.clean_caption(caption),
        credit=credit,
        image_url=urljoin(base_url, src) if src else "",
        alt_text=alt,
    )


def _credit_beside(element: Tag, caption_element: Tag) -> str:
    """A credit printed apart from the caption: a credit-marked element of the figure, or
    the block right after the caption's own ("field-photo-credit", "Photo by X")."""
    if element.name == "figure":
        for candidate in element.find_all(class_=CREDIT_CLASS):
            if caption_element in candidate.parents or candidate in caption_element.parents:
                continue
            text = ln.norm(candidate.get_text(" "))
            if 0 < ln.size(text) <= 12:
                return ln.clean_credit(text)
    node = caption_element
    while (
        node.parent is not None and node.find_next_sibling() is None and node.parent is not element
    ):
        node = node.parent  # out of the caption's wrappers
    sibling = node.find_next_sibling()
    if sibling is None:
        return ""
    text = ln.norm(sibling.get_text(" "))
    marked = CREDIT_CLASS.search(" ".join(sibling.get("class", [])))
    if 0 < ln.size(text) <= 12 and (marked or ln.credit_only(text)):
        return ln.credit_only(text) or ln.clean_credit(text)
    return ""


CREDIT_CLASS = re.compile(
    r"credit|copyright|autor|author|firma|photographer|fotografo|byline|source|fonte|fuente|"
    r"signature|cred",
    re.IGNORECASE,
)
CAPTION_CLASS = re.compile(r"caption|legend|pie|desc|cutline|leyenda|legenda|figcaption|text",
                           re.IGNORECASE)  # fmt: skip
_NOT_CREDIT_LINK = re.compile(r"rights|licen|purchase|buy|comprar|acheter|reprint|share", re.I)


def _unwrapped(element: Tag) -> Tag:
    """The innermost element of a chain of single wrappers (<tr><td><font>caption...)."""
    while True:
        children = [c for c in element.children if isinstance(c, Tag)]
        loose_text = any(
            isinstance(c, NavigableString) and str(c).strip() for c in element.children
        )
        if len(children) != 1 or loose_text or children[0].name in {"br", "img"}:
            return element
        element = children[0]


INLINE = frozenset({"font", "span", "small", "em", "i", "b", "strong", "cite", "figcaption"})


def _captionish(element: Tag, text: str) -> bool:
    """Whether the text block after an image is its caption, by how pages mark captions:
    a caption class, small or centred type, a credit inside it, or a credit form."""
    if (
        ln.chrome_kind(text)
        or ln.meta(text) is not None
        or re.match(rf"^(?:{lx.BYLINE_LABELS})\s", text, re.IGNORECASE)
    ):
        return False
    classes = " ".join(element.get("class", []))
    if CAPTION_CLASS.search(classes) or element.name in INLINE | {"center"}:
        return True
    style = (element.get("style") or "") + " " + (element.get("align") or "")
    if re.search(r"text-align\s*:\s*center|\bcenter\b", style, re.IGNORECASE):
        return True
    children = [c for c in element.children if isinstance(c, Tag)]
    if children and all(c.name in INLINE for c in children):
        texts = [ln.norm(c.get_text(" ")) for c in children if ln.norm(c.get_text(" "))]
        if len(texts) == 1 or (len(texts) >= 2 and ln.size(texts[-1]) <= 8):
            return True  # a caption in a span, or a caption span and a credit span
    if element.find(class_=CREDIT_CLASS) is not None:
        return True
    return ln.caption(text, in_figure=True) is not None


def _caption_and_credit(element: Tag) -> tuple[str, str]:
    """A caption element's caption and credit: a child marked (or shaped) as the credit,
    else the credit forms ``lines.caption`` knows ("(Photo: X)", "- Name/Agency")."""
    parts = [
        child
        for child in element.find_all(True, recursive=True)
        if child.name not in {"a", "br"} or not _NOT_CREDIT_LINK.search(child.get_text())
    ]
    credit_element = next(
        (
            child
            for child in parts
            if CREDIT_CLASS.search(" ".join(child.get("class", [])))
            and 0 < ln.size(child.get_text(" ")) <= 12
        ),
        None,
    )
    spans = [c for c in element.children if isinstance(c, Tag) and ln.norm(c.get_text(" "))]
    if credit_element is None and len(spans) >= 2 and all(c.name in INLINE for c in spans):
        last = ln.norm(spans[-1].get_text(" "))
        if ln.size(last) <= 8 and not ln.ends_sentence(last):
            credit_element = spans[-1]  # "<span>caption</span> <span>credit</span>"
    for link in element.find_all("a"):
        if _NOT_CREDIT_LINK.search(link.get_text()):
            link.extract()
    text = ln.norm(element.get_text(" "))
    if credit_element is not None:
        credit_text = ln.norm(credit_element.get_text(" "))
        caption = ln.norm(text.replace(credit_text, "", 1))
        parsed = ln.caption(caption, in_figure=True) if caption else None
        if parsed is not None and parsed.credit and not credit_text:
            return parsed.caption, parsed.credit
        return caption, ln.clean_credit(credit_text)
    parsed = ln.caption(text, in_figure=True)
    if parsed is not None:
        return parsed.caption, parsed.credit
    return text, ""


def _caption_element(element: Tag, body: set[str]) -> Tag | None:
    """The caption of a figure or of an image: its figcaption, else the short text block
    right after the image (or after its container), as pages without <figure> put it —
    unless that block is story text."""
    if element.name == "figure":
        caption = element.find("figcaption") or element.find(
            class_=lambda names: (
                bool(names) and bool(CAPTION_CLASS.search(names)) and not CREDIT_CLASS.search(names)
            )
        )
        if caption is None:
            texts = [c for c in element.find_all(["p", "div", "span", "small"], recursive=False)
                     if ln.norm(c.get_text(" "))]  # fmt: skip
            caption = texts[-1] if texts else None
        if caption is not None:
            return caption
    node = element
    for _ in range(4):
        sibling = node.next_sibling
        while sibling is not None and (
            (not isinstance(sibling, Tag) and not str(sibling).strip())
            or (isinstance(sibling, Tag) and sibling.name in {"br", "img", "picture", "source"})
        ):
            sibling = sibling.next_sibling
        if isinstance(sibling, Tag):
            wrapper, sibling = sibling, _unwrapped(sibling)
            text = ln.norm(sibling.get_text(" "))
            # The wrapper may be what is marked as the caption ("field-image-caption").
            if (
                text
                and ln.size(text) <= 70
                and (_captionish(sibling, text) or _captionish(wrapper, text))
            ):
                return sibling
            if text:
                return None  # the next thing is story text: this image has no caption
        elif sibling is not None:
            return None
        if node.parent is None or node.parent.name in {"body", "article", "main", "section"}:
            return None
        node = node.parent
    return None


_POSTED_AT = re.compile(
    rf"(?:^|\s)(?:{lx.PUBLISHED_LABELS}|{lx.BYLINE_LABELS})\b.*?\s(?:at|a\s+las|às|à|alle|um)\s+"
    r"(?P<clock>(?:[01]?\d|2[0-3])\s*[:h.]\s*[0-5]\d(?:\s*[ap]\.?\s?m\b\.?)?)\s*$",
    re.IGNORECASE,
)


def _posted_clock(rendered: list[Line], story: Extracted) -> str:
    """The time of day a blog prints apart from its date header: "Posted by X at 10:30 AM"
    under the post (or above it), for a story dated without a time."""
    start = _line_of(rendered, story.title) or 0
    last = _comparable(story.blocks[-1].plain())[:40] if story.blocks else ""
    end = next((i for i, line in enumerate(rendered) if last and
                _comparable(line.text).startswith(last)), start)  # fmt: skip
    for line in [*rendered[start : start + 12], *rendered[end + 1 : end + 9]]:
        if ln.size(line.text) <= 14 and (match := _POSTED_AT.search(ln.norm(line.text))):
            return match["clock"]
    return ""


def _disclaimer_anywhere(rendered: list[Line], story: Extracted) -> str:
    """A reprint or legal notice outside the body: a labelled one, else a sentence in the
    words such notices use (in the footer, an aside, a note after the story); of those,
    the one nearest after the end of the story."""
    last = _comparable(story.blocks[-1].plain())[:40] if story.blocks else ""
    end = next((i for i, line in enumerate(rendered) if last and
                _comparable(line.text).startswith(last)), 0)  # fmt: skip
    candidates: list[tuple[int, str]] = []
    for index, line in enumerate(rendered):
        if line.kind == "disclaimer":
            return str(line.value)
        text = line.text
        if (
            (ln.disclaimer_like(text) or ln.legal_copyright(text))
            and ln.ends_sentence(text)
            and (ln.size(text) <= 120)
        ):
            candidates.append((index, text))
    after = [text for index, text in candidates if index > end]
    return after[0] if after else (candidates[-1][1] if candidates else "")


def _feed_title(soup: BeautifulSoup) -> str:
    """The site's name as its feed links give it: "Crónicas del Roncal - Atom"."""
    for link in soup.find_all("link", rel="alternate"):
        if not re.search(r"rss|atom", link.get("type") or "", re.IGNORECASE):
            continue
        title = ln.norm(link.get("title") or "")
        if re.search(r"comments?|comentarios|commentaires|coment[aá]rios|评论", title, re.I):
            continue  # the feed of one post's comments
        name = re.sub(r"\s*(?:[-–—»|:]\s*)?(?:rss|atom)?\s*(?:feeds?|flux|fuente)?\s*$", "", title,
                      flags=re.IGNORECASE)  # fmt: skip
        if name and ln.size(name) <= 5 and not ln.ends_sentence(name):
            return name
    return ""
