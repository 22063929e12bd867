"""The staff API (``/api/v1/desk/``): tools write drafts and move them through the
workflow, as the person whose token they hold.

Nothing here has rules of its own. Input goes through the admin's article form
(``ArticleAdminForm``: sanitizing on save, the credit gate, the edit-conflict check
under a row lock) and saves the way the admin saves (revision, audit trail, old
addresses); status changes are ``articles.workflow``'s functions, which hold the
permissions; a reprint by URL is the importer's. The channel, "API", is written into
each revision's comment and each workflow event's note.
"""

from __future__ import annotations

import datetime

import reversion
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms.models import modelform_factory
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from articles import embeds, redirects, workflow
from articles.authors import own_author
from articles.forms import ArticleAdminForm, TagNamesField, https_url_formfield
from articles.models import Article, ArticleAuthor, ArticleStatus
from articles.notifications import notify
from reprints import importer

from . import serializers as api
from .views import article_prefetches, errors

CHANNEL = "API"
FORM_FIELDS = [
    "title", "slug", "summary", "byline", "dateline", "body", "language", "section", "tags",
    "source", "agency", "original_url", "original_published_at", "syndication_policy",
]  # fmt: skip

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The `ETag` you read. If someone saved the article since, nothing is "
    "changed and the answer is 412.",
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Edit conflict: the article was saved since the version you name."
    default_code = "edit_conflict"


class PrivateAnswers:
    """Staff answers are for the token's holder only: no shared cache keeps them."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


class IsStaff(permissions.BasePermission):
    """Staff accounts (the admin's own rule); the role decides the rest, per action."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def etag(article: Article) -> str:
    return f'"article-{article.pk}-v{article.edit_version}"'


def base_version(request, article: Article) -> int | None:
    """The edit version ``If-Match`` names (None without one); 412 when it is not the
    stored one. The form checks the version again under a row lock before saving."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    wanted = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if etag(article) not in wanted:
        raise PreconditionFailed
    return article.edit_version


def tags_formfield(db_field, **kwargs):
    if db_field.name == "tags":
        return TagNamesField(required=False)
    return https_url_formfield(db_field, **kwargs)


def article_form(user) -> type[forms.ModelForm]:
    """The admin's article form, for this user, with the fields the API writes."""
    form = modelform_factory(
        Article, form=ArticleAdminForm, fields=FORM_FIELDS, formfield_callback=tags_formfield
    )
    return type("ApiArticleForm", (form,), {"current_user": user})


def form_data(values: dict, article: Article | None) -> dict:
    """What the form is posted: the stored values, overlaid with the request's (a PATCH
    changes only what it names)."""
    data: dict = {}
    if article is not None:
        data = forms.model_to_dict(article, fields=[f for f in FORM_FIELDS if f != "tags"])
        data["tags"] = list(article.tags.names())
        data["base_version"] = None
    for name, value in values.items():
        if isinstance(value, models.Model):
            value = value.pk
        data[name] = "" if value is None else value
    for name, value in list(data.items()):
        if isinstance(value, datetime.datetime):
            data[name] = value.isoformat()
    if article is None and not data.get("slug"):
        data["slug"] = importer.unique_slug(data.get("title", ""))
    return {name: value for name, value in data.items() if value is not None}


def save_article(*, request, article: Article | None, values: dict) -> Article:
    """Validate with the admin's form and save as the admin does, in one transaction."""
    user = request.user
    version = base_version(request, article) if article is not None else None
    with transaction.atomic(), reversion.create_revision():
        data = form_data(values, article)
        if version is not None:
            data["base_version"] = version
        form = article_form(user)(data=data, instance=article)
        if not form.is_valid():
            if any(error.code == "edit_conflict" for error in form.non_field_errors().as_data()):
                raise PreconditionFailed
            raise ValidationError(form.errors.get_json_data())
        stored = None
        if article is not None:
            stored = (
                Article.objects.filter(pk=article.pk).values_list("status", "published_at").first()
            )
        old_status, old_published_at = stored if stored else (None, None)
        old_path = redirects.public_path(form.instance)
        obj = form.save(commit=False)
        if article is None:
            obj.created_by = user
        obj.updated_by = user
        obj.save()
        form.save_m2m()
        if article is None and (author := own_author(user)):
            ArticleAuthor.objects.create(article=obj, author=author)
        redirects.keep_old_address(article=obj, old_path=old_path)
        embeds.remember_videos(obj.body)
        reversion.set_user(user)
        reversion.set_comment(f"{'Added' if article is None else 'Changed'} (via {CHANNEL}).")
        events = workflow.record_save(
            article=obj,
            user=user,
            old_status=old_status,
            old_published_at=old_published_at,
            via=CHANNEL,
        )
        notify(article=obj, events=events)
    return obj


def desk_articles(user) -> models.QuerySet:
    """The articles ``user`` may see here, with what the serializer reads: editors all,
    writers their own drafts and articles in review (``workflow.can_edit``'s rule)."""
    articles = Article.objects.select_related("section", "source").prefetch_related(
        *article_prefetches(corrections=True)
    )
    if not workflow.can_publish(user):
        articles = articles.filter(status__in=workflow.WRITER_STATUSES, created_by_id=user.pk)
    return articles


class DeskPagination(CursorPagination):
    ordering = ("-updated_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


STATUS_FILTER = OpenApiParameter(
    "status", str, enum=ArticleStatus.values, description="Only articles in this state."
)
WRITE_ERRORS = errors(400, 401, 403, 404, 412)


class PublishRequestSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="A future date schedules the article. Left out: the date it already has "
        "(a scheduled article stays scheduled), else now.",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Articles you may edit",
        description="Editors: every article. Writers: their own drafts and articles in "
        "review. Most recently changed first.",
        parameters=[STATUS_FILTER],
        responses={200: api.DeskArticleSerializer(many=True), **errors(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="One article you may edit",
        description="The `ETag` header names this version; send it back as `If-Match`.",
        responses={200: api.DeskArticleSerializer, **errors(401, 403, 404)},
    ),
    create=extend_schema(
        summary="Write a new draft",
        request=api.ArticleWriteSerializer,
        responses={201: api.DeskArticleSerializer, **errors(400, 401, 403)},
    ),
    update=extend_schema(
        summary="Update an article (title required; fields left out keep their values)",
        parameters=[IF_MATCH],
        request=api.ArticleWriteSerializer,
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some of an article's fields",
        parameters=[IF_MATCH],
        request=api.ArticleWriteSerializer,
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    ),
)
class DeskArticleViewSet(
    PrivateAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsStaff]
    serializer_class = api.DeskArticleSerializer
    pagination_class = DeskPagination
    throttle_classes: list = []  # staff only: the anonymous limit does not apply

    def get_queryset(self):
        articles = desk_articles(self.request.user)
        wanted = self.request.query_params.get("status")
        if self.action == "list" and wanted:
            if wanted not in ArticleStatus.values:
                raise ValidationError({"status": [f"One of {', '.join(ArticleStatus.values)}."]})
            articles = articles.filter(status=wanted)
        return articles

    def check_permissions(self, request) -> None:
        super().check_permissions(request)
        user = request.user
        needed = {
            "create": "articles.add_article",
            "update": "articles.change_article",
            "partial_update": "articles.change_article",
        }.get(self.action, "articles.view_article")
        if not (user.has_perm(needed) or user.has_perm("articles.change_article")):
            raise Forbidden

    def editable(self) -> Article:
        article = self.get_object()
        if not workflow.can_edit(self.request.user, article):
            raise Forbidden("You cannot edit this article.")
        return article

    def answer(self, article: Article, code: int = status.HTTP_200_OK) -> Response:
        article = self.get_queryset().get(pk=article.pk)  # fresh, with what the serializer reads
        response = Response(self.get_serializer(article).data, status=code)
        response["ETag"] = etag(article)
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        return self.answer(self.get_object())

    def create(self, request, *args, **kwargs) -> Response:
        values = self.validated(partial=False)
        return self.answer(
            save_article(request=request, article=None, values=values), status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs) -> Response:
        article = self.editable()
        values = self.validated(partial=kwargs.get("partial", False))
        return self.answer(save_article(request=request, article=article, values=values))

    def validated(self, *, partial: bool) -> dict:
        incoming = api.ArticleWriteSerializer(data=self.request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        return dict(incoming.validated_data)

    # --- the workflow ------------------------------------------------------------------

    def move(self, step, **kwargs) -> Response:
        article = self.get_object()
        base_version(self.request, article)
        try:
            with transaction.atomic():
                locked = Article.objects.select_for_update().get(pk=article.pk)
                if locked.edit_version != article.edit_version:
                    raise PreconditionFailed
                step(article=locked, user=self.request.user, via=CHANNEL, **kwargs)
        except PermissionDenied as exc:
            raise Forbidden(str(exc)) from exc
        except workflow.CreditMissing as exc:
            raise ValidationError({"source": [str(exc)]}) from exc
        return self.answer(article)

    @extend_schema(
        summary="Submit a draft for review",
        request=None,
        parameters=[IF_MATCH],
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None) -> Response:
        return self.move(workflow.submit_for_review)

    @extend_schema(
        summary="Publish now, or schedule (editors)",
        description="A reprint without its source is refused (400): credit comes first.",
        request=PublishRequestSerializer,
        parameters=[IF_MATCH],
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None) -> Response:
        given = PublishRequestSerializer(data=request.data or {})
        given.is_valid(raise_exception=True)
        return self.move(workflow.publish_article, when=given.validated_data.get("published_at"))

    @extend_schema(
        summary="Back to draft (editors)",
        request=None,
        parameters=[IF_MATCH],
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None) -> Response:
        return self.move(workflow.unpublish_article)

    @extend_schema(
        summary="Withdraw for good: the address answers 410 (editors)",
        request=None,
        parameters=[IF_MATCH],
        responses={200: api.DeskArticleSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None) -> Response:
        return self.move(workflow.withdraw_article)


class ImportRequestSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=1000, help_text="The original article's address.")


class ImportResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[importer.IMPORTED, importer.UPDATED, importer.SKIPPED]
    )
    message = serializers.CharField()
    article = api.DeskArticleSerializer(allow_null=True)


class ImportView(PrivateAnswers, APIView):
    """A reprint by its original's address: fetched and read by the importer (the same
    address guard, size limits, repairs and credit as ``import_articles``), as a draft."""

    permission_classes = [IsStaff]
    throttle_classes: list = []

    @extend_schema(
        summary="Import a reprint from its original's address",
        request=ImportRequestSerializer,
        responses={
            201: ImportResultSerializer,
            200: ImportResultSerializer,
            **errors(400, 401, 403),
        },
    )
    def post(self, request) -> Response:
        if not request.user.has_perm("articles.add_article"):
            raise Forbidden
        given = ImportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        options = importer.Options(user=request.user, via=CHANNEL)
        try:
            document = importer.document_from_url(given.validated_data["url"])
            prepared = importer.prepare(document, options)
        except (importer.ImportFailure, importer.ExtractionError) as exc:
            raise ValidationError({"url": [str(exc)]}) from exc
        outcome = importer.save(prepared, options)
        if outcome.status == importer.FAILED:
            raise ValidationError({"url": [outcome.message]})
        article = None
        if outcome.article is not None:
            row = desk_articles(request.user).filter(pk=outcome.article.pk).first()
            article = api.DeskArticleSerializer(row).data if row is not None else None
        code = (
            status.HTTP_201_CREATED if outcome.status == importer.IMPORTED else status.HTTP_200_OK
        )
        return Response(
            {"status": outcome.status, "message": outcome.message, "article": article}, status=code
        )
