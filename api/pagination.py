"""Cursor pagination: stable pages however many articles are published meanwhile."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination

UPDATED_SINCE = "updated_since"


class ArticleCursorPagination(CursorPagination):
    """Newest first by publication date (``-published_at, -id``); a sync client asking
    ``updated_since`` walks changes oldest first (``updated_at, id``), so it can keep the
    last ``updated_at`` it saw and resume from there."""

    ordering = ("-published_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        if request.query_params.get(UPDATED_SINCE):
            return ("updated_at", "id")
        return self.ordering


class SlugCursorPagination(CursorPagination):
    """Sources, tags and authors, by slug (unique, so the order is total)."""

    ordering = ("slug",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
