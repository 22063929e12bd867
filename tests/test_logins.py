"""Staff logins: throttled per user and per address, strong passwords, sessions that end,
and an admin that can move to another address."""

from __future__ import annotations

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import clear_url_caches, reverse

from .factories import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def login_url() -> str:
    return reverse("admin:login")


def attempt(client: Client, username: str, password: str):
    return client.post(
        login_url(), {"username": username, "password": password, "next": reverse("admin:index")}
    )


def client_from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


class TestLockout:
    def test_wrong_passwords_lock_the_user_name_with_a_clear_page(self, editor, settings):
        browser = client_from("203.0.113.5")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = attempt(browser, "editor", "wrong")
            assert response.status_code == 200  # the login form, with its error
        response = attempt(browser, "editor", "wrong")
        assert response.status_code == 429
        html = response.content.decode()
        assert "Sign-in locked" in html
        assert "“editor”" in html
        assert "Try again in 30 minutes" in html
        assert "ask an administrator" in html
        assert response["Retry-After"] == "1800"
        # Now even the right password is refused, from anywhere.
        assert attempt(client_from("198.51.100.7"), "editor", PASSWORD).status_code == 429

    def test_many_user_names_from_one_address_lock_the_address(self, editor, settings):
        attacker = client_from("203.0.113.9")
        for number in range(settings.AXES_FAILURE_LIMIT):
            attempt(attacker, f"guess{number}", "wrong")
        # The address is locked, even for a real account with its right password...
        assert attempt(attacker, "editor", PASSWORD).status_code == 429
        # ...while the editor, elsewhere, signs in as usual.
        assert attempt(client_from("198.51.100.7"), "editor", PASSWORD).status_code == 302

    def test_a_success_before_the_limit_resets_the_count(self, editor, settings):
        browser = client_from("203.0.113.5")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(browser, "editor", "wrong")
        assert attempt(browser, "editor", PASSWORD).status_code == 302
        browser.logout()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(browser, "editor", "wrong").status_code == 200

    def test_the_lock_lifts_after_the_cool_off(self, editor, settings):
        browser = client_from("203.0.113.5")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(browser, "editor", "wrong")
        assert attempt(browser, "editor", PASSWORD).status_code == 429
        later = datetime.datetime.now(tz=datetime.UTC) + settings.AXES_COOLOFF_TIME
        with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
            assert attempt(browser, "editor", PASSWORD).status_code == 302

    def test_a_superuser_unlocks_an_account_in_the_admin(self, editor, superuser, settings):
        browser = client_from("203.0.113.5")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(browser, "editor", "wrong")
        assert attempt(browser, "editor", PASSWORD).status_code == 429

        chief = client_from("198.51.100.1")
        assert attempt(chief, "chief", PASSWORD).status_code == 302
        changelist = reverse("admin:axes_accessattempt_changelist")
        assert "editor" in chief.get(changelist).content.decode()
        locked = AccessAttempt.objects.get(username="editor")
        response = chief.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [locked.pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert not AccessAttempt.objects.filter(username="editor").exists()

        assert attempt(browser, "editor", PASSWORD).status_code == 302

    def test_editors_cannot_see_or_lift_lockouts(self, editor_client):
        response = editor_client.get(reverse("admin:axes_accessattempt_changelist"))
        assert response.status_code == 403


class TestPasswords:
    @pytest.mark.parametrize("weak", ["short1", "password123", "12345678901", "editor2024"])
    def test_weak_passwords_are_refused(self, editor, weak):
        with pytest.raises(ValidationError):
            validate_password(weak, user=editor)

    def test_a_weak_password_is_refused_in_the_admin_form(self, superuser, editor, client):
        client.force_login(superuser)
        url = reverse("admin:auth_user_password_change", args=[editor.pk])
        response = client.post(
            url, {"password1": "password123", "password2": "password123", "usable_password": "true"}
        )
        assert response.status_code == 200
        assert "too common" in response.content.decode()
        editor.refresh_from_db()
        assert editor.check_password(PASSWORD)

    def test_a_strong_one_is_accepted(self, editor):
        validate_password("Harbour lights at dusk 17", user=editor)


class TestStaffSessions:
    def sign_in(self) -> Client:
        browser = client_from("198.51.100.7")
        assert attempt(browser, "editor", PASSWORD).status_code == 302
        return browser

    def test_a_session_ends_after_being_idle(self, editor, settings):
        start = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
        idle = datetime.timedelta(seconds=settings.NEWSROOM_SESSION_IDLE_SECONDS)
        with time_machine.travel(start, tick=False) as clock:
            browser = self.sign_in()
            assert browser.get(reverse("admin:index")).status_code == 200
            clock.shift(idle - datetime.timedelta(minutes=1))
            assert browser.get(reverse("admin:index")).status_code == 200
            clock.shift(idle - datetime.timedelta(minutes=1))  # active: the clock restarted
            assert browser.get(reverse("admin:index")).status_code == 200
            clock.shift(idle + datetime.timedelta(minutes=1))
            response = browser.get(reverse("admin:index"))
            assert response.status_code == 302
            assert response["Location"].startswith(login_url())

    def test_an_active_session_still_ends_after_its_maximum_age(self, editor, settings, caplog):
        start = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
        step = datetime.timedelta(seconds=settings.NEWSROOM_SESSION_IDLE_SECONDS // 2)
        maximum = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        with time_machine.travel(start, tick=False) as clock:
            browser = self.sign_in()
            elapsed = datetime.timedelta(0)
            while elapsed + step <= maximum:  # never idle for long
                assert browser.get(reverse("admin:index")).status_code == 200
                clock.shift(step)
                elapsed += step
            clock.shift(step)
            assert browser.get(reverse("admin:index")).status_code == 302
        expired = [r for r in caplog.records if r.getMessage() == "session expired"]
        assert [r.reason for r in expired] == ["age"]

    def test_readers_get_no_session_at_all(self, client):
        article = make_article()
        client.get("/")
        client.get(article.get_absolute_url())
        client.get("/contact/")
        client.post("/contact/", {"name": "Reader", "email": "r@example.org"})  # invalid
        assert "sessionid" not in client.cookies


@pytest.fixture
def moved_admin(settings):
    """The admin at ADMIN_URL=desk-4f7a/ (the URLconf reads it when imported)."""
    import newsroom.urls

    settings.ADMIN_URL = "desk-4f7a/"
    importlib.reload(newsroom.urls)
    clear_url_caches()
    yield "/desk-4f7a/"
    settings.ADMIN_URL = "admin/"
    importlib.reload(newsroom.urls)
    clear_url_caches()


class TestAdminAddress:
    def test_the_admin_moves_and_the_old_address_is_gone(self, moved_admin, editor):
        client = Client()
        assert client.get("/admin/").status_code == 404
        assert client.get("/admin/login/").status_code == 404
        response = client.get(moved_admin)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{moved_admin}login/")
        assert attempt(client, "editor", PASSWORD).status_code == 302
        assert client.get(f"{moved_admin}articles/article/").status_code == 200

    def test_robots_txt_does_not_give_a_moved_admin_away(self, moved_admin, client):
        robots = client.get("/robots.txt").content.decode()
        assert "desk-4f7a" not in robots
        assert "Sitemap:" in robots

    def test_robots_txt_names_the_default_admin(self, client):
        assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()

    @pytest.mark.parametrize("bad", ["../etc", "desk?x", "a b/", "http://x/"])
    def test_an_unusable_prefix_stops_the_start(self, bad):
        result = subprocess.run(
            [sys.executable, "-c", "import newsroom.settings"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "SECRET_KEY": "x" * 50, "ADMIN_URL": bad},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "ADMIN_URL" in result.stderr
