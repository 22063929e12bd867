"""Article cards for listings: rendered once per edit of their article, fetched together.

A listing page shows twenty cards; rendering them costs more than everything else on the
page. They are built in Python (``card_html``), not with the template engine: the
engine's lookups and escaping cost about a millisecond a card, twenty times a page.
Each card's HTML is kept in the cache under the article's id, stamped with its version
(``article:<id>``), so any listing that shows an article (Newest, its section, its tags,
page 50...) reuses it until the article (or the site chrome) is edited. One round trip
fetches a page's cards; only the missing ones are loaded (two queries) and rendered.
"""

from __future__ import annotations

import datetime
import functools
import html
from collections.abc import Sequence

from django.urls import get_script_prefix
from django.utils import dateformat, timezone
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from caching.fragments import (
    fragment_get_many,
    fragment_key,
    fragment_set_many,
    fragments_enabled,
)

from . import dependencies as shows
from .models import Article

CARD_IMAGE_SIZES = "(min-width: 40rem) 14rem, calc(100vw - 2rem)"


def esc(value: object) -> str:
    """HTML-escaped text, as Django's ``conditional_escape`` does it, without its lazy-string
    wrappers (a tenth of a card's cost): markup already safe is kept as it is."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


@functools.lru_cache(maxsize=4096)
def _day(day: datetime.date, language: str | None) -> str:
    return dateformat.format(day, "j F Y")  # month names in the active language


def time_html(moment: datetime.datetime) -> SafeString:
    """``<time>`` with the day as readers read it, in the site's time zone."""
    from .templatetags.articles import datetime_attr

    local = timezone.localtime(moment)
    return mark_safe(  # noqa: S308 - a date and a number, escaped
        f'<time datetime="{datetime_attr(local)}">{esc(_day(local.date(), get_language()))}</time>'
    )


def card_html(article: Article) -> SafeString:
    """One listing card: photo, section, headline, dek, date and credit. The headline's
    link covers the whole card (see site.css), so each card is one stop for the keyboard."""
    from .templatetags.articles import picture

    figure = article.lead_figure
    image = (
        f'<div class="card-image">{picture(figure.photo, sizes=CARD_IMAGE_SIZES)}</div>'
        if figure
        else ""
    )
    section = article.section
    kicker = (
        f'<p class="kicker"><a href="{esc(section_url(section))}">{esc(section.name)}</a></p>'
        if section
        else ""
    )
    dek = f'<p class="dek">{esc(article.summary)}</p>' if article.summary else ""
    credit = ""
    if article.source:
        agency = f" · {esc(article.agency)}" if article.agency else ""
        credit = f' <span class="source">{esc(article.source.name)}{agency}</span>'
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<article class="card">{image}<div class="card-text">{kicker}'
        f'<h2 class="card-title"><a href="{esc(article.get_absolute_url())}">'
        f"{esc(article.title)}</a></h2>{dek}"
        f'<p class="meta">{time_html(article.published_at)}{credit}</p></div></article>'
    )


def story_link_html(article, *, show_source: bool = False) -> SafeString:
    """A line of a "Related articles" or "More from" list (an ``articles.related``
    neighbour, or an article)."""
    source = article.source if show_source else None
    name = f" <span>{esc(source.name)}</span>" if source else ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<li><a href="{esc(article.get_absolute_url())}">{esc(article.title)}</a> '
        f'<span class="meta">{time_html(article.published_at)}{name}</span></li>'
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
    shows.shows_articles(article_ids)
    keys = {pk: card_key(pk) for pk in article_ids} if fragments_enabled() else {}
    found = fragment_get_many(list(keys.values())) if keys else {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in article_ids if pk not in html]
    if missing:
        articles = Article.objects.filter(pk__in=missing).for_cards()
        fresh = {article.pk: card_html(article) for article in articles}
        html.update(fresh)
        if keys:
            fragment_set_many({keys[pk]: ([shows.article(pk)], card) for pk, card in fresh.items()})
    return [mark_safe(html[pk]) for pk in article_ids if pk in html]  # noqa: S308 - our template
