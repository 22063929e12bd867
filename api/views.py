"""The public read API: what readers may see, as JSON.

Every article query starts from ``Article.objects.published()``, whoever asks: staff
read drafts through ``api.desk``, never here. Answers are public and go through the
page cache (``public_cache`` in ``api.urls``), so each view declares what it shows
(docs/caching.md): an article page its article, every list ``ARTICLE_EDITS``.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from taggit.models import Tag

from articles import dependencies as shows
from articles.models import (
    Article,
    ArticleAuthor,
    ArticlePhoto,
    Author,
    Section,
    Source,
    TaggedArticle,
    published_q,
)
from caching.dependencies import depends_on
from caching.http import last_modified

from . import serializers as api
from .filters import ArticleFilter
from .pagination import ArticleCursorPagination, SlugCursorPagination

# Bumped by every save or deletion of an article and of its parts (photos, corrections,
# tags, credits): the one name every API list depends on, since a list may be filtered
# by anything, "changed since" included. Names shown everywhere (sections, sources,
# tags, authors) move ``site`` and so every page.
ARTICLE_EDITS = shows.SITEMAPS


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def errors(*codes: int) -> dict:
    texts = {
        400: "Invalid input: the body names each field's problems.",
        401: "Missing, invalid, expired or revoked token.",
        403: "Your role may not do this.",
        404: "Not found (or not public).",
        412: "If-Match names an older version: someone saved the article since you read it.",
        429: "Too many requests: retry after the `Retry-After` header's seconds.",
    }
    return {
        code: OpenApiResponse(
            # A 400 names each field's problems ({"field": ["..."]}); the others say one thing.
            OpenApiTypes.OBJECT if code == 400 else ErrorSerializer,
            description=texts[code],
        )
        for code in codes
    }


NOT_MODIFIED = {304: OpenApiResponse(description="Not modified (`If-None-Match`).")}


def set_last_modified(response: Response, articles) -> Response:
    """``Last-Modified`` as the reader pages send it: the latest change readers saw
    (``Article.modified_at``) among what the answer shows."""
    modified = last_modified([article.modified_at for article in articles])
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


def article_prefetches(*, corrections: bool) -> list:
    """What the article serializers read besides the row, in a fixed number of queries
    (the public API's and the desk's)."""
    prefetches = [
        "tags",
        Prefetch(
            "article_photos",
            queryset=ArticlePhoto.objects.select_related("photo").order_by("position", "id"),
        ),
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author__photo").order_by(
                "position", "id"
            ),
        ),
    ]
    return [*prefetches, "corrections"] if corrections else prefetches


def article_queryset(*, detail: bool = False):
    """Public articles with everything the serializers read, in a fixed number of queries."""
    return (
        Article.objects.published()
        .select_related("section", "source")
        .prefetch_related(*article_prefetches(corrections=detail))
    )


@extend_schema_view(
    list=extend_schema(
        summary="Public articles, newest first",
        description="Only public articles (published, publication date passed). Cursor "
        "pagination: follow `next`. With `updated_since` the order is oldest change first.",
        responses={
            200: api.ArticleSerializer(many=True),
            **NOT_MODIFIED,
            **errors(400, 404, 429),  # 404: a cursor that is not one of ours
        },
    ),
    retrieve=extend_schema(
        summary="One public article",
        responses={200: api.ArticleDetailSerializer, **NOT_MODIFIED, **errors(404, 429)},
    ),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = ArticleCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter

    def get_queryset(self):
        return article_queryset(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return api.ArticleDetailSerializer
        return api.ArticleSerializer

    def filter_queryset(self, queryset):
        # The filters narrow the list; an article's own address answers whatever is asked.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request, *args, **kwargs) -> Response:
        depends_on(ARTICLE_EDITS)
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None) or []
        return set_last_modified(response, page)

    def retrieve(self, request, *args, **kwargs) -> Response:
        article = self.get_object()
        depends_on(shows.article(article.pk))
        response = Response(self.get_serializer(article).data)
        return set_last_modified(response, [article])


def taxonomy_schema(name: str, serializer) -> dict:
    return {
        "list": extend_schema(
            summary=f"All {name}",
            responses={200: serializer(many=True), **NOT_MODIFIED, **errors(404, 429)},
        ),
        "retrieve": extend_schema(
            summary=f"One of the {name}, by slug",
            responses={200: serializer, **NOT_MODIFIED, **errors(404, 429)},
        ),
    }


class TaxonomyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def list(self, request, *args, **kwargs) -> Response:
        depends_on(ARTICLE_EDITS)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs) -> Response:
        depends_on(ARTICLE_EDITS)
        return super().retrieve(request, *args, **kwargs)


@extend_schema_view(**taxonomy_schema("sections", api.SectionSerializer))
class SectionViewSet(TaxonomyViewSet):
    """Sections in navigation order; few enough for one page."""

    queryset = Section.objects.order_by("order", "name", "id")
    serializer_class = api.SectionSerializer
    pagination_class = None


@extend_schema_view(**taxonomy_schema("sources", api.SourceSerializer))
class SourceViewSet(TaxonomyViewSet):
    queryset = Source.objects.all()
    serializer_class = api.SourceSerializer
    pagination_class = SlugCursorPagination


@extend_schema_view(**taxonomy_schema("tags (those on public articles)", api.TagSerializer))
class TagViewSet(TaxonomyViewSet):
    """Only tags some public article carries: a tag used on drafts alone says what is
    being written, which is not public yet."""

    serializer_class = api.TagSerializer
    pagination_class = SlugCursorPagination

    def get_queryset(self):
        public = TaggedArticle.objects.filter(published_q("content_object__")).values("tag_id")
        return Tag.objects.filter(pk__in=public)


@extend_schema_view(**taxonomy_schema("authors", api.AuthorSerializer))
class AuthorViewSet(TaxonomyViewSet):
    queryset = Author.objects.select_related("photo")
    serializer_class = api.AuthorSerializer
    pagination_class = SlugCursorPagination


@csrf_exempt  # it changes nothing, whatever the method: a 404, not a CSRF failure page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other address under /api/: a JSON 404, as the API's own 404s are, rather than
    the reader site's HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)
