from __future__ import annotations

import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from newsroom.client_ip import client_ip
from newsroom.site_url import absolute_url

from . import throttle
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
        address = client_ip(self.request)
        wait = throttle.hit("contact", address or "unknown", settings.NEWSROOM_CONTACT_RATE_LIMITS)
        if wait:
            return self.too_many(form, wait)
        if form.is_spam():
            # Look like success to the bot; store nothing.
            return super().form_valid(form)
        message: ContactMessage = form.save(commit=False)
        message.ip_address = address
        message.save()  # stored first: a mail failure must not lose the message
        notify_editors(message)
        return super().form_valid(form)

    def too_many(self, form: ContactForm, wait: int) -> HttpResponse:
        """429, with the form and its text kept so nothing typed is lost."""
        form.add_error(
            None,
            _(
                "You have sent several messages in a short time. Please wait %(minutes)d "
                "minutes before sending another."
            )
            % {"minutes": max(1, round(wait / 60))},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(wait)
        return response


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
        # A moved admin (ADMIN_URL) is not named: robots.txt is public, and the admin's
        # pages carry their own noindex.
        *([f"Disallow: {reverse('admin:index')}"] if settings.ADMIN_URL == "admin/" else []),
        f"Disallow: {reverse('articles:preview', kwargs={'token': 'x'}).rsplit('x/', 1)[0]}",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
