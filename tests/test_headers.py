"""Security headers on every response, and a Content-Security-Policy the admin works under."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from .factories import make_article, make_photo
from .xss_payloads import parse, problems

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class TestHeaders:
    @pytest.mark.parametrize("path", ["/", "/contact/", "/search/?q=x", "/no-such-page/"])
    def test_every_page_carries_the_security_headers(self, client, path):
        make_article()
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]

    def test_scripts_only_from_this_site_never_inline_or_eval(self, client):
        csp = policy(client.get("/"))
        assert csp["script-src"] == ["'self'"]  # no nonce asked for: none offered
        for directive in ("script-src", "default-src"):
            assert "'unsafe-inline'" not in csp[directive]
            assert "'unsafe-eval'" not in csp[directive]

    def test_an_inline_script_runs_only_with_this_responses_nonce(self):
        """A template that needs an inline script writes nonce="{{ CSP_NONCE }}"; the
        header then allows exactly that nonce, new on every response."""
        from csp.middleware import CSPMiddleware

        template = Template('<script nonce="{{ CSP_NONCE }}">start()</script>')

        def view(request):
            return HttpResponse(template.render(RequestContext(request)))

        middleware = CSPMiddleware(view)
        nonces = []
        for _ in range(2):
            request = RequestFactory().get("/")
            response = middleware(request)
            element = next(parse(response.content.decode()).iter("script"))
            nonce = element.get("nonce")
            assert len(nonce) >= 16
            assert f"'nonce-{nonce}'" in policy(response)["script-src"]
            nonces.append(nonce)
        assert nonces[0] != nonces[1]

    def test_photos_on_another_host_are_allowed_as_images_only(self):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import json, newsroom.settings as s;"
                "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "SECRET_KEY": "x" * 50,
                "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
                "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
            },
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(result.stdout) == ["'self'", "https://media.example.org"]


def load_production_settings(**env) -> dict:
    code = (
        "import json, newsroom.settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY']}"
        " | {'upgrade': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests']}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_production_turns_on_hsts_secure_cookies_and_redirects():
    loaded = load_production_settings(SITE_URL="https://news.example.org")
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SESSION_COOKIE_HTTPONLY"] is True
    assert loaded["upgrade"] is True


def test_plain_http_and_debug_leave_them_off():
    for env in ({"SITE_URL": "http://127.0.0.1:8000"}, {"SITE_URL": "https://x.org", "DEBUG": "1"}):
        loaded = load_production_settings(**env)
        assert not loaded["SECURE_SSL_REDIRECT"]
        assert not loaded["SECURE_HSTS_SECONDS"]
        assert not loaded["SESSION_COOKIE_SECURE"]
        assert loaded["upgrade"] is False


# --- the admin under the policy --------------------------------------------------------


def same_site_script_exists(src: str) -> bool:
    """A script the policy allows ('self') that the site really serves."""
    path = urlsplit(src).path
    if path.startswith("/static/"):
        return finders.find(path.removeprefix("/static/")) is not None
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def check_page_works_under_csp(response) -> list[str]:
    """What a browser enforcing the page's own policy would block, plus the scripts loaded."""
    assert response.status_code == 200
    csp = policy(response)
    allowed_nonces = [s[len("'nonce-") : -1] for s in csp["script-src"] if s.startswith("'nonce-")]
    html = response.content.decode()
    scripts = []
    for element in parse(html).iter("script"):
        src = element.get("src")
        if src is not None:
            assert not urlsplit(src).netloc, f"script from another host: {src}"
            assert same_site_script_exists(src), f"missing script {src}"
            scripts.append(urlsplit(src).path)
        elif element.get("type") not in {"application/json", "application/ld+json"}:
            assert element.get("nonce") in allowed_nonces, f"inline script without nonce: {html}"
    # No inline handlers or javascript: URLs (script-src without 'unsafe-inline' blocks them).
    assert problems(html, nonce=allowed_nonces[0] if allowed_nonces else None) == []
    return scripts


@pytest.fixture
def tagged_article_with_photo():
    return make_article(tags=["Climate", "Ports"], photos=1)


class TestAdminUnderCsp:
    def test_article_forms_load_select2_and_the_tag_widget_from_this_site(
        self, editor_client, tagged_article_with_photo
    ):
        for url in (
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[tagged_article_with_photo.pk]),
        ):
            scripts = check_page_works_under_csp(editor_client.get(url))
            assert "/static/admin/js/vendor/select2/select2.full.min.js" in scripts
            assert "/static/js/admin-tags.js" in scripts
            assert "/static/admin/js/vendor/jquery/jquery.min.js" in scripts

    def test_photo_library_loads_the_focal_point_picker(self, editor_client):
        photo = make_photo()
        scripts = check_page_works_under_csp(
            editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
        )
        assert "/static/js/admin-focal-point.js" in scripts

    @pytest.mark.parametrize(
        "name",
        [
            "admin:index",
            "admin:articles_article_changelist",
            "admin:articles_photo_changelist",
            "admin:articles_article_import",
            "admin:pages_contactmessage_changelist",
            "admin:axes_accessattempt_changelist",
            "admin:password_change",
        ],
    )
    def test_other_admin_pages(self, client, superuser, tagged_article_with_photo, name):
        client.force_login(superuser)
        check_page_works_under_csp(client.get(reverse(name)))

    def test_history_and_login_pages(self, client, editor_client, tagged_article_with_photo):
        pk = tagged_article_with_photo.pk
        check_page_works_under_csp(
            editor_client.get(reverse("admin:articles_article_history", args=[pk]))
        )
        client.logout()
        check_page_works_under_csp(client.get(reverse("admin:login")))

    def test_our_admin_scripts_need_no_eval_or_inline_handlers(self):
        for name in ("js/admin-tags.js", "js/admin-focal-point.js"):
            source = Path(finders.find(name)).read_text()
            for forbidden in ("eval(", "new Function", ".innerHTML"):
                assert forbidden not in source, (name, forbidden)
            assert not re.search(r"setAttribute\(\s*['\"]on", source), name
