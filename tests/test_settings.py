"""Configuration from the environment: safe defaults, loud failures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL"}
    }
    code = (
        "import newsroom.settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_and_a_secret_key_is_required_by_default():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_like_environment():
    result = load_settings(
        SECRET_KEY="x" * 50,
        SITE_URL="https://news.example.org",
        DATABASE_URL="postgres://u:p@db.internal:5432/news",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    debug, engine, cache, hosts = result.stdout.split(" ", 3)
    assert debug == "False"
    assert engine == "django.db.backends.postgresql"
    assert cache == "newsroom.cache.ResilientRedisCache"
    assert "news.example.org" in hosts


def test_defaults_are_embedded_sqlite_and_local_memory_cache():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert (
        "django.db.backends.sqlite3 django.core.cache.backends.locmem.LocMemCache" in result.stdout
    )


@pytest.mark.parametrize("site_url", ["news.example.org", "ftp://news.example.org"])
def test_site_url_must_be_absolute_http(site_url):
    result = load_settings(SECRET_KEY="x" * 50, SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
