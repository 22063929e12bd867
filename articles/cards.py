"""Article cards for listings: built from one hand-written query, kept per article.

A listing page shows twenty cards; building them cost more than everything else on the
page. They come from one parameterized query (the article, its section, source and lead
photo: no model instances, no prefetch machinery, no ORM compilation) and are built in
Python, not with the template engine (its lookups and escaping cost about a millisecond
a card). Each card's HTML is kept in the cache under the article's id, stamped with its
version (``article:<id>``), so any listing that shows an article (Newest, its section,
its tags, page 50...) reuses it until the article (or the site chrome) is edited. On a
cold site Newest's lead stories come with the same query.
"""

from __future__ import annotations

import datetime
import functools
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.storage import FileSystemStorage
from django.db import connections, router
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from caching.dependencies import depends_on
from caching.fragments import (
    fragment_get_many,
    fragment_key,
    fragment_set_many,
    fragments_enabled,
    memoize,
)
from newsroom.addresses import reverse

from . import dependencies as shows
from . import images, prepared
from .models import (
    MAX_PINS,
    Article,
    ArticlePhoto,
    ArticleStatus,
    Photo,
    Pin,
    Section,
    Source,
    active_pin_q,
    article_url,
    article_url_date,
    photo_storage,
)

if TYPE_CHECKING:
    from .related import Neighbour

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


@dataclass(slots=True)
class Page:
    """What every card or line of one page shares (time zone, language, addresses),
    looked up once for the page rather than ten times a card."""

    zone: datetime.tzinfo
    language: str | None
    newest: str  # the prefix of every article's address
    sections: dict[str, str] = field(default_factory=dict)

    @classmethod
    def current(cls) -> Page:
        return cls(timezone.get_current_timezone(), get_language(), reverse("articles:newest"))

    def article_path(self, slug: str, published_at: datetime.datetime) -> str:
        """An article's address (``Article.get_absolute_url``'s), from its slug and date."""
        return article_url(slug, article_url_date(published_at, self.zone), self.newest)

    def section_path(self, slug: str) -> str:
        path = self.sections.get(slug)
        if path is None:
            path = self.sections[slug] = reverse("articles:section", kwargs={"slug": slug})
        return path


def time_html(moment: datetime.datetime, page: Page | None = None) -> SafeString:
    """``<time>`` with the day as readers read it, in the site's time zone."""
    from .templatetags.articles import datetime_attr

    page = page or Page.current()
    local = timezone.localtime(moment, page.zone)
    return mark_safe(  # noqa: S308 - a date and a number, escaped
        f'<time datetime="{datetime_attr(local)}">{esc(_day(local.date(), page.language))}</time>'
    )


def picture_markup(
    sources: images.Srcsets, width: int, height: int, *, sizes: str, alt: str = "", eager=False
) -> SafeString:
    """A photo in every width we stored: WebP first, JPEG/PNG for the rest."""
    webp, fallback = sources.webp, sources.fallback
    source = f'<source type="image/webp" srcset="{esc(webp)}" sizes="{esc(sizes)}">' if webp else ""
    srcset = f' srcset="{esc(fallback)}" sizes="{esc(sizes)}"' if fallback else ""
    loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
    return mark_safe(  # noqa: S308 - every value escaped
        f'<picture>{source}<img src="{esc(sources.fallback_url)}"{srcset} alt="{esc(alt)}" '
        f'width="{int(width)}" height="{int(height)}"{loading} decoding="async">'
        "</picture>"
    )


@functools.lru_cache(maxsize=2048)
def _local_card_picture(base_url: str, name: str, width: int, height: int, renditions: str) -> str:
    """Memoized for local storage only: the markup is a function of these arguments alone
    (remote storages may sign their URLs, which expire)."""
    return _card_picture(photo_storage(), name, width, height, renditions)


def _card_picture(storage, name: str, width: int, height: int, renditions: str | dict) -> str:
    if isinstance(renditions, str):
        renditions = json.loads(renditions) if renditions else {}
    sources = images.srcsets(storage, name, renditions)
    return picture_markup(sources, width, height, sizes=CARD_IMAGE_SIZES)


def card_picture(name: str, width: int, height: int, renditions: str) -> str:
    """A card's lead photo (decorative there: the headline says what the card is)."""
    storage = photo_storage()
    if isinstance(storage, FileSystemStorage):
        return _local_card_picture(storage.base_url, name, width, height, renditions)
    return _card_picture(storage, name, width, height, renditions)


@dataclass(frozen=True, slots=True)
class CardRow:
    """One row of ``CARD_SQL``: what a card shows of an article."""

    id: int
    title: str
    slug: str
    summary: str
    published_at: datetime.datetime
    agency: str
    section_name: str | None
    section_slug: str | None
    source_name: str | None
    image: str | None
    width: int | None
    height: int | None
    renditions: str | None
    pin_position: int | None = None

    def get_absolute_url(self, page: Page | None = None) -> str:
        return (page or Page.current()).article_path(self.slug, self.published_at)


def card_html(article: CardRow, page: Page | None = None) -> SafeString:
    """One listing card: photo, section, headline, dek, date and credit. The headline's
    link covers the whole card (see site.css), so each card is one stop for the keyboard."""
    page = page or Page.current()
    image = (
        f'<div class="card-image">'
        f"{card_picture(article.image, article.width, article.height, article.renditions)}</div>"
        if article.image
        else ""
    )
    kicker = ""
    if article.section_slug:
        section = page.section_path(article.section_slug)
        kicker = f'<p class="kicker"><a href="{esc(section)}">{esc(article.section_name)}</a></p>'

    dek = f'<p class="dek">{esc(article.summary)}</p>' if article.summary else ""
    credit = ""
    if article.source_name:
        agency = f" · {esc(article.agency)}" if article.agency else ""
        credit = f' <span class="source">{esc(article.source_name)}{agency}</span>'
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<article class="card">{image}<div class="card-text">{kicker}'
        f'<h2 class="card-title"><a href="{esc(article.get_absolute_url(page))}">'
        f"{esc(article.title)}</a></h2>{dek}"
        f'<p class="meta">{time_html(article.published_at, page)}{credit}</p></div></article>'
    )


def story_link_html(article: Neighbour, *, show_source: bool = False, page: Page) -> SafeString:
    """A line of a "Related articles" or "More from" list."""
    source = article.source if show_source else None
    name = f" <span>{esc(source.name)}</span>" if source else ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<li><a href="{esc(article.get_absolute_url(page))}">{esc(article.title)}</a> '
        f'<span class="meta">{time_html(article.published_at, page)}{name}</span></li>'
    )


def story_links_html(articles: Sequence[Neighbour], *, show_source: bool = False) -> SafeString:
    """The lines of a "Related articles" or "More from" list (``articles.related``)."""
    page = Page.current()
    return mark_safe(  # noqa: S308 - each line escaped by story_link_html
        "".join(story_link_html(item, show_source=show_source, page=page) for item in articles)
    )


def card_key(article_id: int) -> str:
    """A card varies on its article only: everything it shows is that article's."""
    return fragment_key("card", article_id)


# Table names and "%s" placeholders only: every value is a parameter. The lead photo is an
# article's first placement (``Article.lead_figure``); the pins join only for Newest.
CARD_SQL = (
    "SELECT a.id, a.title, a.slug, a.summary, a.published_at, a.agency, s.name, s.slug,"
    " o.name, p.image, p.width, p.height, CAST(p.renditions AS TEXT){pin_column}"
    " FROM {article} a LEFT JOIN {section} s ON s.id = a.section_id"
    " LEFT JOIN {source} o ON o.id = a.source_id"
    " LEFT JOIN {photo} p ON p.id = (SELECT x.photo_id FROM {placement} x"
    " WHERE x.article_id = a.id ORDER BY x.position, x.id LIMIT 1){pin_join}"
    " WHERE a.id IN ({ids})"
)
# Newest's lead stories: public articles under a pin in force (``lead_story_ids``).
PINNED = (
    "n.id IS NOT NULL AND a.status = %s AND a.published_at <= %s"
    " AND (n.until IS NULL OR n.until > %s)"
)

# An OR beside the ids would cost a scan of every article: each pin's article (three at
# most, one per place) joins the list of ids instead, and the CASE above tells which of
# them lead now.
PIN_ID = "(SELECT article_id FROM {pin} WHERE position = {place})"


def _card_sql(count: int, *, pins: bool) -> str:
    return CARD_SQL.format(
        article=Article._meta.db_table,
        section=Section._meta.db_table,
        source=Source._meta.db_table,
        placement=ArticlePhoto._meta.db_table,
        photo=Photo._meta.db_table,
        pin_column=f", CASE WHEN {PINNED} THEN n.position END" if pins else "",
        pin_join=f" LEFT JOIN {Pin._meta.db_table} n ON n.article_id = a.id" if pins else "",
        ids=", ".join(
            ["%s"] * count
            + [
                PIN_ID.format(pin=Pin._meta.db_table, place=n)
                for n in range(1, MAX_PINS + 1)
                if pins
            ]
        )
        or "NULL",
    )


def card_rows(article_ids: Sequence[int], *, pins: bool = False) -> list[CardRow]:
    """These articles' card rows (any order), and with ``pins`` the lead stories' too."""
    if not (article_ids or pins):
        return []
    connection = connections[router.db_for_read(Article)]
    params: list = list(article_ids)
    if pins:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params = [ArticleStatus.PUBLISHED.value, now, now, *params]
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, _card_sql(len(article_ids), pins=pins), params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":  # PostgreSQL returns aware datetimes already
        convert = connection.ops.convert_datetimefield_value
        rows = [(*row[:4], convert(row[4], None, connection), *row[5:]) for row in rows]
    cards = [CardRow(*row) for row in rows]
    if pins:  # not every pinned article is public, or a lead story now
        listed = set(article_ids)
        cards = [card for card in cards if card.id in listed or card.pin_position]
    return cards


def lead_stories_key() -> str:
    """Newest's lead stories vary on nothing but content (and time, which moves the
    content version when a pin ends: ``reader_cache.next_pin_end``)."""
    return fragment_key("lead-stories")


def lead_story_ids() -> list[int]:
    depends_on(shows.NEWEST)  # pins, and their stories' publication, move Newest
    pinned = Article.objects.published().filter(Q(pin__isnull=False) & active_pin_q("pin__"))
    return list(pinned.order_by("pin__position").values_list("pk", flat=True)[:MAX_PINS])


def render_cards(
    article_ids: Sequence[int], *, leads: bool = False
) -> tuple[list[SafeString], list[SafeString]]:
    """The cards of these public articles in this order, after (with ``leads``) the cards
    of Newest's lead stories. Cached cards come in one round trip; the missing ones, and
    on a cold site the lead stories, come from one query."""
    enabled = fragments_enabled()
    lead_ids: list[int] | None = []
    if leads:  # unknown (None) on a cold site: the card query brings them
        lead_ids = memoize(lead_stories_key(), lead_story_ids) if enabled else None
    wanted = [*(lead_ids or []), *article_ids]
    keys = {pk: card_key(pk) for pk in wanted} if enabled else {}
    found = fragment_get_many(list(keys.values())) if keys else {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in wanted if pk not in html]
    fresh: dict[int, SafeString] = {}
    if missing or lead_ids is None:
        rows = card_rows(missing, pins=lead_ids is None)
        if lead_ids is None:  # the lead stories came with the cards
            depends_on(shows.NEWEST)
            pinned = sorted((row for row in rows if row.pin_position), key=lambda r: r.pin_position)
            lead_ids = [row.id for row in pinned[:MAX_PINS]]
        page = Page.current()
        fresh = {row.id: card_html(row, page) for row in rows}
        html.update(fresh)
        if keys:
            fragment_set_many({keys[pk]: ([shows.article(pk)], card) for pk, card in fresh.items()})
    shows.shows_articles([*lead_ids, *article_ids])
    cards = [mark_safe(html[pk]) for pk in [*lead_ids, *article_ids] if pk in html]  # noqa: S308 - ours
    return cards[: len(lead_ids)], cards[len(lead_ids) :]
