"""How long does importing 1,000 captured pages take? (Target: under a minute.)

Generates varied pages — plain text like the reprint sample, JSON-LD HTML and
OpenGraph-only HTML, each with the artifacts the importer repairs — into a temporary
folder, then times ``manage.py import_articles FOLDER`` against a fresh database:

    .venv/bin/python bench/import_speed.py                 # 1,000 pages, throwaway SQLite
    .venv/bin/python bench/import_speed.py --pages 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/import_speed.py             # an existing, empty database

Without DATABASE_URL a SQLite file in the temporary folder is used and thrown away.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SOURCES = [
    ("Science and Technology Daily", "HaiPress"),
    ("Andes Tribune", ""),
    ("Pacific Wire", "Kyodo"),
    ("Harbour Post", "Lusa"),
    ("Valley Courier", ""),
    ("Nordic Ledger", "NTB"),
]
PLACES = ["BEIJING", "SANTIAGO", "LISBON", "TOKYO", "OSLO", "NAIROBI", "LIMA"]
SUBJECTS = ["Solar farm", "Port authority", "University team", "Rail link", "Wind project",
            "City council", "Research centre", "Fishing fleet", "Data centre"]  # fmt: skip
VERBS = ["opens", "expands", "reports record", "wins funding for", "delays", "plans"]
OBJECTS = ["in the desert", "on the coast", "for 400,000 homes", "with 5G networks",
           "after a 3.5 billion deal", "near the border", "for 2,000 workers"]  # fmt: skip
SENTENCES = [
    "The project employed 2,000 workers at its peak,and officials expect more.",
    "Engineers said the 480MW plant would reach full capacity next year.",
    "Theirsci-tech cooperation has improved local lives,Xiao said.",
    "The continent is the blue ocean ofICT and cloud services.",
    "Local farmers welcomed the change.However,some remain cautious.",
    "A new road through theAtacama region will shorten the trip by 3.5 hours.",
    "The sci-tech partnership with China-Latin America researchers continues.",
    "AI and 5G networks are the core areas of the future digital economy.",
    "Chileâ€™s energy ministry published the figures on Monday.",
]
DISCLAIMER = "Disclaimer: This article is reproduced from other media for information only."
DATES = ["2024-09-13", "Sept. 12, 2024", "13/09/2024", "2024-10-02T08:30:00+08:00"]


def text_page(rng: random.Random, n: int) -> str:
    source, agency = rng.choice(SOURCES)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({n})"
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(5, 12))]
    paragraphs[0] = f"{rng.choice(PLACES)},Sept. 12,2024 -- {paragraphs[0]}"
    heading = "What comes next"
    lines = ["Newest", "", "Links", "", f"{source}: {title}", "",
             f"{rng.choice(DATES)}     {source} {agency}".rstrip(), "", paragraphs[0], "",
             "Courtesy photo of the site. (PHOTO: " + source + ")", ""]  # fmt: skip
    for index, paragraph in enumerate(paragraphs[1:], start=1):
        if index == 3:
            lines += [heading, ""]
        lines += [paragraph, ""]
    lines += [DISCLAIMER, "Back to top", "©Copyright 2009-2024 Example News   Contact Us"]
    return "\n".join(lines)


def html_page(rng: random.Random, n: int, json_ld: bool) -> str:
    source, _ = rng.choice(SOURCES)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} [{n}]"
    paragraphs = "".join(
        f"<p>{' '.join(rng.sample(SENTENCES, 3))}</p>" for _ in range(rng.randint(5, 12))
    )
    url = f"https://{source.lower().replace(' ', '-')}.example/story/{n}"
    declared = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{title}", "datePublished": "2024-09-13T08:00:00Z", '
        f'"publisher": {{"name": "{source}"}}, "url": "{url}"}}</script>'
        if json_ld
        else f'<meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="{source}">'
        f'<meta property="og:url" content="{url}">'
        '<meta property="article:published_time" content="2024-09-13T08:00:00Z">'
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{declared}</head><body>"
        "<nav>Newest | Links</nav><article>"
        f"<h1>{title}</h1><p>{rng.choice(PLACES)} -- The story begins here.</p>"
        "<figure><img src='pic.jpg' alt='A view'><figcaption>A view. (PHOTO: Staff)"
        f"</figcaption></figure>{paragraphs}<h2>What comes next</h2>"
        f"<p>More is planned.</p><footer><p>{DISCLAIMER}</p></footer></article>"
        "<footer>© 2024 Example</footer></body></html>"
    )


def generate(folder: Path, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(pages):
        kind = n % 3
        if kind == 0:
            (folder / f"page-{n:05d}.txt").write_text(text_page(rng, n), encoding="utf-8")
        else:
            (folder / f"page-{n:05d}.html").write_text(
                html_page(rng, n, json_ld=kind == 1), encoding="utf-8"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        tmp_path = Path(tmp)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'bench.sqlite3'}")
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        os.environ.setdefault("MEDIA_ROOT", str(tmp_path / "media"))
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import CommandError, call_command

        django.setup()
        call_command("migrate", verbosity=0)
        pages_dir = tmp_path / "pages"
        pages_dir.mkdir()
        generate(pages_dir, args.pages, args.seed)

        out = io.StringIO()
        started = time.perf_counter()
        try:
            call_command("import_articles", str(pages_dir), stdout=out, stderr=out)
        except CommandError as exc:
            print(out.getvalue()[-2000:], exc, file=sys.stderr)
            return 1
        elapsed = time.perf_counter() - started
        summary = out.getvalue().strip().splitlines()[-1]
        print(
            f"{args.pages} pages in {elapsed:.1f}s ({args.pages / elapsed:.0f} pages/s): {summary}"
        )
        return 0 if elapsed < 60 or args.pages != 1000 else 2


if __name__ == "__main__":
    sys.exit(main())
