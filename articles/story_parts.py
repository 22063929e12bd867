"""An article page's small parts — tags, credited authors, corrections — in one query.

Fetched as three prefetches they cost three round trips and the ORM's compilation of
each, on every cold article page. One hand-written, parameterized ``UNION ALL`` brings
them together, a row per part with a ``kind``; the rows become the same model instances
the prefetches made, put where ``article.tags.all()``, ``article.corrections.all()``
and ``article.article_authors.all()`` find them, so templates, structured data and
feeds read them unchanged.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model
from taggit.models import Tag

from .models import Article, ArticleAuthor, Author, Correction, TaggedArticle

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


def prefetch_parts(article: Article) -> None:
    """Load the article's tags, corrections and author credits with one query."""
    connection = connections[router.db_for_read(Article)]
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [article.pk] * 3)
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
    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    _remember(article, "tags", tags)
    _remember(article, "corrections", corrections)
    _remember(article, "article_authors", credits)
