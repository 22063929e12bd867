"""Contact Us: messages are stored before any e-mail, spam and header tricks are refused."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from pages.models import ContactMessage

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ana Silva",
    "email": "ana@example.org",
    "subject": "A correction",
    "message": "The trade figure is wrong.",
    "website": "",
}


def test_form_page_renders_with_csrf(client):
    html = client.get("/contact/").content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'name="subject"' in html


def test_message_is_stored_mailed_and_thanked(client):
    response = client.post("/contact/", VALID)
    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    stored = ContactMessage.objects.get()
    assert (stored.subject, stored.status) == ("A correction", "new")
    assert len(mail.outbox) == 1
    assert "A correction" in mail.outbox[0].subject
    assert "Thank you" in client.get("/contact/thanks/").content.decode()


def test_honeypot_stores_nothing(client):
    response = client.post("/contact/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_mail_failure_loses_nothing(client, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("pages.views.send_mail", broken)
    response = client.post("/contact/", VALID)
    assert response.status_code == 302
    assert ContactMessage.objects.filter(subject="A correction").exists()


class TestRateLimit:
    def test_an_address_may_send_five_an_hour_then_gets_429_with_its_text_kept(
        self, client, settings
    ):
        per_hour = settings.NEWSROOM_CONTACT_RATE_LIMITS[0][0]
        assert per_hour == 5
        for number in range(per_hour):
            assert (
                client.post("/contact/", {**VALID, "subject": f"Note {number}"}).status_code == 302
            )
        response = client.post("/contact/", {**VALID, "subject": "One too many"})
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        html = response.content.decode()
        assert "several messages in a short time" in html
        assert "The trade figure is wrong." in html  # what they typed is still there
        assert ContactMessage.objects.count() == per_hour
        assert len(mail.outbox) == per_hour

    def test_other_addresses_are_not_affected(self, client, settings):
        for _ in range(settings.NEWSROOM_CONTACT_RATE_LIMITS[0][0] + 1):
            client.post("/contact/", VALID, REMOTE_ADDR="203.0.113.1")
        assert client.post("/contact/", VALID, REMOTE_ADDR="203.0.113.2").status_code == 302

    def test_the_hourly_window_passes_and_the_daily_limit_remains(self, client, settings):
        settings.NEWSROOM_CONTACT_RATE_LIMITS = [(2, 3600), (3, 86400)]
        start = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as clock:
            assert [client.post("/contact/", VALID).status_code for _ in range(3)] == [
                302,
                302,
                429,
            ]
            clock.shift(datetime.timedelta(hours=1))
            assert client.post("/contact/", VALID).status_code == 302
            response = client.post("/contact/", VALID)
            assert response.status_code == 429  # the day's three are used
            assert int(response["Retry-After"]) > 3600

    def test_bots_filling_the_honeypot_count_too(self, client, settings):
        settings.NEWSROOM_CONTACT_RATE_LIMITS = [(1, 3600)]
        client.post("/contact/", {**VALID, "website": "http://spam.example"})
        assert client.post("/contact/", VALID).status_code == 429
        assert not ContactMessage.objects.exists()

    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self, client, settings):
        settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
        settings.NEWSROOM_CONTACT_RATE_LIMITS = [(1, 3600)]
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        forwarded = "198.51.100.1, 203.0.113.50"  # a spoofed entry, then the real client
        response = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=forwarded, **proxy)
        assert response.status_code == 302
        assert ContactMessage.objects.get().ip_address == "203.0.113.50"
        spoofed = "203.0.113.99, 203.0.113.50"
        response = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=spoofed, **proxy)
        assert response.status_code == 429
        other = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="203.0.113.51", **proxy)
        assert other.status_code == 302

    def test_an_unreachable_cache_lets_messages_through(self, client, settings, redis_down):
        settings.NEWSROOM_CONTACT_RATE_LIMITS = [(1, 3600)]
        assert client.post("/contact/", VALID).status_code == 302
        assert client.post("/contact/", VALID).status_code == 302
        assert ContactMessage.objects.count() == 2


class TestLimits:
    @pytest.mark.parametrize(
        ("field", "longest"), [("name", 100), ("email", 254), ("subject", 150), ("message", 5000)]
    )
    def test_each_field_has_a_length_limit(self, client, field, longest):
        value = "x" * (longest + 1)
        if field == "email":
            value = "a" * (longest - 11) + "@example.org"
        response = client.post("/contact/", {**VALID, field: value})
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not ContactMessage.objects.exists()

    def test_the_form_tells_browsers_the_limits(self, client):
        html = client.get("/contact/").content.decode()
        for longest in (100, 150, 5000):
            assert f'maxlength="{longest}"' in html

    @pytest.mark.parametrize("field", ["name", "subject"])
    @pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
    def test_no_line_breaks_in_header_fields(self, client, field, newline):
        response = client.post("/contact/", {**VALID, field: f"Hi{newline}Bcc: x@example.org"})
        assert field in response.context["form"].errors
        assert not mail.outbox
        assert not ContactMessage.objects.exists()

    def test_an_address_with_a_header_in_it_is_refused(self, client):
        response = client.post("/contact/", {**VALID, "email": "a@example.org\nBcc: x@example.org"})
        assert "email" in response.context["form"].errors
        assert not mail.outbox


def test_a_post_without_the_csrf_token_is_refused_with_our_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/contact/", VALID)
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_form_posts_with_its_token():
    browser = Client(enforce_csrf_checks=True)
    browser.get("/contact/")
    token = browser.cookies["csrftoken"].value
    response = browser.post("/contact/", {**VALID, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ContactMessage.objects.exists()


def test_messages_are_listed_in_the_admin_inbox_by_status(client, superuser):
    client.post("/contact/", VALID)
    client.force_login(superuser)
    html = client.get("/admin/pages/contactmessage/?status__exact=new").content.decode()
    assert "A correction" in html
