"""One allow-list for every piece of HTML the newsroom stores or renders.

The tags and attributes are those the body editor writes (``articles.richtext``): news
copy needs paragraphs, subheadings, emphasis, lists, quotes, links and the odd table,
and the photos and videos placed from our own records; nothing else survives. Every
link gets ``rel="noopener noreferrer"``; only http(s) and mailto URLs are kept, so
``javascript:`` and ``data:`` are dropped, however they are spelled or encoded (nh3 parses
as browsers do, entities and control characters included). tests/test_sanitize.py runs a
corpus of XSS payloads through it and through every page that shows article text.
"""

import re
from urllib.parse import urlsplit

import nh3

from . import richtext

ALLOWED_TAGS = richtext.allowed_tags()
# ``rel`` is written by the cleaner itself (link_rel), whatever the input said.
ALLOWED_ATTRIBUTES = {
    tag: names - {"rel"} if tag == "a" else names
    for tag, names in richtext.allowed_attributes().items()
}
URL_SCHEMES = frozenset(richtext.URL_SCHEMES)
# Content of these is dropped entirely, not kept as text (a pasted page's <title>, a
# word processor's <xml> settings among them).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "title", "xml", "svg", "math"}
)
# Word processors and old pages write <b> and <i> for what the editor writes as <strong>
# and <em>: renamed before cleaning, so the emphasis is kept (nh3 then checks the result).
_RENAMED = re.compile(r"<(/?)(b|i)(?=[\s/>])", re.IGNORECASE)
_NEW_NAMES = {"b": "strong", "i": "em"}
# Attributes that hold a URL which nh3 does not check itself (it checks href).
CHECKED_URL_ATTRIBUTES = frozenset({"cite"})
# What browsers ignore when they read a URL's scheme.
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _url_allowed(value: str) -> bool:
    url = _IGNORED_IN_URLS.sub("", value).strip(_C0_AND_SPACE)
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in URL_SCHEMES or (not scheme and ":" not in url.split("/", 1)[0])


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 also keeps lang and title on every tag (its "generic" attributes): the editor
    # writes neither there, so only the tag's own allowed attributes pass.
    if attribute not in ALLOWED_ATTRIBUTES.get(tag, ()) and (tag, attribute) != ("a", "rel"):
        return None
    if attribute in CHECKED_URL_ATTRIBUTES and not _url_allowed(value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(URL_SCHEMES),
    link_rel=richtext.LINK_REL,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list; safe to mark safe and idempotent."""
    if not html:
        return ""
    html = _RENAMED.sub(lambda m: f"<{m[1]}{_NEW_NAMES[m[2].lower()]}", html)
    return _cleaner.clean(html).strip()


# Tags that make a body "structured": with none of them, it is text typed or pasted plain.
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "pre", "table", "hr"})
_FIGURE = re.compile(r"<figure [^>]*>.*?</figure>", re.S)
_BLOCK_TAG = re.compile(r"<(?:{})[\s>]".format("|".join(sorted(BLOCK_TAGS))))
_BLANK_LINES = re.compile(r"\n[^\S\n]*(?:\n\s*)+")


def paragraphs(cleaned: str) -> str:
    """Cleaned HTML with no block markup (a plain-text body) as paragraphs.

    Browsers run plain text together, so "First.\n\nSecond." would read as one block: a
    blank line starts a new paragraph and a single line break stays one (``<br>``), as
    the writer typed them. ``cleaned`` is :func:`clean_html` output, so its text is escaped
    already; inline markup (a link, <b>) is kept, and the result is cleaned again so a tag
    left open across a blank line is closed. HTML with blocks is returned as it is.
    """
    if not cleaned or _BLOCK_TAG.search(cleaned):
        return cleaned
    text = cleaned.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [
        "<br>".join(line.strip() for line in block.split("\n"))
        for block in _BLANK_LINES.split(text)
    ]
    # A photo or video placed on a line of its own stays a block of its own.
    return clean_html(
        "".join(
            block if _FIGURE.fullmatch(block) else f"<p>{block}</p>" for block in blocks if block
        )
    )


# Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, U+FFFE/F,
# lone surrogates). Text pasted from other software brings them in; feeds and sitemaps
# would be invalid, or not written at all, with them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)
