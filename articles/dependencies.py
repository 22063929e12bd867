"""What reader pages show of articles, named for the caches (``caching.dependencies``).

Pages and fragments declare what they show as they are built; edits bump what they
change (registered in ``apps.py``). So saving one article makes stale its own page and
whatever shows it, and nothing else:

* ``article:<id>``: anything showing the article: its page, its card, a story link to
  it in another article's "Related" list, its feed items. Every save bumps it, and so
  do edits of its photos, corrections, tags and old addresses.
* ``list:newest``, ``list:section:<id>``, ``list:tag:<id>``, ``list:source:<id>``,
  ``list:author:<id>``, ``list:month:<yyyy-mm>``: which public articles a listing
  holds, in which order (its count, its pages of ids, its feeds) and the candidates for
  "Related" and "More from" lists. Bumped only when an article enters or leaves them,
  or moves within them: it is published, withdrawn, re-dated, or moved to another
  section, source, tag or author; pinning a lead story moves Newest.
* ``search``, ``sitemaps``: search results and the XML sitemaps (which carry every
  article's modification date) change with any article edit.
* ``catalog``: the HTML site map's counts, which change with any listing.

Site chrome (sections, links, site settings), sources, tags' names and disclaimers
bump ``site``: everything.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.utils import timezone

from caching.dependencies import depends_on

NEWEST = "list:newest"
SEARCH = "search"
SITEMAPS = "sitemaps"
CATALOG = "catalog"


def article(pk: int) -> str:
    return f"article:{pk}"


def section_list(pk: int) -> str:
    return f"list:section:{pk}"


def tag_list(pk: int) -> str:
    return f"list:tag:{pk}"


def source_list(pk: int) -> str:
    return f"list:source:{pk}"


def author_list(pk: int) -> str:
    return f"list:author:{pk}"


def month_list(moment: datetime.datetime | datetime.date) -> str:
    """A month's archive, in the site's time zone (as ``in_month`` reads it)."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return f"list:month:{moment:%Y-%m}"


def shows_articles(pks: Iterable[int]) -> None:
    depends_on(*(article(pk) for pk in pks))


# --- what an edit changes ------------------------------------------------------------------

# An article's place in listings: where it is listed, and where in the order.
Placement = tuple[datetime.datetime, int | None, int | None] | None


def placement(status: str, published_at, section_id, source_id) -> Placement:
    """Where a public article is listed (``None``: it is not public).

    A scheduled article is not public yet; the moment it goes live moves ``site``
    (``caching.version``), so its future place needs no bump now.
    """
    from .models import Article

    if status != Article.Status.PUBLISHED or not published_at or published_at > timezone.now():
        return None
    return (published_at, section_id, source_id)


def lists_of(place: Placement, tag_ids: Iterable[int], author_ids: Iterable[int] = ()) -> set[str]:
    if place is None:
        return set()
    published_at, section_id, source_id = place
    names = {NEWEST, month_list(published_at), CATALOG, *(tag_list(pk) for pk in tag_ids)}
    names.update(author_list(pk) for pk in author_ids)
    if section_id:
        names.add(section_list(section_id))
    if source_id:
        names.add(source_list(source_id))
    return names


def remember_placement(sender, instance, raw: bool = False, **kwargs) -> None:
    """Before an article is saved, where it was listed (read from the database: the
    instance in hand may be older than the row)."""
    from .models import Article

    before = None
    if instance.pk and not raw:
        row = (
            Article.objects.filter(pk=instance.pk)
            .values_list("status", "published_at", "section_id", "source_id")
            .first()
        )
        before = placement(*row) if row else None
    instance._placement_before = before


def article_changed(instance) -> set[str]:
    """An article was saved or deleted: its own page and wherever it is shown; the
    listings it entered, left or moved in."""
    from .models import ArticleAuthor, TaggedArticle

    names = {article(instance.pk), SEARCH, SITEMAPS}
    before = getattr(instance, "_placement_before", None)
    after = placement(
        instance.status, instance.published_at, instance.section_id, instance.source_id
    )
    if before != after:
        tag_ids = list(
            TaggedArticle.objects.filter(content_object_id=instance.pk).values_list(
                "tag_id", flat=True
            )
        )
        author_ids = list(
            ArticleAuthor.objects.filter(article_id=instance.pk).values_list("author_id", flat=True)
        )
        names |= lists_of(before, tag_ids, author_ids) | lists_of(after, tag_ids, author_ids)
    return names


def article_deleted(instance) -> set[str]:
    """Its tags' rows went first (each bumped its tag's listing)."""
    before = placement(
        instance.status, instance.published_at, instance.section_id, instance.source_id
    )
    return {article(instance.pk), SEARCH, SITEMAPS} | lists_of(before, [])


def address(path: str) -> str:
    """What answers at a former address of an article (a 301, or a 410)."""
    return "address:" + hashlib.sha256(path.encode()).hexdigest()[:20]


def part_changed(instance) -> set[str]:
    """A photo placement or a correction of one article."""
    return {article(instance.article_id), SITEMAPS, SEARCH}


def redirect_changed(instance) -> set[str]:
    """An old address: what answers there, and the article it leads to."""
    return {address(instance.old_path), article(instance.article_id)}


def photo_changed(instance) -> set[str]:
    """A photo in the library: every article showing it (and the image sitemap)."""
    from .models import ArticlePhoto

    users = ArticlePhoto.objects.filter(photo_id=instance.pk).values_list("article_id", flat=True)
    return {SITEMAPS, *(article(pk) for pk in users)}


# Tags are searched, counted in the HTML site map, and listed in the tags' sitemap.
TAGGING = (SEARCH, CATALOG, SITEMAPS)


def tagging_changed(instance) -> set[str]:
    """One article-tag row: the article, the tag's listing (and the "Related" lists
    that draw from it)."""
    return {article(instance.content_object_id), tag_list(instance.tag_id), *TAGGING}


def tags_changed(instance, reverse: bool, pk_set: set[int] | None) -> set[str] | None:
    """``article.tags.add()/remove()`` (or ``tag.articles...`` when ``reverse``)."""
    if pk_set is None:
        return None  # cleared: what was there is gone; everything
    if reverse:
        return {tag_list(instance.pk), *TAGGING, *(article(pk) for pk in pk_set)}
    return {article(instance.pk), *TAGGING, *(tag_list(pk) for pk in pk_set)}


def credit_changed(instance) -> set[str]:
    """One article-author row: the article (its byline), the author's listing."""
    return {article(instance.article_id), author_list(instance.author_id), *TAGGING}


def credits_changed(instance, reverse: bool, pk_set: set[int] | None) -> set[str] | None:
    """``article.authors.add()/remove()`` (or ``author.articles...`` when ``reverse``)."""
    if pk_set is None:
        return None
    if reverse:
        return {author_list(instance.pk), *TAGGING, *(article(pk) for pk in pk_set)}
    return {article(instance.pk), *TAGGING, *(author_list(pk) for pk in pk_set)}


def pin_changed(instance) -> set[str]:
    """A lead story pinned, moved or unpinned: Newest, and the story's own card."""
    return {NEWEST, article(instance.article_id)}
