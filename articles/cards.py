"""Article cards for listings: rendered once per content version, then fetched together.

A listing page shows twenty cards; rendering them costs more than everything else on the
page. They are built in Python (``card_html``), not with the template engine: the
engine's lookups and escaping cost about a millisecond a card, twenty times a page.
Each card's HTML is kept in the cache under the content version and the article's
id, so any listing that shows an article (Newest, its section, its tags, page 50...)
reuses it, and any edit anywhere makes every card fresh again. One round trip fetches a
page's cards; only the missing ones are loaded (two queries) and rendered.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.urls import get_script_prefix
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from caching.fragments import (
    fragment_get_many,
    fragment_key,
    fragment_set_many,
    fragments_enabled,
)

from .models import Article

CARD_IMAGE_SIZES = "(min-width: 40rem) 14rem, calc(100vw - 2rem)"


def time_html(moment: datetime.datetime) -> SafeString:
    """``<time>`` with the day as readers read it, in the site's time zone."""
    from .templatetags.articles import datetime_attr

    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>', datetime_attr(local), dateformat.format(local, "j F Y")
    )


def card_html(article: Article) -> SafeString:
    """One listing card: photo, section, headline, dek, date and credit. The headline's
    link covers the whole card (see site.css), so each card is one stop for the keyboard."""
    from .templatetags.articles import picture

    figure = article.lead_figure
    image = (
        format_html(
            '<div class="card-image">{}</div>', picture(figure.photo, sizes=CARD_IMAGE_SIZES)
        )
        if figure
        else ""
    )
    section = article.section
    kicker = (
        format_html('<p class="kicker"><a href="{}">{}</a></p>', section_url(section), section.name)
        if section
        else ""
    )
    dek = format_html('<p class="dek">{}</p>', article.summary) if article.summary else ""
    credit = ""
    if article.source:
        agency = format_html(" · {}", article.agency) if article.agency else ""
        credit = format_html(' <span class="source">{}{}</span>', article.source.name, agency)
    return format_html(
        '<article class="card">{}<div class="card-text">{}'
        '<h2 class="card-title"><a href="{}">{}</a></h2>{}'
        '<p class="meta">{}{}</p></div></article>',
        image,
        kicker,
        article.get_absolute_url(),
        article.title,
        dek,
        time_html(article.published_at),
        credit,
    )


def story_link_html(article, *, show_source: bool = False) -> SafeString:
    """A line of a "Related articles" or "More from" list (an ``articles.related``
    neighbour, or an article)."""
    source = article.source if show_source else None
    return format_html(
        '<li><a href="{}">{}</a> <span class="meta">{}{}</span></li>',
        article.get_absolute_url(),
        article.title,
        time_html(article.published_at),
        format_html(" <span>{}</span>", source.name) if source else "",
    )


_section_paths: dict[str, str] = {}


def section_url(section) -> str:
    """A section's address, resolved once per slug per process (cards show many)."""
    path = _section_paths.get(section.slug)
    if path is None:
        path = section.get_absolute_url().removeprefix(get_script_prefix())
        _section_paths[section.slug] = path
    return get_script_prefix() + path


def card_key(article_id: int) -> str:
    """A card varies on its article only: everything it shows is that article's."""
    return fragment_key("card", article_id)


def render_cards(article_ids: Sequence[int]) -> list[SafeString]:
    """The cards of these public articles, in this order."""
    keys = {pk: card_key(pk) for pk in article_ids} if fragments_enabled() else {}
    found = fragment_get_many(list(keys.values())) if keys else {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in article_ids if pk not in html]
    if missing:
        articles = Article.objects.filter(pk__in=missing).for_listing().defer("body", "keywords")
        fresh = {article.pk: card_html(article) for article in articles}
        html.update(fresh)
        if keys:
            fragment_set_many({keys[pk]: card for pk, card in fresh.items()})
    return [mark_safe(html[pk]) for pk in article_ids if pk in html]  # noqa: S308 - our template
