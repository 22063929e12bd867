"""Get the benchmark database ready: created, migrated, seeded to BENCH_ARTICLES, analysed.

Reuses what is there when it already holds the requested number of articles, so a
second `make bench` skips the seeding; a different size starts from an empty database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def database_connection(url: str, dbname: str | None = None):
    parts = urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
    )


def admin_connection(url: str):
    return database_connection(url, dbname="postgres")


def article_count(url: str) -> int | None:
    try:
        conn = database_connection(url)
    except psycopg2.Error:
        return None
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_article")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return None
    finally:
        conn.close()


def recreate(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    conn = admin_connection(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def main() -> None:
    url = os.environ["DATABASE_URL"]
    wanted = int(os.environ.get("BENCH_ARTICLES", "10000"))
    have = article_count(url)
    if have != wanted:
        print(f"benchmark database: {have} articles, want {wanted}: rebuilding", flush=True)
        recreate(url)
        manage("migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage("seed_demo", "--articles", str(wanted), "--seed", "1")
        print(f"seeded {wanted} articles in {time.monotonic() - started:.1f}s", flush=True)
    else:
        manage("migrate", "--noinput", "-v0")
        print(f"benchmark database already holds {wanted} articles", flush=True)
    manage("collectstatic", "--noinput", "-v0")
    conn = database_connection(url)
    conn.autocommit = True  # VACUUM cannot run in a transaction
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()


if __name__ == "__main__":
    main()
