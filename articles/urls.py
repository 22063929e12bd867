from django.urls import path, register_converter

from . import converters, views
from .feeds import LatestArticlesFeed, SectionFeed, SourceFeed, TagFeed, atom

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigits, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.NewestView.as_view(), name="newest"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("feed/atom/", atom(LatestArticlesFeed)(), name="feed-atom"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("section/<slug:slug>/feed/", SectionFeed(), name="section-feed"),
    path("section/<slug:slug>/feed/atom/", atom(SectionFeed)(), name="section-feed-atom"),
    path("tag/<slug:slug>/feed/", TagFeed(), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", atom(TagFeed)(), name="tag-feed-atom"),
    path("source/<slug:slug>/feed/", SourceFeed(), name="source-feed"),
    path("source/<slug:slug>/feed/atom/", atom(SourceFeed)(), name="source-feed-atom"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("source/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("archive/<yyyy:year>/<dd:month>/", views.MonthArchiveView.as_view(), name="archive"),
    path("sitemap/", views.SiteMapView.as_view(), name="sitemap"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
]
