"""No data lost: a backup restored into an empty database gives back every row (articles,
revisions, users, settings...), every photo file, and a working search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, ArticlePhoto, Correction
from pages.models import ContactMessage, Link, SiteSettings

from .backup_snapshot import SEARCH_WORD, snapshot
from .factories import make_article, make_photo, make_section, make_source

ROOT = Path(__file__).resolve().parent.parent


def newsroom_content(editor) -> None:
    section = make_section(name="Harbours", slug="harbours")
    source = make_source(name="Port Daily", slug="port-daily")
    for number in range(3):
        with reversion.create_revision():
            article = make_article(
                title=f"The {SEARCH_WORD} reopens, part {number}",
                body=f"<p>Ships came back to the {SEARCH_WORD}.</p><h2>Trade</h2><p>{number}</p>",
                section=section,
                source=source,
                tags=["Ports", f"Part {number}"],
                created_by=editor,
            )
            reversion.set_user(editor)
        with reversion.create_revision():
            article.summary = f"Updated summary {number}"
            article.save()
        ArticlePhoto.objects.create(article=article, photo=make_photo(), position=0)
        Correction.objects.create(article=article, text=f"Fixed a date in part {number}.")
    make_article(status=Article.Status.DRAFT, title="A draft nobody has seen")
    ContactMessage.objects.create(name="Ana", email="ana@example.org", subject="Hi", message="M")
    Link.objects.create(title="Wire", url="https://wire.example.org/", in_footer=True)
    site = SiteSettings.load()
    site.tagline = "Restored tagline"
    site.save()


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it, of the same kind as the test run's, as a URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    server = psycopg2.connect(dbname="postgres", **admin)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = quote(params.get("user") or "")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    yield f"postgres://{user}{password}@{params.get('host')}:{params.get('port') or 5432}/{name}"
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def run(args: list[str], *, database_url: str, media_root: Path) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "x" * 50,
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_loses_nothing(
    editor, tmp_path, empty_database, capsys
):
    newsroom_content(editor)
    before = snapshot()
    assert len(before["tables"]["articles.Article"]) == 4
    assert len(before["tables"]["reversion.Version"]) >= 6
    assert len(before["media"]) >= 3
    assert len(before["search"]) == 3

    call_command("backup", directory=tmp_path / "backups")
    (archive,) = (tmp_path / "backups").glob("newsroom-*.tar")
    assert f"Wrote {archive}" in capsys.readouterr().out
    assert archive.stat().st_mode & 0o777 == 0o600

    restored_media = tmp_path / "restored-media"
    output = run(
        ["manage.py", "restore", str(archive)],
        database_url=empty_database,
        media_root=restored_media,
    )
    assert "Restored 4 articles" in output
    lines = run(
        ["-m", "tests.backup_snapshot"], database_url=empty_database, media_root=restored_media
    ).splitlines()
    after = json.loads(next(line for line in lines if line.startswith("SNAPSHOT "))[9:])

    assert after["tables"]["articles.Article"] == before["tables"]["articles.Article"]
    assert after["tables"]["reversion.Version"] == before["tables"]["reversion.Version"]
    assert after["tables"] == before["tables"]
    assert after["media"] == before["media"]
    assert after["search"] == before["search"]  # the search index came back with the rows


# Transactional: a backup reads what is committed, as it does on a live site.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_archive_names_its_time_and_contents(tmp_path):
    make_article(photos=1)
    call_command("backup", directory=tmp_path)
    (archive,) = tmp_path.glob("newsroom-*.tar")
    assert len(archive.stem.removeprefix("newsroom-")) == len("20250301T040000Z")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == connection.vendor
    assert manifest["articles"] == 1
    assert manifest["media_files"] == len([n for n in names if n.startswith("media/")]) > 0
    assert ("database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3") in names
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    make_article()
    call_command("backup", directory=tmp_path)
    (archive,) = tmp_path.glob("newsroom-*.tar")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert Article.objects.count() == 1


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as tar:
        tar.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match="not a newsroom backup"):
        call_command("restore", str(bogus))
    (tmp_path / "garbage.tar").write_bytes(b"not a tar file at all")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("restore", str(tmp_path / "garbage.tar"))


def test_media_names_cannot_escape_the_media_storage():
    from newsroom.backup import BackupError, _safe_media_name

    assert _safe_media_name("media/photos/2025/a.jpg") == "photos/2025/a.jpg"
    for bad in ("media/../settings.py", "media//etc/passwd", "media/"):
        with pytest.raises(BackupError):
            _safe_media_name(bad)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_makes_every_cached_page_stale(tmp_path, monkeypatch, settings):
    """Restored rows arrive without save signals: the content version must move anyway."""
    from django.core.files.storage import FileSystemStorage

    from caching import version
    from newsroom import backup

    make_article(photos=1)
    call_command("backup", directory=tmp_path)
    (archive,) = tmp_path.glob("newsroom-*.tar")
    # Restore "into" this same database: the load is skipped, the counts then match.
    monkeypatch.setattr(backup, "database_is_empty", lambda using: True)
    monkeypatch.setattr(backup, "load_database", lambda using, dump: None)
    before = version.content_state()[0]
    backup.restore(archive, storage=FileSystemStorage(location=tmp_path / "media"))
    assert version.content_state()[0] != before
