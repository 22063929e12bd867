"""XML sitemaps (django.contrib.sitemaps) with absolute URLs taken from ``SITE_URL``.

The article sitemap reads plain values, not model instances, so a 50,000-URL file costs
two queries (a count and a slice) and little memory.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Section, Source, article_url, published_q


class SiteURLSitemap(Sitemap):
    """Builds locations on SITE_URL, whatever host the request came in on."""

    limit = 50_000

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteURLSitemap):
    def items(self):
        return (
            Article.objects.published()
            .indexable()
            .order_by("-published_at", "-id")
            .values_list("slug", "published_at", "updated_at", named=True)
        )

    def location(self, item) -> str:
        return article_url(item.slug, timezone.localdate(item.published_at))

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)

    def get_latest_lastmod(self):
        latest = (
            Article.objects.published()
            .indexable()
            .aggregate(published=Max("published_at"), updated=Max("updated_at"))
        )
        values = [value for value in latest.values() if value is not None]
        return max(values, default=None)


class SectionSitemap(SiteURLSitemap):
    def items(self):
        return Section.objects.order_by("order", "name")


class SourceSitemap(SiteURLSitemap):
    def items(self):
        return (
            Source.objects.annotate(public=Count("articles", filter=published_q("articles__")))
            .filter(public__gt=0)
            .order_by("name")
        )


class TagSitemap(SiteURLSitemap):
    def items(self):
        tag_articles = "articles_taggedarticle_items__content_object__"
        return (
            Tag.objects.annotate(
                public=Count("articles_taggedarticle_items", filter=published_q(tag_articles))
            )
            .filter(public__gt=0)
            .order_by("name")
        )

    def location(self, item) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PagesSitemap(SiteURLSitemap):
    def items(self) -> list[str]:
        return ["articles:newest", "articles:sitemap", "pages:links", "pages:contact"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PagesSitemap,
    "sections": SectionSitemap,
    "sources": SourceSitemap,
    "tags": TagSitemap,
    "articles": ArticleSitemap,
}


def index(request: HttpRequest) -> TemplateResponse:
    """The sitemap index, with absolute locations on SITE_URL and every page of each map."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod))
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap(request: HttpRequest, section: str) -> TemplateResponse:
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
