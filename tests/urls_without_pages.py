"""A URL configuration with the articles only (tests/test_addresses.py)."""

from django.urls import include, path

urlpatterns = [path("", include("articles.urls"))]
