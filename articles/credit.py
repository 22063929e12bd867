"""The credit gate: a story that came from another outlet never goes public without it.

An article "came from elsewhere" when it names an original URL, or when an app that
brings stories in (the reprint importer, the wire) says so: such apps register a check
here in their ``AppConfig.ready()``, so this module knows no app that depends on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Article

OriginCheck = Callable[["Article"], bool]
_origin_checks: list[OriginCheck] = []


def register_origin_check(check: OriginCheck) -> None:
    """Add a test for "this article reprints another outlet's story" (idempotent)."""
    if check not in _origin_checks:
        _origin_checks.append(check)


def came_from_elsewhere(article: Article) -> bool:
    if article.original_url:
        return True
    return article.pk is not None and any(check(article) for check in _origin_checks)


def missing_credit(article: Article) -> str:
    """Why ``article`` may not be published as it stands, or "" when its credit is complete."""
    if article.source_id is None and came_from_elsewhere(article):
        return _(
            "This story came from another outlet: choose the outlet it came from (Source) "
            "before publishing or scheduling it, so readers see who to credit."
        )
    return ""
