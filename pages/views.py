from __future__ import annotations

import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, ListView, TemplateView

from .forms import ContactForm
from .models import ContactMessage, Link
from .sitewide import get_sitewide

logger = logging.getLogger(__name__)


class LinksView(ListView):
    model = Link
    template_name = "pages/links.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = [
            (group, list(links))
            for group, links in groupby(context["object_list"], key=lambda link: link.group)
        ]
        return context


class ContactView(FormView):
    form_class = ContactForm
    template_name = "pages/contact.html"
    success_url = reverse_lazy("pages:contact_thanks")

    def form_valid(self, form: ContactForm) -> HttpResponse:
        if form.is_spam():
            # Look like success to the bot; store nothing.
            return super().form_valid(form)
        message: ContactMessage = form.save(commit=False)
        message.ip_address = self.request.META.get("REMOTE_ADDR") or None
        message.save()  # stored first: a mail failure must not lose the message
        notify_editors(message)
        return super().form_valid(form)


def notify_editors(message: ContactMessage) -> None:
    site = get_sitewide().settings
    try:
        send_mail(
            subject=f"[{site.name}] {message.subject}",
            message=render_to_string("pages/contact_email.txt", {"message": message}),
            from_email=None,
            recipient_list=[site.contact_email],
        )
    except OSError:
        # SMTP down: the message is already in the admin inbox.
        logger.exception("contact message %s stored but not e-mailed", message.pk)


class ContactThanksView(TemplateView):
    template_name = "pages/contact_thanks.html"


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('articles:preview', kwargs={'token': 'x'}).rsplit('x/', 1)[0]}",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('news-sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
