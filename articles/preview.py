"""Signed preview links: let someone without an account read an unpublished article.

The token carries the article id and an expiry time, signed with SECRET_KEY; any change
to it, or the passing of the expiry time, makes it worthless.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from newsroom.site_url import absolute_url

from .models import Article

SALT = "articles.preview"


def make_token(article: Article, *, hours: int | None = None) -> tuple[str, datetime.datetime]:
    hours = settings.NEWSROOM_PREVIEW_HOURS if hours is None else hours
    expires = timezone.now() + datetime.timedelta(hours=hours)
    token = signing.dumps({"a": article.pk, "e": int(expires.timestamp())}, salt=SALT)
    return token, expires


def make_link(article: Article, *, hours: int | None = None) -> tuple[str, datetime.datetime]:
    token, expires = make_token(article, hours=hours)
    return absolute_url(reverse("articles:preview", kwargs={"token": token})), expires


def article_id_from(token: str) -> int | None:
    """The article id a valid, unexpired token names; ``None`` for anything else."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    article_id, expires = payload.get("a"), payload.get("e")
    if not isinstance(article_id, int) or not isinstance(expires, int):
        return None
    if expires < timezone.now().timestamp():
        return None
    return article_id
