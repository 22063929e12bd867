"""Configuration from the environment: safe defaults, loud failures, every variable documented."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW_SETTINGS = (
    "import newsroom.settings as s;"
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
    " s.ALLOWED_HOSTS)"
)


def load_settings(code: str = SHOW_SETTINGS, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("server", ["wsgi", "asgi"])
def test_debug_is_off_and_no_app_server_starts_without_a_secret_key(server):
    result = load_settings(f"import newsroom.{server}")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    with_key = load_settings(f"import newsroom.{server}", SECRET_KEY="x" * 50)
    assert with_key.returncode == 0, with_key.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    """A fresh checkout can be inspected (and CI can check migrations) with no secrets."""
    result = load_settings(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    debug = load_settings("import newsroom.settings as s; print(s.DEBUG, repr(s.SECRET_KEY))")
    assert debug.stdout.split() == ["False", "''"]


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
    assert cache == "caching.backend.ResilientRedisCache"
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


def test_replicas_give_up_connecting_as_soon_as_the_primary():
    """A replica that is down must answer 503 quickly too: readers' queries go there."""
    result = load_settings(
        "import json, newsroom.settings as s;"
        "print(json.dumps({a: d.get('OPTIONS', {}).get('connect_timeout')"
        " for a, d in s.DATABASES.items() if not a.endswith('_test')}))",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.internal:5432/news",
        DATABASE_REPLICA_URLS="postgres://u:p@r1.internal/news,postgres://u:p@r2.internal/news",
        DATABASE_CONNECT_TIMEOUT="3",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"default": 3, "replica_1": 3, "replica_2": 3}


# --- every variable settings.py reads is documented ----------------------------------------

ENV_HELPERS = {"env_bool", "env_int", "env_list"}
ENV_GETTERS = {"os.environ.get", "os.getenv"}


def variables_read_by_settings() -> set[str]:
    """Every environment variable name newsroom/settings.py reads, found in its syntax tree:
    ``env_bool("X")``, ``env_int``, ``env_list``, ``os.environ.get("X")``, ``os.getenv``
    and ``os.environ["X"]``. A name built at run time fails: the README could not list it."""
    tree = ast.parse((ROOT / "newsroom" / "settings.py").read_text())
    helpers = [node for node in tree.body if getattr(node, "name", "") in ENV_HELPERS]
    inside_helpers = {id(node) for helper in helpers for node in ast.walk(helper)}
    names, unnamed = set(), []
    for node in ast.walk(tree):
        if id(node) in inside_helpers:
            continue  # the helpers' own reads, of the name they are given
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            if func not in ENV_HELPERS | ENV_GETTERS:
                continue
            name = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            name = node.slice
        else:
            continue
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
        else:
            unnamed.append(ast.unparse(node))
    assert unnamed == [], "settings.py reads variables whose names are computed"
    return names


def readme_configuration_rows() -> dict[str, tuple[str, str]]:
    """The README's configuration table: each variable named (in backticks) in a row's first
    cell, with that row's default and meaning."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or set(cells[1]) <= {"-", " "}:
            continue  # not a row, or the header's rule
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            rows[name] = (cells[1], cells[2])
    return rows


def test_every_variable_settings_reads_is_in_the_readme_table():
    read = variables_read_by_settings()
    rows = readme_configuration_rows()
    assert {"DEBUG", "ADMIN_URL", "BACKUP_DIR", "AWS_QUERYSTRING_AUTH"} <= read  # the parser
    assert sorted(read - rows.keys()) == []
    assert [name for name in sorted(read) if not all(rows[name])] == []  # default and meaning
