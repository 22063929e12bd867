"""A WordPress post's content as a newsroom body.

WordPress stores what its editors wrote, not what readers saw: block-editor posts carry
``<!-- wp:... -->`` comments around their HTML; classic posts are text whose blank lines
WordPress turns into paragraphs when it shows them (``wpautop``); both carry shortcodes
(``[caption]``, ``[gallery]``, plugins' own). Here the comments go, shortcodes are
turned into what they showed (a captioned image, a gallery's images) or removed,
classic text gets its paragraphs, and every image becomes a library photo placed in
the body (``<figure data-photo="ID">``, as the editor places one). What is left goes
through the newsroom's one allow-list (``articles.sanitize``) when the article is saved.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from django.utils.html import strip_tags
from lxml import etree

from articles.embeds import parse_video_url
from articles.sanitize import clean_html

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
# A shortcode: [name attrs], [name attrs /] or [/name]. Names start with a letter, so
# footnote marks ([1]) are never taken for one.
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]]*)?)\]")
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]")
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Shortcodes of WordPress itself that show media, whose enclosed text is not prose.
MEDIA_SHORTCODES = ("audio", "video", "playlist")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")

# wpautop's block-level tags: no paragraph is opened around them.
BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|"
    "aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCKS})[\s/>])", re.I)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCKS})>)", re.I)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?(?:{BLOCKS})[^>]*>)", re.I)
_P_AFTER_BLOCK = re.compile(rf"(</?(?:{BLOCKS})[^>]*>)\s*</p>", re.I)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.I | re.S)


@dataclass(frozen=True)
class Image:
    """An image the content shows: its WordPress attachment id (when known), address,
    alt text and caption."""

    attachment_id: int | None
    src: str
    alt: str = ""
    caption: str = ""


# Given an image, the id of the library photo that shows it, or None (not found: the
# caller has recorded why).
PhotoFinder = Callable[[Image], int | None]


def uses_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def shortcode_attributes(text: str) -> dict[str, str]:
    return {
        m[1].lower(): html.unescape(m[2] if m[2] is not None else m[3] or m[4] or "")
        for m in ATTRIBUTE.finditer(text)
    }


def expand_shortcodes(content: str) -> str:
    """[caption] as a figure, [gallery] as its images, [embed] of a video as the
    newsroom's video placement; other shortcodes removed.

    Of the rest, an enclosing shortcode's tags go and the text between them stays (it is
    the author's); media shortcodes go with what they enclose. A bracketed word with
    neither attributes nor a closing tag (``[sic]``, ``[Updated]``) is text, not a
    shortcode, and stays.
    """

    def caption(match: re.Match) -> str:
        attributes = shortcode_attributes(match[2])
        inner = match[3]
        number = re.search(r"\d+", attributes.get("id", ""))
        text = re.sub(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", r"\1", inner, flags=re.I | re.S)
        image = re.search(r"<img\b[^>]*>", text, re.I)
        words = re.sub(r"<img\b[^>]*>", "", text, flags=re.I).strip()
        words = words or attributes.get("caption", "")
        data = f' data-attachment="{number[0]}"' if number else ""
        return f"<figure{data}>{image[0] if image else ''}<figcaption>{words}</figcaption></figure>"

    def gallery(match: re.Match) -> str:
        ids = re.findall(r"\d+", shortcode_attributes(match[1]).get("ids", ""))
        return "".join(f'<figure data-attachment="{number}"></figure>' for number in ids)

    def embed(match: re.Match) -> str:
        url = html.unescape(match[1].strip())
        if parse_video_url(url):
            return f'<figure data-video="{html.escape(url)}"></figure>'
        return f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>'

    content = CAPTION.sub(caption, content)
    content = GALLERY.sub(gallery, content)
    content = EMBED.sub(embed, content)
    for name in MEDIA_SHORTCODES:
        content = re.sub(rf"\[{name}\b[^\]]*\].*?\[/{name}\]", "", content, flags=re.S)
    closed = {m[2].lower() for m in SHORTCODE.finditer(content) if m[1]}

    def other(match: re.Match) -> str:
        slash, name, attributes = match[1], match[2].lower(), match[3]
        if slash or name in closed or name in MEDIA_SHORTCODES or "=" in attributes:
            return ""
        if attributes.strip() in {"/"}:
            return ""
        return match[0]

    return SHORTCODE.sub(other, content)


def autop(text: str) -> str:
    """WordPress's ``wpautop``, in short: blank lines make paragraphs, a single line
    break a ``<br>``; no paragraph is opened around block-level tags; ``<pre>`` keeps
    its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match[0])
        return f"\n\n<pre data-kept={len(kept) - 1}></pre>\n\n"

    text = _PRE.sub(keep, text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    out = "".join(f"<p>{chunk}</p>\n" for chunk in chunks)
    out = _P_BEFORE_BLOCK.sub(r"\1", out)
    out = _P_AFTER_BLOCK.sub(r"\1", out)
    # A line break inside a paragraph is one the author typed; next to a tag it is layout.
    out = re.sub(r"(?<![>\n])\n(?!\s*<)", "<br>\n", out)
    out = re.sub(r"<p>\s*</p>", "", out)
    return re.sub(r"<pre data-kept=(\d+)></pre>", lambda m: kept[int(m[1])], out)


def _attachment_id(figure, image) -> int | None:
    number = figure.get("data-attachment") if figure is not None else None
    if number and number.isdigit():
        return int(number)
    for element in (image, figure):
        if element is not None and (match := WP_IMAGE_CLASS.search(element.get("class", ""))):
            return int(match[1])
    return None


def _placeholder(photo_id: int) -> etree._Element:
    figure = etree.Element("figure")
    figure.set("data-photo", str(photo_id))
    return figure


def _replace(old, new) -> None:
    """Put ``new`` (or nothing) where ``old`` is, keeping the text that followed it."""
    parent = old.getparent()
    tail = old.tail
    if new is not None:
        new.tail = tail
        old.addprevious(new)
    elif tail:
        previous = old.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(old)


def place_images(body: str, find_photo: PhotoFinder) -> str:
    """Every ``<figure>`` with an image, every gallery item and every bare ``<img>`` as a
    library photo placed in the body; a figure whose image was not found keeps its
    caption as a paragraph, and a video embed becomes the newsroom's video placement."""
    if not body.strip():
        return ""
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    for figure in list(root.iter("figure")):
        if figure.getparent() is None or figure.get("data-video"):
            continue
        classes = figure.get("class", "")
        if "wp-block-embed" in classes:
            url = " ".join(figure.text_content().split())
            ref = parse_video_url(url.split(" ")[0]) if url else None
            new = etree.Element("figure")
            if ref:
                new.set("data-video", url.split(" ")[0])
            _replace(figure, new if ref else None)
            continue
        image = next(figure.iter("img"), None)
        caption_element = next(figure.iter("figcaption"), None)
        caption = caption_element.text_content().strip() if caption_element is not None else ""
        attachment = _attachment_id(figure, image)
        if image is None and attachment is None:
            continue  # a figure of something else (a quote, a table): the sanitizer decides
        photo_id = find_photo(
            Image(
                attachment_id=attachment,
                src=(image.get("src") or "") if image is not None else "",
                alt=(image.get("alt") or "") if image is not None else "",
                caption=caption,
            )
        )
        if photo_id is not None:
            _replace(figure, _placeholder(photo_id))
        elif caption:
            paragraph = etree.Element("p")
            paragraph.text = caption
            _replace(figure, paragraph)
        else:
            _replace(figure, None)
    for image in list(root.iter("img")):
        photo_id = find_photo(
            Image(
                attachment_id=_attachment_id(None, image),
                src=image.get("src") or "",
                alt=image.get("alt") or "",
            )
        )
        # A figure cannot sit inside a paragraph or a link: it goes after the top-level
        # block that held the image.
        holder = image
        while holder.getparent() is not None and holder.getparent() is not root:
            holder = holder.getparent()
        if photo_id is not None and holder is not image:
            figure = _placeholder(photo_id)
            _replace(image, None)
            figure.tail = holder.tail
            holder.tail = None
            holder.addnext(figure)
        else:
            _replace(image, _placeholder(photo_id) if photo_id is not None else None)
    parts = [html.escape(root.text or "")]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def plain_text(excerpt: str) -> str:
    """An excerpt (which WordPress lets hold HTML and shortcodes) as a one-paragraph dek."""
    text = expand_shortcodes(BLOCK_COMMENT.sub("", excerpt))
    return " ".join(html.unescape(strip_tags(text)).split())


def clean_content(content: str, find_photo: PhotoFinder) -> str:
    """A post's ``content:encoded`` as a body: no block comments, shortcodes turned into
    what they showed, paragraphs for classic posts, images as library photos, cleaned
    through the newsroom's allow-list."""
    blocks = uses_blocks(content)
    text = BLOCK_COMMENT.sub("", content)
    text = expand_shortcodes(text)
    # Block markup holds its own paragraphs; the blank lines between blocks are layout.
    text = re.sub(r"\n\s*\n+", "\n", text) if blocks else autop(text)
    return clean_html(place_images(text, find_photo))
