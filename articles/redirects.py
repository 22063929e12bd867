"""Old article addresses: when a public article moves, its old address answers 301.

An article's address holds its publication date and slug; bookmarks, other sites' links
and search engines know the old one. The paths that can move an article (the admin form,
the workflow, the importer's updates) read ``public_path`` before they save and call
``keep_old_address`` after: a step each of them names, not a side effect ``Article.save()``
hides from every caller. (A restore keeps the address: ``history.KEPT_ON_RESTORE``.)
``ArticleDetailView.moved_or_gone`` answers the old addresses.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from .models import Article, ArticleRedirect, article_url, article_url_date


def public_path(article: Article) -> str | None:
    """The address ``article``'s stored row is public at now, or None (unsaved, not public).

    Read before saving: the instance itself may already carry the new slug or date.
    """
    if article.pk is None:
        return None
    row = (
        Article.objects.published()
        .filter(pk=article.pk)
        .values_list("slug", "published_at")
        .first()
    )
    return article_url(row[0], article_url_date(row[1])) if row else None


def keep_old_address(*, article: Article, old_path: str | None) -> None:
    """After a save: if ``article`` was public at ``old_path`` and now lives elsewhere,
    redirect ``old_path`` to its new address (the newest move wins an address)."""
    if old_path and old_path != article.get_absolute_url():
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})


class OldAddressMiddleware:
    """Old addresses that are not article addresses (another CMS's permalinks, such as a
    WordPress site's ``/hello-world/`` or ``/archives/123``): a page not found there
    answers 301 with the article's address once the article is public, as
    ``django.contrib.redirects`` does for its own table. Costs a query on 404s only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        return redirect_for(request.path) or response


def redirect_for(path: str) -> HttpResponsePermanentRedirect | None:
    """A 301 to the public article that once lived at ``path`` (with or without its
    trailing slash), or None: not known, or the article is not public (a draft, a
    scheduled story before its time)."""
    if "\x00" in path:  # no stored address holds one (PostgreSQL refuses it in a query)
        return None
    candidates = {path, path.rstrip("/") + "/"} if path != "/" else {path}
    old = (
        ArticleRedirect.objects.filter(old_path__in=candidates)
        .select_related("article")
        .order_by("-created_at")
        .first()
    )
    if old is None or not old.article.is_published():
        return None
    return HttpResponsePermanentRedirect(old.article.get_absolute_url())
