"""Hand-written reader queries, prepared once per PostgreSQL connection.

PostgreSQL parses and plans every statement psycopg2 sends; for the small queries of a
cold page (an article's row, photos and parts by its slug or id, its related articles,
cards by their ids) planning cost more than running them. Each is ``PREPARE``d on a
connection the first time it is sent there (in the same round trip as its first
``EXECUTE``, so the number of queries a page costs does not change) and only executed
afterwards. SQLite runs the
statement as it is.

Only for statements whose best plan does not depend on the values, because each is
planned once per session: the settings open PostgreSQL sessions with
``plan_cache_mode=force_generic_plan`` (nothing else is prepared on the server). A
generic plan estimates a range (``published_at <= now``) blind, which suits a few
newest rows by index (related articles: one generic plan saved 1.6 ms of planning per
article page at 10,000 and at 100,000 articles, same rows) but not a count over the
range: at 100,000 articles a prepared tag count chose the wrong side of a hash join
and took 27 ms instead of 17. Listings' counts and pages are therefore sent as they are.

Prepared statements belong to the database session, not to a transaction (a rollback
keeps them). A connection pooler in transaction mode (PgBouncer's default) would hand
the session to someone else: set ``PREPARED_STATEMENTS=false`` behind one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from django.conf import settings

PLACEHOLDER = re.compile(r"%s")


def _name(sql: str) -> str:
    return "newsroom_" + hashlib.sha256(sql.encode()).hexdigest()[:24]


def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1, $2 ...``."""
    count = iter(range(1, sql.count("%s") + 1))
    return PLACEHOLDER.sub(lambda _: f"${next(count)}", sql)


class _Session:
    """The statements prepared on one database session (one psycopg2 connection)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.names: set[str] | None = set()  # None: unknown after an error


def _session(connection) -> _Session:
    session = getattr(connection, "_newsroom_prepared", None)
    if session is None or session.raw is not connection.connection:  # a new connection
        session = _Session(connection.connection)
        connection._newsroom_prepared = session
    return session


def execute(connection, cursor, sql: str, params: Sequence) -> None:
    """``cursor.execute(sql, params)``, with ``sql`` prepared on PostgreSQL. ``sql`` holds
    only ``%s`` placeholders (no other ``%``), one per parameter."""
    if connection.vendor != "postgresql" or not settings.NEWSROOM_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    session = _session(connection)
    if session.names is None:  # an earlier statement failed: ask the session
        cursor.execute("SELECT name FROM pg_prepared_statements")
        session.names = {name for (name,) in cursor.fetchall()}
    name = _name(sql)
    run = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    if name not in session.names:
        run = f"PREPARE {name} AS {_numbered(sql)}; {run}"
    try:
        cursor.execute(run, params)
    except Exception:
        session.names = None  # was it prepared before the failure? Unknown.
        raise
    session.names.add(name)
