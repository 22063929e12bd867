"""No lost work: the article form keeps a copy of what someone types, every 30 seconds
(``static/js/admin-autosave.js``), and offers it back when they reopen the article.

The copy is per user and per article (or per user for a new article), never a revision
and never the article itself: nothing here writes the ``Article`` row. A restored copy
carries the edit version it was typed against, so the form's edit-conflict check still
refuses to overwrite a save someone else made in the meantime.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import Article, ArticleAutosave

# The words of an article: what a person loses when a browser tab dies.
FIELDS = ("title", "slug", "summary", "byline", "dateline", "body")
RESTORE_PARAMETER = "restore"


def interval_seconds() -> int:
    return settings.NEWSROOM_AUTOSAVE_SECONDS


def store(
    *, user: AbstractBaseUser, article: Article | None, data: dict, base_version: int | None
) -> ArticleAutosave:
    """Keep ``user``'s copy of the form's words (replacing their previous copy)."""
    fields = {name: str(data.get(name, ""))[: limit(name)] for name in FIELDS if name in data}
    version = article.edit_version if base_version is None and article else base_version or 0
    copy, _created = ArticleAutosave.objects.update_or_create(
        article=article,
        user=user,
        defaults={"data": fields, "base_version": version, "saved_at": timezone.now()},
    )
    return copy


def limit(name: str) -> int:
    field = Article._meta.get_field(name)
    return field.max_length or settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def pending(*, user: AbstractBaseUser, article: Article | None) -> ArticleAutosave | None:
    """``user``'s copy of this article, if it holds anything the article does not."""
    copy = ArticleAutosave.objects.filter(article=article, user=user).first()
    if copy is None:
        return None
    if article is not None and all(
        copy.data.get(name, getattr(article, name)) == getattr(article, name) for name in FIELDS
    ):
        return None
    return copy


def restore_onto(article: Article, copy: ArticleAutosave) -> Article:
    """``article`` (unsaved) showing the copy's words, and the version they were typed on."""
    for name, value in copy.data.items():
        if name in FIELDS:
            setattr(article, name, value)
    article.restored_base_version = copy.base_version
    return article


def discard(*, user: AbstractBaseUser, article: Article | None) -> None:
    ArticleAutosave.objects.filter(article=article, user=user).delete()
