"""Contact Us: messages are stored before any e-mail, spam and header tricks are refused."""

import pytest
from django.core import mail

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


def test_header_injection_is_a_field_error(client):
    response = client.post("/contact/", {**VALID, "subject": "Hi\nBcc: victim@example.org"})
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not ContactMessage.objects.exists()


def test_overlong_message_is_refused(client):
    response = client.post("/contact/", {**VALID, "message": "x" * 5001})
    assert "message" in response.context["form"].errors


def test_mail_failure_loses_nothing(client, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("pages.views.send_mail", broken)
    response = client.post("/contact/", VALID)
    assert response.status_code == 302
    assert ContactMessage.objects.filter(subject="A correction").exists()
