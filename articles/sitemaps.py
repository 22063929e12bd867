"""XML sitemaps for crawlers: an index, paginated maps, images, and a Google News map.

django.contrib.sitemaps supplies the pagination and the ``items()``/``location()``
protocol; the XML itself is written here directly, because rendering 50,000 ``<url>``
elements through the template engine costs seconds where string building costs
milliseconds.
The article map reads plain values (no model instances): a count, one page of rows and
their photos — three queries whatever the size.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Greatest, Mod, RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.http import http_date
from taggit.models import Tag

from newsroom.addresses import reverse
from newsroom.site import get_sitewide
from newsroom.site_url import absolute_url

from .models import (
    Article,
    ArticlePhoto,
    Section,
    Source,
    article_url,
    article_url_date,
    news_language,
)
from .sanitize import xml_text

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_IMAGES_PER_URL = 1000  # Google's limit
NEWS_MAX_URLS = 1000
NEWS_WINDOW = datetime.timedelta(days=2)


def w3c(moment: datetime.datetime | None) -> str:
    """W3C datetime, as sitemaps want it: 2024-09-13T08:00:00+00:00."""
    if moment is None:
        return ""
    if moment.tzinfo is not datetime.UTC:
        moment = moment.astimezone(datetime.UTC)
    return moment.isoformat(timespec="seconds")


def media_url_builder():
    """A fast ``name -> absolute URL`` for stored files, for building thousands at once.

    Storages whose URLs are a fixed prefix plus the file name (local files, public
    object storage) are asked once; others (signed URLs) are asked for every file.
    """
    probe = "__probe__"
    sample = default_storage.url(probe)
    if sample.endswith(probe) and "?" not in sample:
        base = absolute_url(sample[: -len(probe)])
        return functools.cache(lambda name: base + filepath_to_uri(name))
    return lambda name: absolute_url(default_storage.url(name))


@dataclass
class Entry:
    location: str
    lastmod: datetime.datetime | None = None
    images: list[str] = field(default_factory=list)
    news: str = ""  # a ready <news:news> element, for the Google News map


class NewsroomSitemap(Sitemap):
    """Locations on SITE_URL, pages of NEWSROOM_SITEMAP_PAGE_SIZE, latest lastmod by query."""

    @property
    def limit(self) -> int:  # type: ignore[override]
        return settings.NEWSROOM_SITEMAP_PAGE_SIZE

    def entries(self, page: int | str) -> list[Entry]:
        items = self.paginator.page(page).object_list
        return [Entry(absolute_url(self.location(item)), self.item_lastmod(item)) for item in items]

    def item_lastmod(self, item) -> datetime.datetime | None:
        return getattr(item, "latest", None)

    def page_lastmods(self) -> list[datetime.datetime | None]:
        """The index's lastmod for each page; by default none (a lastmod costs a scan)."""
        return [None] * self.paginator.num_pages


class ArticleSitemap(NewsroomSitemap):
    ORDER = ("-published_at", "-id")

    def articles(self) -> QuerySet[Article]:
        return Article.objects.published().indexable()

    def items(self):
        return (
            self.articles()
            .order_by(*self.ORDER)
            .values_list("pk", "slug", "published_at", "updated_at", named=True)
        )

    def entries(self, page: int | str) -> list[Entry]:
        page_obj = self.paginator.page(page)
        rows = list(page_obj.object_list)
        first = max(page_obj.start_index() - 1, 0)
        images = photo_urls(self.items().values("pk")[first : page_obj.end_index()]) if rows else {}
        prefix = absolute_url(reverse("articles:newest"))
        zone = timezone.get_current_timezone()
        return [
            Entry(
                article_url(row.slug, article_url_date(row.published_at, zone), prefix),
                max(row.published_at, row.updated_at),
                images.get(row.pk, [])[:MAX_IMAGES_PER_URL],
            )
            for row in rows
        ]

    def page_lastmods(self) -> list[datetime.datetime | None]:
        """Each page's latest change (publication or edit) among its own articles.

        Two queries whatever the number of pages: each page's first row (numbered by a
        window function), then every page's maximum in one scan, a FILTER per page.
        """
        articles = self.articles()  # one "now" for both queries
        size = self.limit
        order = [F(name[1:]).desc() for name in self.ORDER]
        starts = list(
            articles.annotate(row=Window(RowNumber(), order_by=order))
            .annotate(offset=Mod(F("row") - 1, size))
            .filter(offset=0)
            .order_by(*self.ORDER)
            .values_list("published_at", "pk")
        )
        if not starts:
            return [None]  # the empty first page the index still lists

        def from_row(start: tuple[datetime.datetime, int]) -> Q:
            """That row and every row after it, in the map's order."""
            published, pk = start
            return Q(published_at__lt=published) | Q(published_at=published, pk__lte=pk)

        pages = [from_row(start) & ~from_row(after) for start, after in pairwise(starts)]
        pages.append(from_row(starts[-1]))
        modified = Greatest("published_at", "updated_at")
        latest = articles.aggregate(
            **{f"page{number}": Max(modified, filter=page) for number, page in enumerate(pages)}
        )
        return [latest[f"page{number}"] for number in range(len(pages))]


def photo_urls(article_ids: QuerySet) -> dict[int, list[str]]:
    """Absolute image URLs per article, in display order, in one query.

    ``article_ids`` is the page's own id query, run as a subquery: a page holds up to
    50,000 ids, more than SQLite binds and, as a literal array, twice as slow for
    PostgreSQL to parse and match (184 ms against 93 ms at 100,000 articles).
    """
    urls: dict[int, list[str]] = defaultdict(list)
    photos = ArticlePhoto.objects.filter(article_id__in=article_ids)
    rows = photos.order_by("article_id", "position", "id").values_list("article_id", "photo__image")
    media_url = media_url_builder()
    for article_id, name in rows:
        if name:
            urls[article_id].append(media_url(name))
    return urls


def latest_public(**lookups) -> Subquery:
    """The newest public publication date among articles matching ``lookups`` (an index
    lookup per row: section and source have (fk, status, -published_at) indexes)."""
    return Subquery(
        Article.objects.published()
        .filter(**lookups)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class SectionSitemap(NewsroomSitemap):
    def items(self):
        return Section.objects.annotate(latest=latest_public(section=OuterRef("pk"))).order_by(
            "order", "name"
        )


class SourceSitemap(NewsroomSitemap):
    def items(self):
        return (
            Source.objects.annotate(latest=latest_public(source=OuterRef("pk")))
            .filter(latest__isnull=False)
            .order_by("name")
        )


class TagSitemap(NewsroomSitemap):
    """Tags with at least one public article (no lastmod: it would cost a scan per tag)."""

    def items(self):
        public = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(public)).order_by("name")

    def location(self, item) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PagesSitemap(NewsroomSitemap):
    def items(self) -> list[str]:
        return ["articles:newest", "articles:sitemap", "pages:links", "pages:contact"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[NewsroomSitemap]] = {
    "pages": PagesSitemap,
    "sections": SectionSitemap,
    "sources": SourceSitemap,
    "tags": TagSitemap,
    "articles": ArticleSitemap,
}


# --- XML -------------------------------------------------------------------------------


def urlset_xml(entries: list[Entry], *, news: bool = False) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}"',
        f' xmlns:news="{NEWS_NS}">\n' if news else ">\n",
    ]
    for entry in entries:
        parts.append(f"<url><loc>{escape(entry.location)}</loc>")
        if entry.lastmod:
            parts.append(f"<lastmod>{w3c(entry.lastmod)}</lastmod>")
        parts.append(entry.news)
        for image in entry.images:
            parts.append(f"<image:image><image:loc>{escape(image)}</image:loc></image:image>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def xml_response(body: str, lastmod: datetime.datetime | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


# --- views ---------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: every page of every map, each page with its own latest change."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        for page, lastmod in enumerate(sitemap.page_lastmods(), start=1):
            loc = location if page == 1 else f"{location}?p={page}"
            parts.append(f"<sitemap><loc>{escape(loc)}</loc>")
            if lastmod:
                parts.append(f"<lastmod>{w3c(lastmod)}</lastmod>")
            parts.append("</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return xml_response("".join(parts))


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    try:
        entries = SITEMAPS[section]().entries(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("No such sitemap page.") from exc
    lastmod = max((e.lastmod for e in entries if e.lastmod), default=None)
    return xml_response(urlset_xml(entries), lastmod)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: indexable articles of the last two days, at most 1,000, newest first."""
    since = timezone.now() - NEWS_WINDOW
    recent = (
        Article.objects.published()
        .indexable()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-id")
    )
    rows = list(
        recent.values_list("pk", "slug", "title", "published_at", "language", named=True)[
            :NEWS_MAX_URLS
        ]
    )
    name = escape(xml_text(get_sitewide().settings.name))
    images = photo_urls(recent.values("pk")[:NEWS_MAX_URLS]) if rows else {}
    entries = [
        Entry(
            absolute_url(article_url(row.slug, article_url_date(row.published_at))),
            images=images.get(row.pk, [])[:MAX_IMAGES_PER_URL],
            news=(
                "<news:news><news:publication>"
                f"<news:name>{name}</news:name>"
                f"<news:language>{escape(news_language(row.language))}</news:language>"
                "</news:publication>"
                f"<news:publication_date>{w3c(row.published_at)}</news:publication_date>"
                f"<news:title>{escape(xml_text(row.title))}</news:title></news:news>"
            ),
        )
        for row in rows
    ]
    return xml_response(urlset_xml(entries, news=True))
