"""`make loadtest`: gunicorn with production settings on PostgreSQL (and Redis, page cache
on), driven for LOADTEST_SECONDS (default 60) by wrk with LOADTEST_CONNECTIONS (default
32) connections over a mix of Newest, articles, listings, search and sitemaps. It fails
unless every response is a success and the workers' memory stops growing.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db.models import Count  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, Section, Source  # noqa: E402
from bench.harness import app_env, fetch, gunicorn, write_result, wrk  # noqa: E402

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# Memory may settle during the first half of the run, not keep climbing afterwards.
MAX_GROWTH_AFTER_WARMUP = 0.10

# Lua for wrk: each request takes the next path from a shuffled list.
SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = math.random(#paths)
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
"""


def reader_paths(articles: list[str]) -> list[str]:
    """What readers ask for, weighted: the front pages, ``articles``, listings, search."""
    tags = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).filter(n__gt=0)
    return (
        ["/"] * 300
        + [f"/?page={n}" for n in range(2, 30)] * 3
        + articles
        + [f"/section/{s.slug}/" for s in Section.objects.all()] * 10
        + [f"/tag/{t.slug}/" for t in tags] * 3
        + [f"/source/{s.slug}/" for s in Source.objects.all()] * 5
        + [f"/search/?q={q}" for q in ["solar", "railway", "climate+finance", "Kenya",
                                        "5G", "museum", "coral+reef", "batteries"]] * 10
    )  # fmt: skip


def paths(rng: random.Random) -> list[str]:
    """A realistic mix: a long tail of articles, the front pages, search and sitemaps."""
    articles = [a.get_absolute_url() for a in Article.objects.published().order_by("?")[:2000]]
    crawlers = ["/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml", "/feed/"] * 5
    mix = reader_paths(articles) + crawlers
    rng.shuffle(mix)
    return mix


def main() -> dict:
    rng = random.Random(7)
    mix = paths(rng)
    folder = Path(tempfile.mkdtemp(prefix="newsroom-loadtest-"))
    (folder / "paths.txt").write_text("\n".join(mix) + "\n")
    script = folder / "mix.lua"
    script.write_text(SCRIPT % (folder / "paths.txt"))
    with gunicorn(app_env("loadtest", page_cache=True), workers=WORKERS) as server:
        for path in mix[:50]:
            fetch(server.url + path)
        start = server.worker_memory()
        first = wrk(server.url, seconds=SECONDS // 2, connections=CONNECTIONS, script=script)
        middle = server.worker_memory()
        second = wrk(server.url, seconds=SECONDS - SECONDS // 2, connections=CONNECTIONS,
                     script=script)  # fmt: skip
        end = server.worker_memory()
    requests = first.requests + second.requests
    errors = first.errors + second.errors
    growth = (end["rss_kib"] - middle["rss_kib"]) / max(middle["rss_kib"], 1)
    report = {
        "seconds": SECONDS,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "distinct_paths": len(set(mix)),
        "requests": requests,
        "errors": errors,
        "requests_per_second": round(requests / SECONDS, 1),
        "requests_per_second_by_half": [first.requests_per_second, second.requests_per_second],
        "p50_ms": {"first_half": first.p50_ms, "second_half": second.p50_ms},
        "p99_ms": {"first_half": first.p99_ms, "second_half": second.p99_ms},
        "memory_kib": {"start": start, "middle": middle, "end": end},
        "memory_growth_second_half": round(growth, 3),
    }
    print(
        f"\nload test: {SECONDS}s, {CONNECTIONS} connections, {WORKERS} workers, "
        f"{report['distinct_paths']} distinct paths\n"
        f"  {requests} requests, {report['requests_per_second']} req/s, {errors} errors\n"
        f"  req/s {first.requests_per_second:.1f} / {second.requests_per_second:.1f}, "
        f"p50 {first.p50_ms:.1f} / {second.p50_ms:.1f} ms, "
        f"p99 {first.p99_ms:.1f} / {second.p99_ms:.1f} ms (first / second half)\n"
        f"  worker memory MiB: start {start['rss_kib'] / 1024:.0f}, "
        f"middle {middle['rss_kib'] / 1024:.0f}, end {end['rss_kib'] / 1024:.0f} "
        f"(growth in the second half {growth:.1%})"
    )
    failures = []
    if errors:
        failures.append(f"{errors} failed requests")
    if growth > MAX_GROWTH_AFTER_WARMUP:
        failures.append(f"worker memory grew {growth:.1%} in the second half")
    report["passed"] = not failures
    write_result("loadtest", report)
    if failures:
        raise SystemExit("load test FAILED: " + "; ".join(failures))
    print("load test passed: no errors, memory flat")
    return report


if __name__ == "__main__":
    main()
