"""The editorial workflow: who may do what to an article, and the record of what was done.

Writers draft and submit for review; editors (``articles.publish_article``) publish,
schedule, unpublish and withdraw. Every state change is an ``ArticleEvent`` and every
save a django-reversion revision, so the admin can say who did what, and when.
"""

from __future__ import annotations

import datetime

import reversion
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .credit import missing_credit
from .models import Article, ArticleEvent, ArticleStatus, EventAction
from .notifications import notify
from .redirects import keep_old_address, public_path

PUBLISH_PERMISSION = "articles.publish_article"
WRITER_STATUSES = frozenset({ArticleStatus.DRAFT, ArticleStatus.REVIEW})

User = AbstractBaseUser | AnonymousUser | None


class CreditMissing(Exception):
    """A reprint without its source cannot be published; the message says what to do."""


def can_publish(user: User) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_edit(user: User, article: Article) -> bool:
    """Editors edit anything; writers only their own drafts and articles in review."""
    if not (user and user.is_active and user.has_perm("articles.change_article")):
        return False
    if can_publish(user):
        return True
    return article.status in WRITER_STATUSES and article.created_by_id == user.pk


def transition(
    old_status: str | None, old_published_at: datetime.datetime | None, article: Article
) -> EventAction | None:
    """The workflow event for going from the stored state to ``article``'s state."""
    if old_status is None:
        return EventAction.CREATED
    new = article.status
    if new == ArticleStatus.PUBLISHED:
        now = timezone.now()
        was_published = old_status == ArticleStatus.PUBLISHED and old_published_at is not None
        if article.published_at and article.published_at > now:
            unchanged = was_published and old_published_at == article.published_at
            return None if unchanged else EventAction.SCHEDULED
        # Live now: news only if it was not live already (a draft, or still scheduled).
        was_live = was_published and old_published_at <= now
        return None if was_live else EventAction.PUBLISHED
    if old_status == new:
        return None
    return {
        ArticleStatus.REVIEW: EventAction.SUBMITTED,
        ArticleStatus.WITHDRAWN: EventAction.WITHDRAWN,
        ArticleStatus.DRAFT: (
            EventAction.UNPUBLISHED
            if old_status in {ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN}
            else EventAction.RETURNED
        ),
    }[new]


def record(*, article: Article, action: str, user: User, note: str = "") -> ArticleEvent:
    return ArticleEvent.objects.create(
        article=article, action=action, user=acting_user(user), note=note[:300]
    )


def record_save(
    *,
    article: Article,
    user: User,
    old_status: str | None,
    old_published_at: datetime.datetime | None,
    via: str = "",
) -> list[ArticleEvent]:
    """Audit a save: "created", and the state change it made, if any. ``via`` names the
    channel when it is not the admin (e.g. "API"), kept in each event's note."""
    events = []
    if old_status is None:
        events.append(
            record(article=article, action=EventAction.CREATED, user=user, note=_via(via))
        )
        if article.status == ArticleStatus.DRAFT:
            return events
        old_status = ArticleStatus.DRAFT
    action = transition(old_status, old_published_at, article)
    if action is not None:
        note = ""
        if action == EventAction.SCHEDULED:
            note = f"for {timezone.localtime(article.published_at):%Y-%m-%d %H:%M %Z}"
        note = " ".join(part for part in (note, _via(via)) if part)
        events.append(record(article=article, action=action, user=user, note=note))
    return events


def _via(channel: str) -> str:
    return f"via {channel}" if channel else ""


def acting_user(user: User) -> AbstractBaseUser | None:
    """The user to stamp on rows (created_by, updated_by, revisions, events): nobody when
    the system acts (a command run without ``--user``, an anonymous request)."""
    return user if user is not None and user.is_authenticated else None


def _change_status(
    *,
    article: Article,
    user: User,
    status: str,
    comment: str,
    when: datetime.datetime | None = None,
    via: str = "",
) -> Article:
    old_status, old_published_at = article.status, article.published_at
    with transaction.atomic(), reversion.create_revision():
        old_path = public_path(article)
        article.status = status
        if when is not None:
            article.published_at = when
        article.updated_by = acting_user(user)
        article.save()
        keep_old_address(article=article, old_path=old_path)
        reversion.set_user(acting_user(user))
        reversion.set_comment(f"{comment} ({_via(via)})" if via else comment)
        events = record_save(
            article=article,
            user=user,
            old_status=old_status,
            old_published_at=old_published_at,
            via=via,
        )
        notify(article=article, events=events)
    return article


def publish_article(
    *, article: Article, user: User, when: datetime.datetime | None = None, via: str = ""
) -> Article:
    """Make ``article`` public at ``when`` (default: now, or the date it already has)."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish.")
    if problem := missing_credit(article):
        raise CreditMissing(problem)
    return _change_status(
        article=article,
        user=user,
        status=ArticleStatus.PUBLISHED,
        comment="Published.",
        when=when,
        via=via,
    )


def unpublish_article(*, article: Article, user: User, via: str = "") -> Article:
    """Back to draft; the publication date is kept for re-publishing."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can unpublish.")
    return _change_status(
        article=article, user=user, status=ArticleStatus.DRAFT, comment="Unpublished.", via=via
    )


def withdraw_article(*, article: Article, user: User, via: str = "") -> Article:
    """Take a published article down for good: its address answers 410 Gone."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can withdraw.")
    return _change_status(
        article=article, user=user, status=ArticleStatus.WITHDRAWN, comment="Withdrawn.", via=via
    )


def submit_for_review(*, article: Article, user: User, via: str = "") -> Article:
    if not can_edit(user, article):
        raise PermissionDenied("You cannot edit this article.")
    if article.status != ArticleStatus.DRAFT:
        return article
    return _change_status(
        article=article,
        user=user,
        status=ArticleStatus.REVIEW,
        comment="Submitted for review.",
        via=via,
    )
