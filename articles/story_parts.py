"""An article page's row and parts, read with three hand-written queries.

Through the ORM the row (with its section, source and disclaimers), its photos, tags,
credited authors and corrections cost five round trips and more CPU compiling them
than the database spent answering. Here: the row with its related rows in one join
(``public_article``), the photos in one (``prefetch_photos``), and the small parts in
one ``UNION ALL`` with a ``kind`` per row (``prefetch_parts``). The rows become the same
model instances the ORM made (``articles.handmade``), put where ``article.section``,
``article.article_photos.all()``, ``article.tags.all()``, ``article.corrections.all()``
and ``article.article_authors.all()`` find them, so templates, structured data and
feeds read them unchanged.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone
from taggit.models import Tag

from . import handmade, prepared
from .models import (
    Article,
    ArticleAuthor,
    ArticlePhoto,
    ArticleStatus,
    Author,
    Correction,
    Disclaimer,
    Photo,
    Section,
    Source,
    TaggedArticle,
)

# The row an article page needs (``ArticleQuerySet.for_page``), if public (the one rule
# of ``published_q``). Table names, column lists and "%s" placeholders only.
ARTICLE_SQL = (
    "SELECT {article_columns}, {section_columns}, {source_columns}, {source_disclaimer_columns},"
    " {disclaimer_columns} FROM {article} a LEFT JOIN {section} s ON s.id = a.section_id"
    " LEFT JOIN {source} o ON o.id = a.source_id"
    " LEFT JOIN {disclaimer} od ON od.id = o.default_disclaimer_id"
    " LEFT JOIN {disclaimer} d ON d.id = a.disclaimer_id"
    " WHERE a.slug = %s AND a.status = %s AND a.published_at <= %s"
)
PHOTOS_SQL = (
    "SELECT {placement_columns}, {photo_columns} FROM {placement} f"
    " JOIN {photo} p ON p.id = f.photo_id WHERE f.article_id = %s ORDER BY f.position, f.id"
)

# One column list for every kind, as UNION needs: (kind, id, order, text, text, text, text,
# text, int, int, int, time). The author branch comes first: its columns have their types,
# which PostgreSQL gives the other branches' NULLs. Table names and "%s" placeholders
# only: the article's id is a parameter.
PARTS_SQL = (
    "SELECT 'author', p.id, p.position, u.name, u.slug, u.role, u.bio, u.links, u.id,"
    " u.photo_id, u.user_id, NULL"
    " FROM {credit} p JOIN {author} u ON u.id = p.author_id WHERE p.article_id = %s"
    " UNION ALL"
    " SELECT 'correction', c.id, c.id, c.text, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " c.created_at FROM {correction} c WHERE c.article_id = %s"
    " UNION ALL"
    " SELECT 'tag', t.id, x.id, t.name, t.slug, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    " FROM {tag} t JOIN {tagged} x ON x.tag_id = t.id WHERE x.content_object_id = %s"
)


def _sql() -> str:
    return PARTS_SQL.format(
        tag=Tag._meta.db_table,
        tagged=TaggedArticle._meta.db_table,
        correction=Correction._meta.db_table,
        credit=ArticleAuthor._meta.db_table,
        author=Author._meta.db_table,
    )


def _instance(model: type[Model], db: str, **values) -> Model:
    """A model instance as a query would load it: every field, in the model's order."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(db, names, [values[name] for name in names])


def _remember(article: Article, name: str, objects: list[Model]) -> None:
    """Keep ``objects`` as the prefetched result of ``article.<name>.all()``: what
    ``prefetch_related_objects`` leaves on an instance."""
    queryset = getattr(article, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    article._prefetched_objects_cache[name] = queryset


def _database() -> str:
    return router.db_for_read(Article)


def public_article(slug: str) -> Article | None:
    """The public article with this slug, its section, source and disclaimers joined."""
    db = _database()
    connection = connections[db]
    sql = ARTICLE_SQL.format(
        article=Article._meta.db_table,
        section=Section._meta.db_table,
        source=Source._meta.db_table,
        disclaimer=Disclaimer._meta.db_table,
        article_columns=handmade.columns(Article, "a", db),
        section_columns=handmade.columns(Section, "s", db),
        source_columns=handmade.columns(Source, "o", db),
        source_disclaimer_columns=handmade.columns(Disclaimer, "od", db),
        disclaimer_columns=handmade.columns(Disclaimer, "d", db),
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, sql, [slug, ArticleStatus.PUBLISHED.value, now])
        row = cursor.fetchone()
    if row is None:
        return None
    parts = handmade.split(row, Article, Section, Source, Disclaimer, Disclaimer)
    article, section, source, source_disclaimer, disclaimer = (
        handmade.load(model, db, values)
        for model, values in zip(
            (Article, Section, Source, Disclaimer, Disclaimer), parts, strict=True
        )
    )
    if source is not None:
        Source.default_disclaimer.field.set_cached_value(source, source_disclaimer)
    Article.section.field.set_cached_value(article, section)
    Article.source.field.set_cached_value(article, source)
    Article.disclaimer.field.set_cached_value(article, disclaimer)
    return article


def prefetch_photos(article: Article) -> None:
    """Load the article's photo placements, in order, each with its photo."""
    db = _database()
    connection = connections[db]
    sql = PHOTOS_SQL.format(
        placement=ArticlePhoto._meta.db_table,
        photo=Photo._meta.db_table,
        placement_columns=handmade.columns(ArticlePhoto, "f", db),
        photo_columns=handmade.columns(Photo, "p", db),
    )
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, sql, [article.pk])
        rows = cursor.fetchall()
    placements = []
    for row in rows:
        placement, photo = handmade.split(row, ArticlePhoto, Photo)
        figure = handmade.load(ArticlePhoto, db, placement)
        ArticlePhoto.photo.field.set_cached_value(figure, handmade.load(Photo, db, photo))
        ArticlePhoto.article.field.set_cached_value(figure, article)
        placements.append(figure)
    _prefetched(article)
    _remember(article, "article_photos", placements)


def _prefetched(article: Article) -> None:
    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}


def prefetch_parts(article: Article) -> None:
    """Load the article's tags, corrections and author credits with one query."""
    connection = connections[_database()]
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, _sql(), [article.pk] * 3)
        rows = cursor.fetchall()
    db = connection.alias
    tags, corrections, credits = [], [], []
    for kind, pk, order, text, slug, role, bio, links, author_id, photo_id, user_id, at in sorted(
        rows, key=lambda row: (row[0], row[2], row[1])
    ):
        if kind == "tag":
            tags.append(_instance(Tag, db, id=pk, name=text, slug=slug))
        elif kind == "correction":
            if connection.vendor == "sqlite":  # PostgreSQL returns aware datetimes already
                at = connection.ops.convert_datetimefield_value(at, None, connection)
            corrections.append(
                _instance(Correction, db, id=pk, article_id=article.pk, text=text, created_at=at)
            )
        else:
            author = _instance(
                Author, db, id=author_id, name=text, slug=slug, role=role, bio=bio,
                links=links, photo_id=photo_id, user_id=user_id,
            )  # fmt: skip
            credit = _instance(
                ArticleAuthor, db, id=pk, article_id=article.pk, author_id=author_id, position=order
            )
            ArticleAuthor.author.field.set_cached_value(credit, author)
            ArticleAuthor.article.field.set_cached_value(credit, article)
            credits.append(credit)
    corrections.sort(key=lambda correction: (correction.created_at, correction.pk))
    tags.sort(key=lambda tag: (tag.name.casefold(), tag.pk))  # as the API lists them
    _prefetched(article)
    _remember(article, "tags", tags)
    _remember(article, "corrections", corrections)
    _remember(article, "article_authors", credits)
