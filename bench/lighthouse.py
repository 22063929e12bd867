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
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
REPORTS = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ATTEMPTS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own 127.0.0.1 server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


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
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "lighthouse-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": base,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "SERVE_MEDIA": "true",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    setup = [["migrate"], ["seed_demo", "--articles", "60"], ["collectstatic", "--noinput"]]
    for command in setup:
        subprocess.run([*manage, *command, "-v0"], env=env, check=True, cwd=ROOT)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"], env=env, cwd=ROOT
    )
    try:
        wait_for(base + "/")
        with urllib.request.urlopen(base + "/") as response:  # noqa: S310 - our own server
            html = response.read().decode()
        article = re.search(r'class="card-title"><a href="([^"]+)"', html).group(1)
        scores = {
            "Newest": lighthouse(base + "/", "newest"),
            "Article": lighthouse(base + article, "article"),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for page, row in scores.items():
        print(f"{page:<10}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))
    print(f"Reports: {REPORTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
