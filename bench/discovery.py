"""Discovery benchmark: sitemap files, the news sitemap, feeds and search, timed in-process.

Run by `make bench` against the benchmark database; prints a table and writes JSON.
Each sitemap file and feed is built several times; search runs 20 typical queries.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["PAGE_CACHE"] = "false"  # time the building, not the page cache
django.setup()
logging.getLogger("newsroom.request").setLevel(logging.WARNING)  # no access lines here

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.sitemaps import ArticleSitemap  # noqa: E402
from bench.harness import write_result  # noqa: E402

QUERIES = [
    "solar", "climate finance", "railway", "Atacama Desert", "5G factory networks",
    "drought-resistant rice", "Kenya", "Belt and Road", "artificial intelligence",
    "electric vehicles", "coral reef", "Xinhua", "museum exhibition", "table tennis",
    "trade corridor", "satellite internet", "batteries", "Latin America cooperation",
    "glacier", "marathon route",
]  # fmt: skip
REPEAT = 5
FIXED_PATHS = [
    "/sitemap.xml", "/sitemap-sections.xml", "/sitemap-sources.xml", "/sitemap-tags.xml",
    "/sitemap-pages.xml", "/news-sitemap.xml", "/feed/", "/feed/atom/",
    "/section/science/feed/", "/tag/climate/feed/",
]  # fmt: skip


def timed(client: Client, path: str, repeat: int = REPEAT) -> dict:
    timings, size, queries = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            body = response.content
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        size, queries = len(body), len(captured)
    return {
        "path": path,
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "bytes": size,
        "queries": queries,
    }


def main() -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    public = Article.objects.published().count()
    pages = ArticleSitemap().paginator.num_pages
    rows = []
    for page in range(1, pages + 1):
        rows.append(timed(client, f"/sitemap-articles.xml?p={page}", repeat=3))
    for path in FIXED_PATHS:
        rows.append(timed(client, path))
    search_ms = []
    for query in QUERIES:
        result = timed(client, f"/search/?q={query.replace(' ', '+')}", repeat=3)
        search_ms.append(result["median_ms"])
    search_ms.sort()
    summary = {
        "database": connection.vendor,
        "public_articles": public,
        "files": rows,
        "search": {
            "queries": len(QUERIES),
            "median_ms": round(statistics.median(search_ms), 1),
            "p95_ms": round(search_ms[int(0.95 * (len(search_ms) - 1))], 1),
            "max_ms": round(search_ms[-1], 1),
        },
    }
    print(f"\nDiscovery at {public:,} public articles ({connection.vendor})")
    print(f"{'file':<40} {'median ms':>10} {'max ms':>8} {'KB':>8} {'queries':>8}")
    for row in rows:
        print(
            f"{row['path']:<40} {row['median_ms']:>10} {row['max_ms']:>8} "
            f"{row['bytes'] // 1024:>8} {row['queries']:>8}"
        )
    s = summary["search"]
    print(f"search, {s['queries']} queries (whole page): median {s['median_ms']} ms, "
          f"p95 {s['p95_ms']} ms, max {s['max_ms']} ms")  # fmt: skip
    reset_queries()
    return summary


if __name__ == "__main__":
    write_result("discovery", main())
