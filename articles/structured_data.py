"""Schema.org JSON-LD for article pages: NewsArticle and BreadcrumbList.

Built as plain dicts and serialised by :func:`jsonld`, which escapes ``<``, ``>`` and
``&`` so no text (a headline containing ``</script>``, say) can leave the script element.
"""

from __future__ import annotations

import datetime
import json
from typing import NamedTuple

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from newsroom.addresses import reverse
from newsroom.site import SiteSettingsLike
from newsroom.site_url import absolute_url

from .models import Article, Photo

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld(data: dict | list) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, safe against break-out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the only HTML-significant characters are escaped


def iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds") if moment else None


def organisation(site: SiteSettingsLike) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": absolute_url(reverse("articles:newest")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/logo.png")),
            "width": 512,
            "height": 512,
        },
    }


# The last stand-in for an article's picture: the publisher logo (static/img/logo.png).
LOGO = "img/logo.png"
LOGO_SIZE = 512


class ShareImage(NamedTuple):
    """The picture link previews show for an article, with what the meta tags need."""

    url: str
    width: int
    height: int
    mime_type: str
    alt: str
    large: bool  # wide enough for a large card; the logo is a small square


def photo_images(photo: Photo) -> list[str]:
    """A photo's absolute image URLs in the aspect ratios we have: the 1200x630 social card
    and the photo's own shape."""
    if not photo.image:
        return []
    card = [absolute_url(photo.social_card.url)] if photo.social_card else []
    return [*card, absolute_url(photo.largest.url)]


def default_photo(site: SiteSettingsLike) -> Photo | None:
    """The site-wide social image chosen in the site settings, if any."""
    if site.social_image_id is None:
        return None
    photo = site.social_image
    return photo if photo.image else None


def article_images(article: Article, site: SiteSettingsLike) -> list[str]:
    """Absolute image URLs, lead photo first; an article without photos gets the site's
    default social image, else the logo, so every NewsArticle names an image."""
    urls = [url for figure in article.figures for url in photo_images(figure.photo)]
    if urls:
        return urls
    photo = default_photo(site)
    return photo_images(photo) if photo else [absolute_url(static(LOGO))]


def _photo_share_image(photo: Photo) -> ShareImage:
    image = photo.social_card or photo.largest
    return ShareImage(
        absolute_url(image.url), image.width, image.height, image.mime_type, photo.alt_text, True
    )


def share_image(article: Article, site: SiteSettingsLike) -> ShareImage:
    """The picture for OpenGraph and Twitter cards: the lead photo's social card, else the
    site's default social image, else the logo."""
    figure = article.lead_figure
    if figure is not None and figure.photo.image:
        return _photo_share_image(figure.photo)
    if photo := default_photo(site):
        return _photo_share_image(photo)
    url = absolute_url(static(LOGO))
    return ShareImage(url, LOGO_SIZE, LOGO_SIZE, "image/png", site.name, False)


def news_article(article: Article, site: SiteSettingsLike, canonical_url: str) -> dict:
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
    if authors := article.credited_authors:
        data["author"] = [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ]
    elif article.byline:
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
    data["image"] = article_images(article, site)
    if article.source is not None:
        source = {"@type": "Organization", "name": article.source.name}
        if article.source.homepage_url:
            source["url"] = article.source.homepage_url
        data["sourceOrganization"] = source
        if article.original_url:
            data["isBasedOn"] = article.original_url
    return data


def breadcrumbs(article: Article, canonical_url: str) -> dict:
    trail = [("Newest", absolute_url(reverse("articles:newest")))]
    if article.section is not None:
        trail.append((article.section.name, absolute_url(article.section.get_absolute_url())))
    trail.append((article.title, canonical_url))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }
