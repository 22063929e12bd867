"""`make bench`: requests per second and latency of the pages readers and crawlers hit
hardest, uncached and from the page cache, against a static file of the same size served
by the same gunicorn (the ceiling). Prints one table and writes bench/results/throughput.json.

Environment: DATABASE_URL (the seeded benchmark database), REDIS_URL, BENCH_SECONDS
(per measurement, default 10), BENCH_CONNECTIONS (default 16), BENCH_WORKERS (default 2).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["PAGE_CACHE"] = "false"  # in-process measurements (query counts) see the views
django.setup()
logging.getLogger("newsroom.request").setLevel(logging.WARNING)  # no access lines here

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article  # noqa: E402
from bench.harness import (  # noqa: E402
    ROOT,
    Server,
    app_env,
    ensure_tool,
    fetch,
    free_port,
    gunicorn,
    write_result,
    wrk,
)
from bench.profiling import cold_profile  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TARGETS = {"newest": 0.10, "article": 0.12, "cached": 0.60}
# Every cache off (what a save leaves behind): each page's share of its static ceiling.
COLD_TARGETS = {"Newest page 1": 0.10, "Newest page 50": 0.10, "Article": 0.12, "Tag page": 0.08}
BUDGETS = {"Newest page 1": 4, "Newest page 50": 4, "Article": 5, "Tag page": 5,
           "Sitemap file": 3}  # fmt: skip
NGINX_CONF = ROOT / "docs" / "nginx" / "newsroom.conf"


def pages() -> dict[str, str]:
    article = (
        Article.objects.published()
        .filter(article_photos__isnull=False)
        .order_by("-published_at", "-id")
        .distinct()[20]
    )
    tag = (
        Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n", "name").first()
    )
    return {
        "Newest page 1": "/",
        "Newest page 50": "/?page=50",
        "Article": article.get_absolute_url(),
        "Tag page": f"/tag/{tag.slug}/",
        "Search": "/search/?q=solar+power",
        "Sitemap index": "/sitemap.xml",
        "Sitemap file": "/sitemap-articles.xml",
        "API list": "/api/v1/articles/",
        "API detail": f"/api/v1/articles/{article.pk}/",
    }


def query_counts(paths: dict[str, str]) -> dict[str, int]:
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in paths.items():
        client.get(path)  # warm the site-wide cache, as on a running site
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[name] = len(queries)
    return counts


def ceiling_file(size: int) -> str:
    """A static file as large as a page, for whitenoise to serve: that page's ceiling."""
    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"ceiling-{size}.html"
    (folder / name).write_bytes(b"<!doctype html><title>ceiling</title>" + b"x" * (size - 37))
    return f"/static/bench/{name}"


def warm(server: Server, paths: dict[str, str], rounds: int = 10) -> None:
    for _ in range(rounds):
        for path in paths.values():
            status, _, _ = fetch(server.url + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")


def measure(server: Server, paths: dict[str, str]) -> dict[str, dict]:
    """Each page's better of two wrk runs: PostgreSQL, Redis and wrk share the two cores,
    and one stray background job (autovacuum) can halve a single 10-second run."""
    results = {}
    for name, path in paths.items():
        runs = []
        for _ in range(2):
            runs.append(wrk(server.url + path, seconds=SECONDS, connections=CONNECTIONS).as_dict())
            server.wait_until_idle()
        results[name] = max(runs, key=lambda run: run["requests_per_second"])
        print(f"  {name:<16} {results[name]['requests_per_second']:>9.1f} req/s", flush=True)
    return results


def through_nginx(upstream: Server, paths: dict[str, str]) -> dict[str, dict] | None:
    """The documented nginx micro-cache in front of the page-cached app server."""
    try:
        nginx = ensure_tool("nginx", "nginx-light")
    except (SystemExit, OSError) as exc:
        print(f"nginx not available ({exc}): skipping the proxy measurement", flush=True)
        return None
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
    (prefix / "logs").mkdir()
    # nginx's workers drop root for "nobody": let them write their cache here.
    prefix.chmod(0o755)
    (prefix / "cache").mkdir(mode=0o777)
    (prefix / "cache").chmod(0o777)
    conf = NGINX_CONF.read_text()
    conf = (
        conf.replace("127.0.0.1:8000", upstream.url.removeprefix("http://"))
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/var/cache/nginx/newsroom", str(prefix / "cache"))
        .replace("/srv/newsroom/staticfiles/", f"{settings.STATIC_ROOT}/")
        .replace("/srv/newsroom/media/", f"{settings.MEDIA_ROOT}/")
    )
    wrapper = prefix / "nginx.conf"
    wrapper.write_text(
        "worker_processes 2;\npid nginx.pid;\nerror_log logs/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n  include /etc/nginx/mime.types;\n"
        f"  {conf}\n}}\n"
    )
    subprocess.run([nginx, "-p", str(prefix), "-c", str(wrapper), "-t", "-q"], check=True)
    subprocess.run([nginx, "-p", str(prefix), "-c", str(wrapper)], check=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for path in paths.values():
            try:
                fetch(url + path)
            except OSError as exc:
                errors = (prefix / "logs" / "error.log").read_text()[-2000:]
                raise SystemExit(f"nginx answered {exc} for {path}:\n{errors}") from exc
        return {
            name: wrk(url + path, seconds=SECONDS, connections=CONNECTIONS).as_dict()
            for name, path in paths.items()
        }
    finally:
        subprocess.run([nginx, "-p", str(prefix), "-c", str(wrapper), "-s", "stop"], check=False)


def main() -> dict:
    started = time.monotonic()
    paths = pages()
    counts = query_counts(paths)
    with override_settings(NEWSROOM_FRAGMENT_CACHE=False):
        cold_counts = query_counts(paths)
    client = Client(HTTP_HOST="127.0.0.1")
    sizes = {name: len(client.get(path).content) for name, path in paths.items()}
    ceiling_paths = {name: ceiling_file(size) for name, size in sizes.items()}
    base_env = app_env("bench", page_cache=False)
    memory = {}
    print(f"uncached ({WORKERS} gunicorn workers, {CONNECTIONS} connections, {SECONDS}s each)")
    with gunicorn(base_env, workers=WORKERS) as server:
        warm(server, paths)
        memory["uncached_start"] = server.worker_memory()
        uncached = measure(server, paths)
        memory["uncached_end"] = server.worker_memory()
        print("static files of the same sizes (the ceilings)")
        ceilings = measure(server, ceiling_paths)
    print("cold: the fragment cache off too (every card, chrome and story rendered)")
    cold_paths = {k: paths[k] for k in COLD_TARGETS}
    with gunicorn({**base_env, "FRAGMENT_CACHE": "false"}, workers=WORKERS) as server:
        warm(server, cold_paths)
        cold = measure(server, cold_paths)
    print("cached (page cache in Redis)")
    with gunicorn({**base_env, "PAGE_CACHE": "true"}, workers=WORKERS) as server:
        warm(server, paths, rounds=2)
        memory["cached_start"] = server.worker_memory()
        cached = measure(server, paths)
        memory["cached_end"] = server.worker_memory()
        nginx = through_nginx(server, {k: paths[k] for k in ("Newest page 1", "Article")})

    rows = []
    for name in paths:
        top = ceilings[name]["requests_per_second"]
        rows.append(
            {
                "page": name,
                "path": paths[name],
                "bytes": sizes[name],
                "queries_warm": counts[name],
                "queries_cold": cold_counts[name],
                "uncached": uncached[name],
                "cached": cached[name],
                "ceiling": ceilings[name],
                "uncached_ratio": uncached[name]["requests_per_second"] / top,
                "cached_ratio": cached[name]["requests_per_second"] / top,
            }
        )
    report = {
        "articles": Article.objects.count(),
        "public_articles": Article.objects.published().count(),
        "database": connection.vendor,
        "seconds_per_run": SECONDS,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "pages": rows,
        "nginx": nginx,
        "cold": cold,
        "memory_kib": memory,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    print_table(report)
    print()
    print(cold_profile(paths["Article"]))
    return report


def print_table(report: dict) -> None:
    print(
        f"\nNewsroom at {report['public_articles']:,} public articles "
        f"({report['articles']:,} in all), {report['database']}, "
        f"{report['workers']} gunicorn workers, {report['connections']} connections, "
        f"the better of two {report['seconds_per_run']}s runs per figure"
    )
    numbers = f"{'p50 ms':>8}{'p99 ms':>8}{'err':>5}{'ratio':>7}"
    header = f"{'page':<16}{'KB':>6}{'queries':>9} | {'uncached req/s':>14}{numbers} | "
    header += f"{'cached req/s':>12}{numbers} | {'ceiling':>8}"
    print(header)
    print("-" * len(header))
    for row in report["pages"]:
        u, c = row["uncached"], row["cached"]
        queries = f"{row['queries_cold']}/{row['queries_warm']}"
        print(
            f"{row['page']:<16}{row['bytes'] / 1024:>6.0f}{queries:>9} | "
            f"{u['requests_per_second']:>14.1f}"
            f"{u['p50_ms']:>8.1f}{u['p99_ms']:>8.1f}{u['errors']:>5}"
            f"{row['uncached_ratio']:>7.1%} | "
            f"{c['requests_per_second']:>12.1f}{c['p50_ms']:>8.1f}{c['p99_ms']:>8.1f}"
            f"{c['errors']:>5}{row['cached_ratio']:>7.1%} | "
            f"{row['ceiling']['requests_per_second']:>8.0f}"
        )
    print(
        "queries: with the fragment cache cold / warm; ceiling: req/s for a static file of "
        "the page's size from the same gunicorn (whitenoise)"
    )
    for name, result in report["cold"].items():
        ceiling = next(r["ceiling"] for r in report["pages"] if r["page"] == name)
        print(
            f"cold (no page or fragment cache), {name}: {result['requests_per_second']:.1f} "
            f"req/s ({result['requests_per_second'] / ceiling['requests_per_second']:.1%} of "
            f"its ceiling), p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
        )
    if report["nginx"]:
        for name, result in report["nginx"].items():
            print(
                f"via nginx micro-cache, {name}: {result['requests_per_second']:.1f} req/s, "
                f"p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, "
                f"{result['errors']} errors"
            )
    memory = report["memory_kib"]
    print(
        "worker memory (all workers, MiB): "
        + ", ".join(
            f"{stage} {values['rss_kib'] / 1024:.0f} (peak {values['peak_kib'] / 1024:.0f})"
            for stage, values in memory.items()
        )
    )
    rows = {row["page"]: row for row in report["pages"]}
    checks = [
        (
            f"uncached Newest >= {TARGETS['newest']:.0%} of ceiling",
            rows["Newest page 1"]["uncached_ratio"] >= TARGETS["newest"],
        ),
        (
            f"uncached article >= {TARGETS['article']:.0%} of ceiling",
            rows["Article"]["uncached_ratio"] >= TARGETS["article"],
        ),
        (
            f"cached pages >= {TARGETS['cached']:.0%} of ceiling",
            all(r["cached_ratio"] >= TARGETS["cached"] for r in rows.values()),
        ),
        (
            "Newest page 50 within 20% of page 1",
            rows["Newest page 50"]["uncached"]["requests_per_second"]
            >= 0.8 * rows["Newest page 1"]["uncached"]["requests_per_second"],
        ),
        *(
            (
                f"cold {name} >= {target:.0%} of ceiling",
                report["cold"][name]["requests_per_second"]
                >= target * rows[name]["ceiling"]["requests_per_second"],
            )
            for name, target in COLD_TARGETS.items()
        ),
        (
            "query budgets (cold)",
            all(rows[name]["queries_cold"] <= budget for name, budget in BUDGETS.items()),
        ),
        (
            "no errors",
            all(r["uncached"]["errors"] == 0 and r["cached"]["errors"] == 0 for r in rows.values()),
        ),
    ]
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {label}")


if __name__ == "__main__":
    write_result("throughput", main())
