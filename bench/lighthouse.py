"""Lighthouse scores for Newest and an article, as a phone on a slow network sees them.

Run by `make lighthouse`: a throwaway SQLite database with demo content, the production
settings (DEBUG off, hashed and compressed static files) behind gunicorn on 127.0.0.1,
and Lighthouse (tools/node_modules) driving Debian's Chromium with its default mobile
emulation and simulated throttling. Prints the four category scores; the full reports
go to artifacts/lighthouse/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import fetch, free_port, gunicorn  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
REPORTS = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ATTEMPTS = 3


def lighthouse(url: str, name: str) -> dict[str, int]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    # Lighthouse sometimes loses the trace of a page load (NO_NAVSTART) and asks to be run
    # again; a score needs one clean run, so a lost trace is retried, and said.
    for attempt in range(1, ATTEMPTS + 1):
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
        if run.returncode == 0:
            break
        print(f"lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS})", file=sys.stderr)
    else:
        raise SystemExit(f"lighthouse failed {ATTEMPTS} times on {url}")
    categories = json.loads(report.read_text())["categories"]
    return {key: round(categories[key]["score"] * 100) for key in CATEGORIES}


def main() -> None:
    for needed in (LIGHTHOUSE, Path(CHROMIUM)):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make e2e-deps`")
    work = Path(tempfile.mkdtemp(prefix="newsroom-lighthouse-"))
    port = free_port()
    settings = {
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEBUG": "false",
        "SECRET_KEY": "lighthouse-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "SERVE_MEDIA": "true",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    setup = [["migrate"], ["seed_demo", "--articles", "60"], ["collectstatic", "--noinput"]]
    for command in setup:
        env = {**os.environ, **settings}
        subprocess.run([*manage, *command, "-v0"], env=env, check=True, cwd=ROOT)
    try:
        with gunicorn(settings, workers=2, port=port) as server:
            _, body, _ = fetch(server.url + "/")
            article = re.search(r'class="card-title"><a href="([^"]+)"', body.decode()).group(1)
            scores = {
                "Newest": lighthouse(server.url + "/", "newest"),
                "Article": lighthouse(server.url + article, "article"),
            }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for page, row in scores.items():
        print(f"{page:<10}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))
    print(f"Reports: {REPORTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
