"""`make bench-api`: the JSON API's article list and detail alone, as `make bench` measures
them with the reader pages: queries per request (fragment cache warm and off), then
requests per second with wrk against gunicorn, uncached and from the page cache.
Writes bench/results/api.json.

Environment: as bench/throughput.py (DATABASE_URL, REDIS_URL, BENCH_SECONDS, ...).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# bench.throughput sets Django up (settings, PAGE_CACHE off in process) on import.
from bench.throughput import (  # noqa: I001
    CONNECTIONS,
    SECONDS,
    WORKERS,
    measure,
    pages,
    query_counts,
    warm,
)
from bench.harness import app_env, gunicorn, write_result
from django.test.utils import override_settings


def main() -> dict:
    started = time.monotonic()
    paths = {name: path for name, path in pages().items() if name.startswith("API")}
    counts = query_counts(paths)
    with override_settings(NEWSROOM_FRAGMENT_CACHE=False):
        cold_counts = query_counts(paths)
    env = app_env("bench-api", page_cache=False)
    print(f"uncached ({WORKERS} gunicorn workers, {CONNECTIONS} connections, {SECONDS}s each)")
    with gunicorn(env, workers=WORKERS) as server:
        warm(server, paths)
        uncached = measure(server, paths)
    print("cached (page cache in Redis)")
    with gunicorn({**env, "PAGE_CACHE": "true"}, workers=WORKERS) as server:
        warm(server, paths, rounds=2)
        cached = measure(server, paths)
    rows = [
        {
            "page": name,
            "path": path,
            "queries_warm": counts[name],
            "queries_cold": cold_counts[name],
            "uncached": uncached[name],
            "cached": cached[name],
        }
        for name, path in paths.items()
    ]
    print(f"\n{'':<12} {'queries':>8} {'uncached req/s':>15} {'p99 ms':>7} "
          f"{'cached req/s':>13} {'p99 ms':>7}")  # fmt: skip
    for row in rows:
        print(
            f"{row['page']:<12} {row['queries_warm']:>8} "
            f"{row['uncached']['requests_per_second']:>15.1f} {row['uncached']['p99_ms']:>7.1f} "
            f"{row['cached']['requests_per_second']:>13.1f} {row['cached']['p99_ms']:>7.1f}"
        )
    return {
        "seconds_per_run": SECONDS,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "pages": rows,
        "elapsed_s": round(time.monotonic() - started, 1),
    }


if __name__ == "__main__":
    write_result("api", main())
