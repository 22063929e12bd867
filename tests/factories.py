"""Small factories with safe defaults: a public article unless a test says otherwise."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticlePhoto, Disclaimer, Photo, Section, Source

_counter = itertools.count(1)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), colour="navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    content_type = CONTENT_TYPES.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def make_section(**fields) -> Section:
    n = next(_counter)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_source(**fields) -> Source:
    n = next(_counter)
    fields.setdefault("name", f"Outlet {n}")
    fields.setdefault("slug", f"outlet-{n}")
    return Source.objects.create(**fields)


def make_disclaimer(**fields) -> Disclaimer:
    n = next(_counter)
    fields.setdefault("name", f"Disclaimer {n}")
    fields.setdefault("body", f"Reprinted for information only ({n}).")
    return Disclaimer.objects.create(**fields)


def make_photo(**fields) -> Photo:
    n = next(_counter)
    fields.setdefault("alt_text", f"A test picture {n}")
    fields.setdefault("caption", f"Caption {n}")
    fields.setdefault("credit", "Test Agency")
    photo = Photo(**fields)
    if not photo.image:
        photo.image = image_upload(f"photo-{n}.jpg")
    photo.save()
    return photo


def make_article(*, tags: list[str] | None = None, photos: int = 0, **fields) -> Article:
    n = next(_counter)
    fields.setdefault("title", f"Headline number {n}")
    fields.setdefault("slug", f"headline-number-{n}")
    fields.setdefault("summary", f"Summary {n}")
    fields.setdefault("body", f"<p>Body paragraph {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        # Within the last two days, so every default article is also in the news sitemap.
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=n % 47 + 1))
    article = Article.objects.create(**fields)
    if tags:
        article.tags.add(*tags)
    for position in range(photos):
        ArticlePhoto.objects.create(article=article, photo=make_photo(), position=position)
    return article


# The states that must never be visible to readers, and how to make each one.
def hidden_states() -> dict[str, dict]:
    now = timezone.now()
    return {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "withdrawn": {
            "status": Article.Status.WITHDRAWN,
            "published_at": now - datetime.timedelta(days=1),
        },
        "scheduled": {
            "status": Article.Status.PUBLISHED,
            "published_at": now + datetime.timedelta(hours=1),
        },
    }
