"""Reading a WordPress export (WXR 1.0-1.2: RSS 2.0 with the ``wp:``, ``content:``,
``excerpt:`` and ``dc:`` namespaces).

An export is a file someone hands us, so it is parsed as untrusted input: no DTD is
loaded, no entity is expanded (an ``&xxe;`` stays those characters: no local file is
read, no "billion laughs" grows), nothing is fetched from the network, and the text
nodes keep libxml2's size limits (no ``huge_tree``). Exports of large sites run to
gigabytes, so the file is streamed (``iterparse``) and each element is dropped once read:
memory holds one item, plus the site's attachments (their addresses, for featured images
that an item names before the attachment appears).

Two passes: :func:`read_channel` reads the site's authors, categories, tags and
attachments and proves the file is well-formed XML before anything is imported; then
:func:`posts` yields the items to import, one at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

WP_EXPORT = "http://wordpress.org/export/"
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
NO_DATE = "0000-00-00 00:00:00"


class UnreadableExport(Exception):
    """The file is not a WordPress export we can read at all (the message says why)."""


class MalformedItem(Exception):
    """One item lacks what an import needs; the others are still imported."""


@dataclass
class WPAuthor:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.login


@dataclass
class WPCategory:
    term_id: int | None
    nicename: str
    name: str
    parent: str = ""  # the parent's nicename


@dataclass
class Attachment:
    post_id: int
    url: str
    title: str = ""
    caption: str = ""
    alt_text: str = ""


@dataclass
class Channel:
    """What the export says about the site, and every attachment in it."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: dict[str, WPAuthor] = field(default_factory=dict)
    categories: dict[str, WPCategory] = field(default_factory=dict)  # by nicename
    attachments: dict[int, Attachment] = field(default_factory=dict)

    @property
    def site(self) -> str:
        """The site's identity for import records: host and path, without the scheme (a
        site that moved from http to https is the same site)."""
        url = self.base_blog_url or self.link or self.base_site_url
        parts = urlsplit(url.strip())
        return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"[:300]

    def top_category(self, nicename: str) -> WPCategory | None:
        """The top-level ancestor of a category (itself when it has no parent)."""
        category = self.categories.get(nicename)
        seen = set()
        while category and category.parent and category.parent not in seen:
            seen.add(category.nicename)
            parent = self.categories.get(category.parent)
            if parent is None:
                break
            category = parent
        return category

    def category_by_id(self, term_id: int) -> WPCategory | None:
        return next((c for c in self.categories.values() if c.term_id == term_id), None)


@dataclass
class Term:
    domain: str  # "category" or "post_tag"
    nicename: str
    name: str


@dataclass
class Post:
    """One ``<item>``, as the export has it (text unescaped, dates in UTC)."""

    line: int
    post_id: int
    post_type: str
    status: str
    title: str
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    name: str = ""  # the slug, percent-encoded when not ASCII
    date: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""
    raw: bytes = b""  # the item's XML, to tell whether it changed since the last import

    def label(self) -> str:
        return f"post {self.post_id} “{self.title or '(no title)'}”"


def _name(tag: object) -> str:
    """``wp:post_id`` for ``{http://wordpress.org/export/1.2/}post_id``, whatever the WXR
    version; plain RSS names as they are."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith(WP_EXPORT):
        return f"{'excerpt' if uri.rstrip('/').endswith('excerpt') else 'wp'}:{local}"
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else local


def _text(element) -> str:
    # Unexpanded entity references stay as their literal text ("&name;").
    return "".join(element.itertext()).strip() if element is not None else ""


def _children(element) -> dict[str, object]:
    found: dict[str, object] = {}
    for child in element:
        found.setdefault(_name(child.tag), child)
    return found


def _iterparse(path: Path):
    return etree.iterparse(
        str(path),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )


def _drop(element) -> None:
    """Free an element read to the end, and its earlier siblings (constant memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def parse_date(value: str) -> datetime.datetime | None:
    """A WXR date ("2024-03-05 10:00:00", UTC for the ``_gmt`` fields); None for none."""
    value = value.strip()
    if not value or value == NO_DATE:
        return None
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
    except ValueError as exc:
        raise MalformedItem(f"the date “{value[:40]}” is not a WordPress date") from exc
    return moment.replace(tzinfo=datetime.UTC)


def read_channel(path: Path) -> Channel:
    """The site, its authors, categories and attachments; proves the file well-formed.

    Raises ``UnreadableExport`` (with the line number) for a file that is missing, not
    XML, broken XML or not a WordPress export.
    """
    channel = Channel()
    seen_rss = False
    try:
        for _event, element in _iterparse(path):
            name = _name(element.tag)
            parent = element.getparent()
            in_channel = parent is not None and parent.tag == "channel"
            if name == "item":
                if (attachment := _attachment(element)) is not None:
                    channel.attachments[attachment.post_id] = attachment
                _drop(element)
            elif in_channel and name == "wp:author":
                author = _author(element)
                if author.login:
                    channel.authors[author.login] = author
            elif in_channel and name == "wp:category":
                category = _category(element)
                if category.nicename:
                    channel.categories[category.nicename] = category
            elif in_channel and name in {"title", "link"}:
                setattr(channel, name, _text(element))
            elif in_channel and name in {"wp:base_site_url", "wp:base_blog_url"}:
                setattr(channel, name.split(":", 1)[1], _text(element))
            elif name == "rss":
                seen_rss = True
    except OSError as exc:
        raise UnreadableExport(f"cannot read the file: {exc}") from exc
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        raise UnreadableExport(f"{line}not well-formed XML: {exc.msg}") from exc
    if not seen_rss:
        raise UnreadableExport("not a WordPress export (no <rss> element)")
    if not channel.site:
        raise UnreadableExport("not a WordPress export (no site address in the channel)")
    return channel


def _author(element) -> WPAuthor:
    parts = _children(element)
    return WPAuthor(
        login=_text(parts.get("wp:author_login")),
        display_name=_text(parts.get("wp:author_display_name")),
        first_name=_text(parts.get("wp:author_first_name")),
        last_name=_text(parts.get("wp:author_last_name")),
    )


def _category(element) -> WPCategory:
    parts = _children(element)
    return WPCategory(
        term_id=_int(_text(parts.get("wp:term_id"))),
        nicename=_text(parts.get("wp:category_nicename")),
        name=_text(parts.get("wp:cat_name")) or _text(parts.get("wp:category_nicename")),
        parent=_text(parts.get("wp:category_parent")),
    )


def _meta(element) -> dict[str, str]:
    meta = {}
    for child in element:
        if _name(child.tag) == "wp:postmeta":
            parts = _children(child)
            meta[_text(parts.get("wp:meta_key"))] = _text(parts.get("wp:meta_value"))
    return meta


def _attachment(element) -> Attachment | None:
    parts = _children(element)
    if _text(parts.get("wp:post_type")) != "attachment":
        return None
    post_id = _int(_text(parts.get("wp:post_id")))
    url = _text(parts.get("wp:attachment_url")) or _text(parts.get("guid"))
    if post_id is None or not url:
        return None
    return Attachment(
        post_id=post_id,
        url=url,
        title=_text(parts.get("title")),
        caption=_text(parts.get("excerpt:encoded")),
        alt_text=_meta(element).get("_wp_attachment_image_alt", ""),
    )


def posts(path: Path) -> Iterator[Post | MalformedItem]:
    """Every item that is not an attachment, in file order: a ``Post``, or a
    ``MalformedItem`` whose message names its line (the next items still come)."""
    for _event, element in _iterparse(path):
        if _name(element.tag) != "item":
            continue
        parts = _children(element)
        if _text(parts.get("wp:post_type")) != "attachment":
            yield _post(element, parts)
        _drop(element)


def _post(element, parts: dict) -> Post | MalformedItem:
    line = element.sourceline or 0
    title = _text(parts.get("title"))
    raw_id = _text(parts.get("wp:post_id"))
    where = f"line {line}: item “{title or '(no title)'}”"
    post_id = _int(raw_id)
    if post_id is None:
        shown = f"“{raw_id[:20]}”" if raw_id else "missing"
        return MalformedItem(f"{where}: its wp:post_id is {shown}, not a number")
    try:
        date = parse_date(_text(parts.get("wp:post_date_gmt")))
        if date is None:  # drafts have no GMT date: the site's local time is the best there is
            date = parse_date(_text(parts.get("wp:post_date")))
        modified = parse_date(_text(parts.get("wp:post_modified_gmt")))
    except MalformedItem as exc:
        return MalformedItem(f"{where} (post {post_id}): {exc}")
    terms = [
        Term(child.get("domain", ""), child.get("nicename", ""), _text(child))
        for child in element
        if _name(child.tag) == "category"
    ]
    return Post(
        line=line,
        post_id=post_id,
        post_type=_text(parts.get("wp:post_type")) or "post",
        status=_text(parts.get("wp:status")),
        title=title,
        link=_text(parts.get("link")),
        creator=_text(parts.get("dc:creator")),
        content=_text(parts.get("content:encoded")),
        excerpt=_text(parts.get("excerpt:encoded")),
        name=_text(parts.get("wp:post_name")),
        date=date,
        modified=modified,
        terms=terms,
        meta=_meta(element),
        raw=etree.tostring(element),
    )
