"""Model instances from hand-written SQL, as the ORM would have loaded them.

An article page's row and photos are read on every cold request; compiling their
``select_related``/``prefetch_related`` queries cost the ORM more CPU than PostgreSQL
spent answering them. The queries are written by hand (``articles.story_parts``); this
module turns their rows back into complete model instances: every concrete field, each
value passed through the converters the ORM applies (SQLite's dates and booleans,
JSON), and related objects cached where ``article.section`` finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Model

from . import prepared


@cache
def columns(model: type[Model], alias: str, db: str) -> str:
    """The select list of every concrete field of ``model``, from table alias ``alias``."""
    quote = connections[db].ops.quote_name  # a column may be named "order"
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many columns ``columns(model, ...)`` selects."""
    return len(model._meta.concrete_fields)


@cache
def _converters(model: type[Model], db: str) -> tuple[list[str], list[tuple[int, list, Any]]]:
    connection = connections[db]
    names, converters = [], []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if found:
            converters.append((index, found, expression))
    return names, converters


def load(model: type[Model], db: str, values: Sequence) -> Model | None:
    """An instance of ``model`` from its ``columns`` in a row; None for a LEFT JOIN's
    missing row (a NULL primary key)."""
    if values[0] is None:
        return None
    names, converters = _converters(model, db)
    values = list(values)
    connection = connections[db]
    for index, functions, expression in converters:
        for convert in functions:
            values[index] = convert(values[index], expression, connection)
    return model.from_db(db, names, values)


def split(row: Sequence, *models: type[Model]) -> list[Sequence]:
    """A joined row cut into each model's columns, in the order they were selected."""
    parts, start = [], 0
    for model in models:
        end = start + width(model)
        parts.append(row[start:end])
        start = end
    return parts


def get_by_slug(model: type[Model], slug: str) -> Model | None:
    """The ``model`` instance with this slug (a unique column), or None: what
    ``model.objects.get(slug=slug)`` loads, from a prepared statement."""
    db = router.db_for_read(model)
    connection = connections[db]
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"SELECT {columns(model, 't', db)} FROM {table} t WHERE t.slug = %s"  # noqa: S608
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, sql, [slug])
        row = cursor.fetchone()
    return None if row is None else load(model, db, row)
