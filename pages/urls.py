from django.urls import path

from caching.http import public_cache
from caching.version import SITE

from . import views

app_name = "pages"

urlpatterns = [
    path(
        "links/", public_cache(max_age=3600, shows=[SITE])(views.LinksView.as_view()), name="links"
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path(
        "contact/thanks/",
        public_cache(max_age=3600, shows=[SITE])(views.ContactThanksView.as_view()),
        name="contact_thanks",
    ),
    path("robots.txt", public_cache(max_age=86400, shows=[SITE])(views.robots_txt), name="robots"),
    path("favicon.ico", public_cache(max_age=86400, shows=[SITE])(views.favicon), name="favicon"),
]
