"""``/api/v1/...``, the schema at ``/api/schema/`` and its documentation at ``/api/docs/``."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from caching.http import public_cache
from caching.version import SITE

from . import desk, views

app_name = "api"

# Readers' answers may be kept by browsers, CDNs and the page cache (which drops them on
# any edit of what they show); how long others may keep them, in seconds.
listing = public_cache(max_age=60, stale_while_revalidate=300)
detail = public_cache(max_age=300, stale_while_revalidate=3600)
schema = public_cache(max_age=3600, shows=[SITE])

public = SimpleRouter()
public.register("articles", views.ArticleViewSet, basename="article")
public.register("sections", views.SectionViewSet, basename="section")
public.register("sources", views.SourceViewSet, basename="source")
public.register("tags", views.TagViewSet, basename="tag")
public.register("authors", views.AuthorViewSet, basename="author")


def cached(pattern):
    """A router's URL with the page cache's permission: lists and details differ."""
    callback = pattern.callback
    wrap = listing if pattern.name.endswith("-list") else detail
    pattern.callback = wrap(callback)
    return pattern


desk_router = SimpleRouter()
desk_router.register("articles", desk.DeskArticleViewSet, basename="desk-article")

# Swagger UI's own files (drf-spectacular-sidecar) load inline SVG icons as data: URLs.
docs_view = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/swagger_ui.html", title="Newsroom API"
    )
)

urlpatterns = [
    path("v1/", include([cached(pattern) for pattern in public.urls])),
    path("v1/desk/", include(desk_router.urls)),
    path("v1/desk/imports/", desk.ImportView.as_view(), name="desk-import"),
    path("schema/", schema(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", docs_view, name="docs"),
    re_path(r"", views.not_found),
]
