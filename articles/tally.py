"""How many published articles each listing holds, kept by the database itself.

A listing page shows its last page number, so it needs an exact count; counting scanned
every public article of the listing on every cold page (1.2 ms at 10,000 articles, 20 to
50 ms at 100,000). Triggers on the articles, their tags and their author credits keep a
tally per listing of the articles whose status is "published"; ``articles.listings``
subtracts the few of them scheduled for later, and Newest's pinned lead stories, found by
index.

Triggers rather than signals: bulk updates, raw SQL, ``loaddata`` and cascading deletes
go past Django's signals, never past a trigger. The table is no model of Django's, so
``flush`` and test rollbacks neither empty it behind the triggers' back nor reload it on
top of what the triggers counted: deleting rows decrements it (SQLite's ``flush``), and a
TRUNCATE empties it (PostgreSQL's). The statements are the same SQL on both databases;
only the trigger wrapping differs. Django's SQLite migrations rebuild a table to alter it,
which drops its triggers: ``ensure`` runs after every ``migrate`` and puts back what is
missing, counting again from the rows.

Keys: ``all``, ``section:<id>``, ``source:<id>``, ``tag:<id>``, ``author:<id>``. Two
transactions that publish at once wait on the tally's rows (``all`` first, then in key
order, so they never deadlock on each other) until the first commits.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

TALLY = "articles_listingtally"
ARTICLE = "articles_article"
TAGGED = "articles_taggedarticle"
CREDIT = "articles_articleauthor"
PUBLISHED = "'published'"  # ArticleStatus.PUBLISHED, as SQL


def keys(row: str, sign: int) -> str:
    """Every listing that holds the article ``row`` (NEW or OLD), with ``sign``."""
    return (
        f"SELECT 'all' AS k, {sign} AS d"
        f" UNION ALL SELECT 'section:' || {row}.section_id, {sign}"
        f" WHERE {row}.section_id IS NOT NULL"
        f" UNION ALL SELECT 'source:' || {row}.source_id, {sign}"
        f" WHERE {row}.source_id IS NOT NULL"
        f" UNION ALL SELECT 'tag:' || t.tag_id, {sign} FROM {TAGGED} t"
        f" WHERE t.content_object_id = {row}.id"
        f" UNION ALL SELECT 'author:' || c.author_id, {sign} FROM {CREDIT} c"
        f" WHERE c.article_id = {row}.id"
    )


def add(deltas: str) -> str:
    """Add each (k, d) of ``deltas`` to the tally, in key order (so two transactions lock
    the tally's rows in the same order)."""
    return (
        f"INSERT INTO {TALLY} (key, n) SELECT k, SUM(d) FROM ({deltas}) AS deltas"
        f" WHERE k IS NOT NULL GROUP BY k HAVING SUM(d) <> 0 ORDER BY k"
        f" ON CONFLICT (key) DO UPDATE SET n = {TALLY}.n + excluded.n"
    )


def linked(kind: str, column: str, article_column: str, row: str, sign: int) -> str:
    """A tag or credit ``row`` of a published article moves that listing's tally."""
    return add(
        f"SELECT '{kind}:' || {row}.{column} AS k, {sign} AS d FROM {ARTICLE} a"
        f" WHERE a.id = {row}.{article_column} AND a.status = {PUBLISHED}"
    )


def moved(distinct: str) -> str:
    return (
        f"OLD.status {distinct} NEW.status OR OLD.section_id {distinct} NEW.section_id"
        f" OR OLD.source_id {distinct} NEW.source_id"
    )


# (name, table, event, condition (with "{distinct}" for IS NOT / IS DISTINCT FROM), body)
TRIGGERS = [
    ("article_insert", ARTICLE, "INSERT", f"NEW.status = {PUBLISHED}", add(keys("NEW", 1))),
    ("article_delete", ARTICLE, "DELETE", f"OLD.status = {PUBLISHED}", add(keys("OLD", -1))),
    (
        "article_update",
        ARTICLE,
        "UPDATE OF status, section_id, source_id",
        f"(OLD.status = {PUBLISHED} OR NEW.status = {PUBLISHED}) AND ({{moved}})",
        add(
            f"SELECT k, d FROM ({keys('OLD', -1)}) AS o WHERE OLD.status = {PUBLISHED}"
            f" UNION ALL SELECT k, d FROM ({keys('NEW', 1)}) AS n WHERE NEW.status = {PUBLISHED}"
        ),
    ),
]
for _kind, _table, _column, _article in (
    ("tag", TAGGED, "tag_id", "content_object_id"),
    ("author", CREDIT, "author_id", "article_id"),
):
    TRIGGERS += [
        (f"{_kind}_insert", _table, "INSERT", "", linked(_kind, _column, _article, "NEW", 1)),
        (f"{_kind}_delete", _table, "DELETE", "", linked(_kind, _column, _article, "OLD", -1)),
        (
            f"{_kind}_update",
            _table,
            "UPDATE",
            "",
            linked(_kind, _column, _article, "OLD", -1)
            + "; "
            + linked(_kind, _column, _article, "NEW", 1),
        ),
    ]

# The tally as it stands, from the rows (what the triggers keep from then on).
FILL = add(
    f"SELECT 'all' AS k, COUNT(*) AS d FROM {ARTICLE} WHERE status = {PUBLISHED}"
    f" UNION ALL SELECT 'section:' || section_id, COUNT(*) FROM {ARTICLE}"
    f" WHERE status = {PUBLISHED} AND section_id IS NOT NULL GROUP BY section_id"
    f" UNION ALL SELECT 'source:' || source_id, COUNT(*) FROM {ARTICLE}"
    f" WHERE status = {PUBLISHED} AND source_id IS NOT NULL GROUP BY source_id"
    f" UNION ALL SELECT 'tag:' || t.tag_id, COUNT(*) FROM {TAGGED} t JOIN {ARTICLE} a"
    f" ON a.id = t.content_object_id WHERE a.status = {PUBLISHED} GROUP BY t.tag_id"
    f" UNION ALL SELECT 'author:' || c.author_id, COUNT(*) FROM {CREDIT} c JOIN {ARTICLE} a"
    f" ON a.id = c.article_id WHERE a.status = {PUBLISHED} GROUP BY c.author_id"
)
TABLE = f"CREATE TABLE {TALLY} (key varchar(40) NOT NULL PRIMARY KEY, n integer NOT NULL)"


def sqlite_statements() -> list[str]:
    statements = [TABLE]
    for name, table, event, condition, body in TRIGGERS:
        when = f" WHEN {condition.format(moved=moved('IS NOT'))}" if condition else ""
        statements.append(
            f"CREATE TRIGGER newsroom_tally_{name} AFTER {event} ON {table}"
            f" FOR EACH ROW{when} BEGIN {body}; END"
        )
    return statements


def postgresql_statements() -> list[str]:
    statements = [TABLE]
    for name, table, event, condition, body in TRIGGERS:
        when = f" WHEN ({condition.format(moved=moved('IS DISTINCT FROM'))})" if condition else ""
        statements += [
            f"CREATE FUNCTION newsroom_tally_{name}() RETURNS trigger LANGUAGE plpgsql"
            f" AS $$ BEGIN {body}; RETURN NULL; END $$",
            f"CREATE TRIGGER newsroom_tally_{name} AFTER {event} ON {table}"
            f" FOR EACH ROW{when} EXECUTE FUNCTION newsroom_tally_{name}()",
        ]
    # TRUNCATE (PostgreSQL's flush) fires no row trigger: start the tally again.
    statements.append(
        "CREATE FUNCTION newsroom_tally_truncate() RETURNS trigger LANGUAGE plpgsql"
        f" AS $$ BEGIN DELETE FROM {TALLY}; RETURN NULL; END $$"
    )
    for table in (ARTICLE, TAGGED, CREDIT):
        statements.append(
            f"CREATE TRIGGER newsroom_tally_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION newsroom_tally_truncate()"
        )
    return statements


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return postgresql_statements()
    if vendor == "sqlite":
        return sqlite_statements()
    raise ImproperlyConfigured(
        f"Newsroom runs on SQLite or PostgreSQL (DESIGN.md): no listing tally for {vendor}"
    )


def _present(cursor, vendor: str) -> tuple[bool, set[str]]:
    """Whether the tally's table exists, and which of its triggers do."""
    if vendor == "postgresql":
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TALLY])
        exists = cursor.fetchone()[0]
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [PATTERN]
        )
    else:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TALLY])
        exists = cursor.fetchone() is not None
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PATTERN]
        )
    return exists, {row[0] for row in cursor.fetchall()}


def install(connection) -> None:
    """The table, its triggers, and the tally as the rows stand (migration 0023)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(FILL)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for name, table, *_ in TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS newsroom_tally_{name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS newsroom_tally_{name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS newsroom_tally_{name}")
        if connection.vendor == "postgresql":
            for table in (ARTICLE, TAGGED, CREDIT):
                cursor.execute(f"DROP TRIGGER IF EXISTS newsroom_tally_truncate ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS newsroom_tally_truncate()")
        cursor.execute(f"DROP TABLE IF EXISTS {TALLY}")


TRIGGER_NAMES = {f"newsroom_tally_{name}" for name, *_ in TRIGGERS}
PATTERN = "newsroom_tally_%"


def ensure(connection) -> bool:
    """Put back the triggers a table rebuild dropped, and count again (``post_migrate``).
    Nothing to do before migration 0023 (no table) or when all are there."""
    if connection.vendor not in {"postgresql", "sqlite"}:
        return False
    with connection.cursor() as cursor:
        exists, present = _present(cursor, connection.vendor)
    if not exists or present >= TRIGGER_NAMES:
        return False
    with transaction.atomic(using=connection.alias):  # never a moment with no table
        uninstall(connection)
        install(connection)
    return True
