"""The OpenAPI schema describes the API exactly, and its documentation page works under
our Content-Security-Policy with no file from elsewhere.

``test_every_operation_keeps_its_schema`` runs schemathesis against every operation in
the schema, as an anonymous client and with a writer's and an editor's token: no answer
may be a 5xx, use an undocumented status or break its documented shape.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as openapi_checks

from api.models import ApiToken
from reprints import importer
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_a_warning():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3" in out.getvalue()


def test_the_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/sections/",
                 "/api/v1/tags/", "/api/v1/sources/", "/api/v1/authors/",
                 "/api/v1/desk/articles/", "/api/v1/desk/imports/"):  # fmt: skip
        assert path in paths


def test_the_docs_page_loads_only_our_own_files_under_the_csp(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    policy = page["Content-Security-Policy"]
    # No file from elsewhere: every src and href is a path on this site.
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses
    assert all(address.startswith("/") and not address.startswith("//") for address in addresses)
    assert "cdn" not in html.lower()
    # No inline script or style the policy would block: scripts are files, as is the
    # start-up script (?script), which the policy's 'self' allows.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert "style=" not in html
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    start = client.get("/api/docs/?script")
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start.content.decode()
    for address in addresses:
        if address.startswith("/static/"):
            # Served by whitenoise/staticfiles in production; here: the file exists.
            from django.contrib.staticfiles import finders

            assert finders.find(address.removeprefix("/static/")), address


# --- schemathesis ------------------------------------------------------------------------

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()

CHECKS = [
    st_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


@pytest.fixture
def content(writer, editor, settings):
    """Something for every operation to find, and tokens for the two roles."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.NEWSROOM_API_ANON_RATE = ""  # the rate limit has its own test
    section, source = make_section(slug="world"), make_source(slug="wire")
    make_article(section=section, source=source, tags=["ports"], photos=1)
    make_article(status="draft", created_by=writer)
    return {
        "anonymous": {},
        "writer": {"Authorization": f"Token {ApiToken.issue(user=writer, name='t')[1]}"},
        "editor": {"Authorization": f"Token {ApiToken.issue(user=editor, name='t')[1]}"},
    }


@pytest.fixture
def open_connections():
    """schemathesis calls the WSGI application itself: keep the test's database connection
    (and its transaction) open across requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def no_fetching(monkeypatch):
    """Generated addresses are not fetched: the importer's network side has its own tests."""

    def offline(url: str):
        raise importer.ImportFailure("not fetched in this test")

    monkeypatch.setattr(importer, "document_from_url", offline)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "writer", "editor"])
def test_every_operation_keeps_its_schema(case, who, content, no_fetching, open_connections):
    case.call_and_validate(headers=content[who], checks=CHECKS)
