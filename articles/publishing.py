"""Publishing actions: named functions the admin (and later the workflow) call."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def publish_article(
    *, article: Article, user: AbstractBaseUser | None, when: datetime.datetime | None = None
) -> Article:
    """Make ``article`` public at ``when`` (default: now, or its existing future date)."""
    article.status = Article.Status.PUBLISHED
    if when is not None:
        article.published_at = when
    elif article.published_at is None:
        article.published_at = timezone.now()
    article.updated_by = user if user and user.is_authenticated else None
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article, user: AbstractBaseUser | None) -> Article:
    """Take ``article`` off the public site, back to draft; its date is kept for re-publishing."""
    article.status = Article.Status.DRAFT
    article.updated_by = user if user and user.is_authenticated else None
    article.save()
    return article
