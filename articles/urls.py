from django.urls import path, register_converter

from . import converters, views

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
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("source/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("archive/<yyyy:year>/<dd:month>/", views.MonthArchiveView.as_view(), name="archive"),
    path("sitemap/", views.SiteMapView.as_view(), name="sitemap"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
]
