"""Schema.org JSON-LD for article pages: NewsArticle and BreadcrumbList.

Built as plain dicts and serialised by :func:`jsonld`, which escapes ``<``, ``>`` and
``&`` so no text (a headline containing ``</script>``, say) can leave the script element.
"""

from __future__ import annotations

import datetime
import json

from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from pages.models import SiteSettings

from .models import Article, StoredImage
from .sitemaps import absolute

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld(data: dict | list) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, safe against break-out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the only HTML-significant characters are escaped


def iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds") if moment else None


def organisation(site: SiteSettings) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": absolute(reverse("articles:newest")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("img/logo.png")),
            "width": 512,
            "height": 512,
        },
    }


def article_images(article: Article) -> list[str]:
    """Absolute image URLs, lead photo first, each in the aspect ratios we have: the
    1200x630 social card and the photo's own shape."""
    urls = []
    for figure in article.figures:
        photo = figure.photo
        if not photo.image:
            continue
        if photo.social_card:
            urls.append(absolute(photo.social_card.url))
        urls.append(absolute(photo.largest.url))
    return urls


def share_image(article: Article) -> StoredImage | None:
    """The picture for OpenGraph and Twitter cards: the lead photo's social card."""
    figure = article.lead_figure
    if figure is None or not figure.photo.image:
        return None
    photo = figure.photo
    image = photo.social_card or photo.largest
    return image._replace(url=absolute(image.url))


def news_article(article: Article, site: SiteSettings, canonical_url: str) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "headline": article.title[:110],
        "description": article.meta_description,
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.modified_at),
        "isAccessibleForFree": True,
        "publisher": organisation(site),
        "inLanguage": article.language,
    }
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    elif article.source is not None:
        data["author"] = [{"@type": "Organization", "name": article.source.name}]
    else:
        data["author"] = [{"@type": "Organization", "name": site.name}]
    if article.section is not None:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    images = article_images(article)
    if images:
        data["image"] = images
    if article.source is not None:
        source = {"@type": "Organization", "name": article.source.name}
        if article.source.homepage_url:
            source["url"] = article.source.homepage_url
        data["sourceOrganization"] = source
        if article.original_url:
            data["isBasedOn"] = article.original_url
    return data


def breadcrumbs(article: Article, canonical_url: str) -> dict:
    trail = [("Newest", absolute(reverse("articles:newest")))]
    if article.section is not None:
        trail.append((article.section.name, absolute(article.section.get_absolute_url())))
    trail.append((article.title, canonical_url))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }
