"""Backups: the whole database and every media file in one timestamped tar archive.

    newsroom-20250301T040000Z.tar
        manifest.json       what is inside, and counts to check a restore against
        database.pgdump     PostgreSQL: pg_dump's custom format (pg_restore reads it)
        database.sqlite3    SQLite: a consistent copy made with SQLite's backup API
        media/...           every file in the media storage (photos and their renditions)

The database is dumped first, then the media: photo files are never overwritten (a new
upload gets new names), so every file the dumped rows name is in the archive. Revisions
(django-reversion), users and site settings are tables like the rest. The search index is
derived data: PostgreSQL recomputes its generated column on restore; SQLite's copy holds
its FTS table, which is recreated and rebuilt only where it is missing.

Archives hold password hashes and readers' messages: they are written owner-only (0600).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass
class Result:
    path: Path
    articles: int
    media_files: int


def timestamp() -> str:
    return datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


# --- database ---------------------------------------------------------------------------


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DUMPS:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def _pg_environment(using: str) -> dict[str, str]:
    """libpq's variables for the connection: the password never appears in a command line."""
    params = connections[using].get_connection_params()
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
        "sslmode": "PGSSLMODE",
        "connect_timeout": "PGCONNECT_TIMEOUT",
    }
    env = {**os.environ}
    for key, variable in names.items():
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (it comes with PostgreSQL)") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()}") from exc


def dump_database(using: str, target: Path) -> None:
    if _vendor(using) == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            _pg_environment(using),
        )
    else:
        connection = connections[using]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()


def database_is_empty(using: str) -> bool:
    with connections[using].cursor() as cursor:
        tables = connections[using].introspection.table_names(cursor)
    return not [name for name in tables if not name.startswith("sqlite_")]


def load_database(using: str, dump: Path) -> None:
    if _vendor(using) == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connections[using].settings_dict['NAME']}",
                str(dump),
            ],
            _pg_environment(using),
        )
        return
    connection = connections[using]
    connection.ensure_connection()
    with sqlite3.connect(dump) as source:
        source.backup(connection.connection)
    source.close()


# --- media ------------------------------------------------------------------------------


def media_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file in ``storage`` (local folder or object storage), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += media_names(storage, f"{folder}{sub}/")
    return sorted(names)


def _safe_media_name(member: str) -> str:
    """The storage name of an archive member, refusing absolute paths and ``..``."""
    name = PurePosixPath(member.removeprefix(MEDIA_PREFIX))
    if name.is_absolute() or ".." in name.parts or not name.parts:
        raise BackupError(f"refusing the archive member {member!r}")
    return str(name)


# --- the two operations -----------------------------------------------------------------


def backup(directory: Path, *, using: str = "default", storage: Storage | None = None) -> Result:
    """Write ``newsroom-<UTC time>.tar`` into ``directory`` and return what it holds."""
    from articles.models import Article

    storage = storage or default_storage
    vendor = _vendor(using)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"newsroom-{timestamp()}.tar"
    partial = path.with_name(f".{path.name}.partial")
    articles = Article.objects.using(using).count()
    with tempfile.TemporaryDirectory(prefix="newsroom-backup-") as scratch:
        dump = Path(scratch) / DUMPS[vendor]
        dump_database(using, dump)
        names = media_names(storage)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w") as tar:
                tar.add(dump, arcname=DUMPS[vendor])
                for name in names:
                    with storage.open(name, "rb") as media:
                        info = tarfile.TarInfo(f"{MEDIA_PREFIX}{name}")
                        info.size = storage.size(name)
                        info.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
                        tar.addfile(info, media)
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
                    "database": vendor,
                    "articles": articles,
                    "media_files": len(names),
                }
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            if partial.exists():
                partial.unlink()
    return Result(path=path, articles=articles, media_files=len(names))


def read_manifest(tar: tarfile.TarFile, archive: Path | str = "the archive") -> dict:
    """The archive's manifest.json, checked to be one this code can restore."""
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.load(tar.extractfile(member))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(
            f"cannot read {archive}: not a newsroom backup (no readable manifest.json)."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"cannot read {archive}: unknown backup format {found!r}.")
    return manifest


def open_archive(archive: Path) -> tarfile.TarFile:
    """``archive`` opened for reading, or a one-line BackupError naming it.

    tarfile's own error for a file that is no archive lists every compression it tried,
    one line each; whoever ran ``restore`` needs to know only which file is wrong.
    """
    try:
        return tarfile.open(archive, mode="r")
    except OSError as exc:  # missing, unreadable, a folder
        raise BackupError(f"cannot read {archive}: {exc.strerror or exc}.") from exc
    except tarfile.TarError as exc:
        raise BackupError(
            f"cannot read {archive}: not a newsroom backup (not a tar archive)."
        ) from exc


def restore(archive: Path, *, using: str = "default", storage: Storage | None = None) -> Result:
    """Load ``archive`` into the (empty) database ``using`` and the media storage."""
    storage = storage or default_storage
    vendor = _vendor(using)
    with open_archive(archive) as tar:
        try:
            return _restore(tar, archive, using=using, vendor=vendor, storage=storage)
        except (tarfile.TarError, EOFError) as exc:  # a copy cut short or corrupted
            raise BackupError(f"cannot restore {archive}: the archive is damaged ({exc}).") from exc


def _restore(
    tar: tarfile.TarFile, archive: Path, *, using: str, vendor: str, storage: Storage
) -> Result:
    from articles.models import Article

    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        manifest = read_manifest(tar, archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"this backup is of a {manifest['database']} database; "
                f"the configured database is {vendor}"
            )
        if not database_is_empty(using):
            raise BackupError(
                "the database is not empty: point DATABASE_URL at a new, empty database "
                "(createdb for PostgreSQL, a new file name for SQLite) and run this again"
            )
        dump = Path(scratch) / DUMPS[vendor]
        try:
            source = tar.extractfile(DUMPS[vendor])
        except KeyError as exc:
            raise BackupError(f"cannot restore {archive}: it has no {DUMPS[vendor]}.") from exc
        with source, open(dump, "wb") as handle:
            shutil.copyfileobj(source, handle)
        load_database(using, dump)
        from articles.search import ensure_sqlite_fts

        ensure_sqlite_fts(connections[using])  # the copy holds the index; an old one may not
        restored = 0
        for member in tar.getmembers():
            if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
                continue
            name = _safe_media_name(member.name)
            if storage.exists(name):
                storage.delete(name)
            with tar.extractfile(member) as media:
                content = File(media, name=name)
                content.size = member.size
                saved = storage.save(name, content)
            if saved != name:
                raise BackupError(f"media file {name} was stored as {saved}")
            restored += 1
    articles = Article.objects.using(using).count()
    if articles != manifest["articles"] or restored != manifest["media_files"]:
        raise BackupError(
            f"restored {articles} articles and {restored} media files; the backup "
            f"says {manifest['articles']} and {manifest['media_files']}"
        )
    # The rows arrived without save signals: pages cached before the restore are stale.
    from caching.version import bump

    bump(using=using)
    return Result(path=archive, articles=articles, media_files=restored)
