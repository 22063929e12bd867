from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from articles import sitemaps
from articles.dependencies import SITEMAPS
from caching.http import public_cache

sitemap_cache = public_cache(max_age=900, stale_while_revalidate=3600, shows=[SITEMAPS])
news_cache = public_cache(max_age=300, shows=[SITEMAPS])

admin.site.site_header = "Newsroom administration"
admin.site.site_title = "Newsroom admin"

# A database outage answers 503 from a standalone page, not 500: see newsroom.views.
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", sitemap_cache(sitemaps.index), name="sitemap-index"),
    path("sitemap-<section>.xml", sitemap_cache(sitemaps.sitemap), name="sitemap-section"),
    path("news-sitemap.xml", news_cache(sitemaps.news_sitemap), name="news-sitemap"),
    path("api/", include("api.urls")),
    path("", include("pages.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
