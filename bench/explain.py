"""EXPLAIN ANALYZE of the public queries on the benchmark database: each must use an index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.sitemaps import ArticleSitemap  # noqa: E402


def explain(title: str, queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\n== {title}")
    print("\n".join(plan))


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN output is for the PostgreSQL benchmark database")
    public = Article.objects.published()
    explain("Newest, page 1", public.order_by("-published_at", "-id")[:20])
    explain("Newest, page 50", public.order_by("-published_at", "-id")[980:1000])
    slug = public.order_by("-published_at").values_list("slug", flat=True)[20]
    explain("Article lookup by slug", public.filter(slug=slug)[:21])
    tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
    explain(
        f"Tag page ({tag.name})",
        public.filter(tags=tag).order_by("-published_at", "-id")[:20],
    )
    explain("Sitemap file (page 1)", ArticleSitemap().items()[:50_000])
    explain("Sitemap count (rows counted)", Article.objects.published().indexable().values("pk"))


if __name__ == "__main__":
    main()
