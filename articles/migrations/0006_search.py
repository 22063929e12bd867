"""Full-text search and sitemap indexes: a keywords column, plus what each database does best.

PostgreSQL: a stored generated tsvector column with a GIN index. SQLite: an FTS5 table
kept in step by triggers. Neither is a Django field: they belong to one database each.

The SQL is frozen here as it stood when this migration was written (it was once imported
from ``articles.search``): a migration replays history, so live code that changes later
must not change what it does. ``articles.search.ensure_sqlite_fts`` still runs after every
``migrate`` and brings SQLite's index up to date with the current code.
"""

from django.db import migrations, models

PG_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || "
    "setweight(to_tsvector('english', "
    "regexp_replace(coalesce(body, ''), '<[^>]+>', ' ', 'g')), 'C')"
)
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_fts USING fts5("
    "title, summary, keywords, body, content='articles_article', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_insert AFTER INSERT ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(rowid, title, summary, keywords, body) "
    "VALUES (new.id, new.title, new.summary, new.keywords, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_delete AFTER DELETE ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(articles_article_fts, rowid, title, summary, "
    "keywords, body) VALUES ('delete', old.id, old.title, old.summary, old.keywords, old.body); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_update AFTER UPDATE ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(articles_article_fts, rowid, title, summary, "
    "keywords, body) VALUES ('delete', old.id, old.title, old.summary, old.keywords, old.body); "
    "INSERT INTO articles_article_fts(rowid, title, summary, keywords, body) "
    "VALUES (new.id, new.title, new.summary, new.keywords, new.body); END",
    # Index the rows already there.
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]

PG_FORWARD = [
    f"ALTER TABLE articles_article ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED",
    "CREATE INDEX article_search_idx ON articles_article USING GIN (search_vector)",
    # Sitemaps and their counts read only these columns of public articles: answered
    # from the index alone (SQLite has no covering indexes, so PostgreSQL only).
    "CREATE INDEX article_sitemap_idx ON articles_article (status, published_at DESC, id DESC) "
    "INCLUDE (slug, updated_at, source_id, syndication_policy)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS article_sitemap_idx",
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def fill_keywords(apps, schema_editor):
    """Existing articles: tags, source names and bylines into the new column."""
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    tags = {}
    for article_id, name in TaggedArticle.objects.values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    batch = []
    for article in Article.objects.select_related("source").iterator(chunk_size=2000):
        source = article.source
        aliases = source.aliases.splitlines() if source else []
        parts = [*sorted(tags.get(article.pk, [])), article.byline, article.agency]
        if source:
            parts += [source.name, *(a.strip() for a in aliases)]
        article.keywords = " ".join(p for p in parts if p)
        batch.append(article)
        if len(batch) == 2000:
            Article.objects.bulk_update(batch, ["keywords"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["keywords"])


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_photo_renditions")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="keywords",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Tags, source and byline, kept here so full-text search can index them.",
                verbose_name="search keywords",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ),
        migrations.RunPython(fill_keywords, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
