"""XML sitemaps for crawlers: an index, paginated maps, images, and a Google News map.

django.contrib.sitemaps supplies the pagination and the item/location/lastmod protocol;
the XML itself is written here directly, because rendering 50,000 ``<url>`` elements
through the template engine costs seconds where string building costs milliseconds.
The article map reads plain values (no model instances): a count, one page of rows and
their photos — three queries whatever the size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from pages.sitewide import get_sitewide

from .models import Article, ArticlePhoto, Section, Source, article_url, published_q

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
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def absolute(url: str) -> str:
    return url if urlsplit(url).scheme else settings.SITE_URL + url


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
        return [Entry(absolute(self.location(item)), self.item_lastmod(item)) for item in items]

    def item_lastmod(self, item) -> datetime.datetime | None:
        return getattr(item, "latest", None)

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return None


class ArticleSitemap(NewsroomSitemap):
    def items(self):
        return (
            Article.objects.published()
            .indexable()
            .order_by("-published_at", "-id")
            .values_list("pk", "slug", "published_at", "updated_at", named=True)
        )

    def location(self, item) -> str:
        return article_url(item.slug, timezone.localdate(item.published_at))

    def lastmod(self, item) -> datetime.datetime:
        return max(item.published_at, item.updated_at)

    def entries(self, page: int | str) -> list[Entry]:
        rows = list(self.paginator.page(page).object_list)
        images = photo_urls(row.pk for row in rows)
        return [
            Entry(
                absolute(self.location(row)),
                self.lastmod(row),
                images.get(row.pk, [])[:MAX_IMAGES_PER_URL],
            )
            for row in rows
        ]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        latest = (
            Article.objects.published()
            .indexable()
            .aggregate(published=Max("published_at"), updated=Max("updated_at"))
        )
        return max((value for value in latest.values() if value), default=None)


def photo_urls(article_ids: Iterable[int]) -> dict[int, list[str]]:
    """Absolute image URLs per article, in display order, in one query."""
    urls: dict[int, list[str]] = defaultdict(list)
    rows = (
        ArticlePhoto.objects.filter(article_id__in=list(article_ids))
        .order_by("article_id", "position", "id")
        .values_list("article_id", "photo__image")
    )
    for article_id, name in rows:
        if name:
            urls[article_id].append(absolute(default_storage.url(name)))
    return urls


def _latest_public(prefix: str) -> Max:
    return Max(f"{prefix}published_at", filter=published_q(prefix))


class SectionSitemap(NewsroomSitemap):
    def items(self):
        return Section.objects.annotate(latest=_latest_public("articles__")).order_by(
            "order", "name"
        )


class SourceSitemap(NewsroomSitemap):
    def items(self):
        return (
            Source.objects.annotate(
                public=Count("articles", filter=published_q("articles__")),
                latest=_latest_public("articles__"),
            )
            .filter(public__gt=0)
            .order_by("name")
        )


class TagSitemap(NewsroomSitemap):
    def items(self):
        tagged = "articles_taggedarticle_items__content_object__"
        return (
            Tag.objects.annotate(
                public=Count("articles_taggedarticle_items", filter=published_q(tagged)),
                latest=_latest_public(tagged),
            )
            .filter(public__gt=0)
            .order_by("name")
        )

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
    """The sitemap index: every page of every map, each with its latest change."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
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
    rows = list(
        Article.objects.published()
        .indexable()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-id")
        .values_list("pk", "slug", "title", "published_at", named=True)[:NEWS_MAX_URLS]
    )
    name = escape(get_sitewide().settings.name)
    language = escape(settings.LANGUAGE_CODE.split("-")[0].lower())
    images = photo_urls(row.pk for row in rows)
    entries = [
        Entry(
            absolute(article_url(row.slug, timezone.localdate(row.published_at))),
            images=images.get(row.pk, [])[:MAX_IMAGES_PER_URL],
            news=(
                "<news:news><news:publication>"
                f"<news:name>{name}</news:name><news:language>{language}</news:language>"
                "</news:publication>"
                f"<news:publication_date>{w3c(row.published_at)}</news:publication_date>"
                f"<news:title>{escape(row.title)}</news:title></news:news>"
            ),
        )
        for row in rows
    ]
    return xml_response(urlset_xml(entries, news=True))
