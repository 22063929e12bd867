"""Test-wide speed-ups and isolation: fast hashing, throwaway media, an empty cache.

The page and fragment caches are on, as in production: a page that goes stale after an
edit fails here, not in production only. A test that measures the building of a page
opts out with ``@pytest.mark.caches(page=False, fragments=False)``.
"""

import pytest
from django.core.cache import cache

import caching.backend


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "https://news.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Photo rules fixed here, whatever PHOTO_* variables the machine has.
    settings.NEWSROOM_PHOTO_WIDTHS = [320, 640, 1024, 1600]
    settings.NEWSROOM_PHOTO_MAX_BYTES = 25 * 1024 * 1024
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 50_000_000


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "caches(page=True, fragments=True): the reader caches a test runs with "
        "(both on by default, as in production)",
    )


@pytest.fixture(autouse=True)
def _caches_as_in_production(request, settings, tmp_path):
    """Both reader caches on, in this process's memory (never a developer's Redis),
    emptied around each test so no test sees another's pages."""
    marker = request.node.get_closest_marker("caches")
    wanted = {"page": True, "fragments": True, **(marker.kwargs if marker else {})}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    settings.NEWSROOM_PAGE_CACHE = wanted["page"]
    settings.NEWSROOM_FRAGMENT_CACHE = wanted["fragments"]
    settings.NEWSROOM_PAGE_CACHE_DIR = str(tmp_path / "pages")
    cache.clear()
    yield
    cache.clear()


def staff_member(django_user_model, username: str, group: str, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct horse battery",
        is_staff=True,
        **extra,
    )
    user.groups.add(Group.objects.get(name=group))  # the roles the data migration created
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_member(django_user_model, "editor", "Editors", first_name="Ana", last_name="Silva")


@pytest.fixture
def writer(django_user_model):
    return staff_member(django_user_model, "writer", "Writers", first_name="Wei", last_name="Fang")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="correct horse battery"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor}"


@pytest.fixture
def redis_down(settings):
    """The cache points at a closed port: pages and forms must work without it."""
    caching.backend._down_until.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "caching.backend.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "RETRY_AFTER": 30},
        }
    }
    yield
    caching.backend._down_until.clear()
