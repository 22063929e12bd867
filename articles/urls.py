from django.urls import path, register_converter

from caching.http import public_cache

from . import converters, views
from . import dependencies as shows
from .feeds import (
    ArchiveFeed,
    AuthorFeed,
    LatestArticlesFeed,
    SectionFeed,
    SourceFeed,
    TagFeed,
    atom,
)

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigits, "dd")
register_converter(converters.UnicodeSlug, "uslug")

app_name = "articles"

# How long readers' browsers and CDNs may keep each kind of page (seconds), and how long
# they may serve it stale while refetching. The page cache drops them on any edit anyway.
newest = public_cache(max_age=60, stale_while_revalidate=300)
listing = public_cache(max_age=300, stale_while_revalidate=3600)
article = public_cache(max_age=600, stale_while_revalidate=86400)
feed = public_cache(max_age=300, stale_while_revalidate=3600)
search = public_cache(max_age=60, shows=[shows.SEARCH])
catalog = public_cache(max_age=300, stale_while_revalidate=3600, shows=[shows.CATALOG])

urlpatterns = [
    path("", newest(views.NewestView.as_view()), name="newest"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        article(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("feed/", feed(LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feed(atom(LatestArticlesFeed)()), name="feed-atom"),
    path("section/<slug:slug>/", listing(views.SectionView.as_view()), name="section"),
    path("section/<slug:slug>/feed/", feed(SectionFeed()), name="section-feed"),
    path("section/<slug:slug>/feed/atom/", feed(atom(SectionFeed)()), name="section-feed-atom"),
    path("tag/<uslug:slug>/feed/", feed(TagFeed()), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feed(atom(TagFeed)()), name="tag-feed-atom"),
    path("source/<slug:slug>/feed/", feed(SourceFeed()), name="source-feed"),
    path("source/<slug:slug>/feed/atom/", feed(atom(SourceFeed)()), name="source-feed-atom"),
    path("tag/<uslug:slug>/", listing(views.TagView.as_view()), name="tag"),
    path("author/<slug:slug>/", listing(views.AuthorView.as_view()), name="author"),
    path("author/<slug:slug>/feed/", feed(AuthorFeed()), name="author-feed"),
    path("author/<slug:slug>/feed/atom/", feed(atom(AuthorFeed)()), name="author-feed-atom"),
    path("source/<slug:slug>/", listing(views.SourceView.as_view()), name="source"),
    path(
        "archive/<yyyy:year>/<dd:month>/", listing(views.MonthArchiveView.as_view()), name="archive"
    ),
    path("archive/<yyyy:year>/<dd:month>/feed/", feed(ArchiveFeed()), name="archive-feed"),
    path(
        "archive/<yyyy:year>/<dd:month>/feed/atom/",
        feed(atom(ArchiveFeed)()),
        name="archive-feed-atom",
    ),
    path("sitemap/", catalog(views.SiteMapView.as_view()), name="sitemap"),
    path("search/", search(views.SearchView.as_view()), name="search"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
]
