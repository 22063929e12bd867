"""`make bench`, part three: readers while the newsroom edits.

Readers (wrk) request a mix of Newest, a spread of 2,000 article pages, listings and
search, with the page cache on (Redis), first with no edits, then while an editor saves
one article every 10 seconds, then one every second. Each save is an ordinary
``save()`` of a published article (a corrected sentence), so it invalidates what it
would in production: that article's page and whatever shows it. Prints reader req/s,
p99 and the page cache's hit ratio for each run, and the share of the no-edit figure.

Run it alone: ``python bench/editing.py`` (after ``bench/prepare.py``);
``python bench/editing.py --editor SECONDS INTERVAL`` is the editor's own process.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from articles.models import Article  # noqa: E402
from bench.harness import ROOT, app_env, fetch, gunicorn, write_result, wrk_run  # noqa: E402
from bench.loadtest import reader_paths  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10")) * 2
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TARGETS = {10.0: 0.70, 1.0: 0.40}  # seconds between saves -> share of no-edit req/s

# Lua for wrk: the next path of a shuffled list per request; counts page-cache hits.
SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = math.random(#paths)
hits, misses = 0, 0  -- globals: done() reads them from each thread
local threads = {}
setup = function(thread) table.insert(threads, thread) end
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
response = function(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  io.write(string.format("page-cache hits %%d misses %%d\\n", h, m))
end
"""


def reading_mix(rng: random.Random) -> tuple[list[str], list[int]]:
    """What readers request, and the articles among them (the editor edits those)."""
    picked = list(Article.objects.published().order_by("?").values_list("pk", flat=True)[:2000])
    articles = {a.pk: a.get_absolute_url() for a in Article.objects.filter(pk__in=picked)}
    mix = reader_paths(list(articles.values()))
    rng.shuffle(mix)
    return mix, list(articles)


def edit(seconds: float, interval: float, article_ids: list[int]) -> int:
    """The editor: save one of the read articles every ``interval`` seconds."""
    rng = random.Random(11)
    saves, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        article = Article.objects.get(pk=rng.choice(article_ids))
        article.body = re.sub(r"( Corrected \d+\.)?</p>$", f" Corrected {saves}.</p>", article.body)
        article.save()
        saves += 1
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return saves


def editor_process(env: dict, interval: float, ids_file: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, "--editor", str(SECONDS), str(interval), str(ids_file)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
    )


def run(server, script: Path, env: dict, interval: float | None, ids_file: Path) -> dict:
    editor = editor_process(env, interval, ids_file) if interval else None
    output = wrk_with_output(server.url, script)
    saves = int(editor.communicate(timeout=SECONDS + 60)[0].strip() or 0) if editor else 0
    return {**output, "saves": saves}


def wrk_with_output(url: str, script: Path) -> dict:
    result, output = wrk_run(url, seconds=SECONDS, connections=CONNECTIONS, script=script)
    hits, misses = map(int, re.search(r"hits (\d+) misses (\d+)", output).groups())
    return {**result.as_dict(), "hit_ratio": hits / max(hits + misses, 1)}


def main() -> dict:
    rng = random.Random(7)
    mix, article_ids = reading_mix(rng)
    folder = Path(tempfile.mkdtemp(prefix="newsroom-editing-"))
    (folder / "paths.txt").write_text("\n".join(mix) + "\n")
    ids_file = folder / "articles.txt"
    ids_file.write_text("\n".join(map(str, article_ids)))
    script = folder / "mix.lua"
    script.write_text(SCRIPT % (folder / "paths.txt"))
    env = app_env("editing", page_cache=True)
    runs = {}
    print(f"readers while editing ({WORKERS} workers, {CONNECTIONS} connections, {SECONDS}s each)")
    with gunicorn(env, workers=WORKERS) as server:
        for path in dict.fromkeys(mix):  # every page once: the cache as a running site has it
            fetch(server.url + path)
        memory_before = server.worker_memory()
        for label, interval in (("no edits", None), ("a save every 10 s", 10.0),
                                ("a save every 1 s", 1.0)):  # fmt: skip
            runs[label] = run(server, script, env, interval, ids_file)
            runs[label]["interval"] = interval
            server.wait_until_idle()
            result = runs[label]
            print(
                f"  {label:<18} {result['requests_per_second']:>8.1f} req/s  "
                f"p99 {result['p99_ms']:>7.1f} ms  hit ratio {result['hit_ratio']:.1%}  "
                f"saves {result['saves']}  errors {result['errors']}",
                flush=True,
            )
        memory_after = server.worker_memory()
    base = runs["no edits"]["requests_per_second"]
    for result in runs.values():
        result["share_of_no_edits"] = result["requests_per_second"] / base
    for result in runs.values():
        interval = result["interval"]
        if interval in TARGETS:
            ok = result["share_of_no_edits"] >= TARGETS[interval]
            print(
                f"  [{'ok' if ok else 'MISSED'}] one save every {interval:g} s: "
                f"{result['share_of_no_edits']:.0%} of the no-edit throughput "
                f"(target {TARGETS[interval]:.0%})"
            )
    return {
        "runs": runs,
        "memory_kib": {"before": memory_before, "after": memory_after},
        "articles": Article.objects.count(),
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--editor"]:
        seconds, interval, ids_file = float(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4])
        ids = [int(line) for line in ids_file.read_text().split()]
        print(edit(seconds, interval, ids))
    else:
        write_result("editing", main())
