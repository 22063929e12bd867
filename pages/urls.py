from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("links/", views.LinksView.as_view(), name="links"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact_thanks"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
