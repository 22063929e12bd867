"""Photo benchmark: the cost of renditions, and what a reader on a phone downloads.

    .venv/bin/python bench/photos.py [--repeat N]

1. Makes a 24-megapixel camera JPEG (6000x4000, with EXIF) and times ``Photo.save()``:
   the checks, the normalised master and every rendition (WebP + JPEG widths, social card).
2. Publishes an article with that photo as its lead plus a 1200x800 photo further down,
   renders the page as a reader would get it, and picks from each ``<picture>`` the file a
   375-pixel-wide phone at device-pixel-ratio 2 downloads (the WebP candidate a browser
   picks from ``srcset``/``sizes``), against the sizes of the files that were uploaded.

Everything runs in a throwaway SQLite database and media folder; nothing else is touched.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT_CSS_PX = 375
DEVICE_PIXEL_RATIO = 2
ROOT_FONT_PX = 16


def setup_django(workdir: Path) -> None:
    os.environ.update(
        DEBUG="true",  # static files straight from static/, no collectstatic needed
        SECRET_KEY="bench-only-" + "x" * 50,
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def camera_jpeg(size=(6000, 4000)) -> bytes:
    """A photo-like 24-megapixel JPEG: smooth areas, edges and sensor noise, plus EXIF."""
    from PIL import ExifTags, Image, ImageDraw, ImageOps

    width, height = size
    base = Image.effect_mandelbrot((width // 4, height // 4), (-2.2, -1.2, 1.0, 1.2), 64)
    base = base.resize(size, Image.Resampling.BICUBIC)
    image = ImageOps.colorize(base, black=(20, 40, 70), white=(250, 210, 150), mid=(90, 140, 90))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 977) % width, (i * 613) % height
        draw.ellipse([x, y, x + 300 + i * 7, y + 200 + i * 5], outline=(240, 240, 240), width=6)
    # Texture at several scales (foliage, fabric, sensor noise): what makes photos heavy.
    for scale, sigma, weight in [(16, 80, 0.25), (4, 60, 0.2), (1, 30, 0.15)]:
        noise = Image.effect_noise((width // scale, height // scale), sigma)
        noise = noise.resize(size, Image.Resampling.BICUBIC).convert("RGB")
        image = Image.blend(image, noise, weight)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench Camera"
    exif[ExifTags.Base.Orientation] = 1
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def time_renditions(data: bytes, repeat: int) -> tuple[list[float], object]:
    from django.core.files.base import ContentFile

    from articles.models import Photo

    timings, photo = [], None
    for _ in range(repeat):
        photo = Photo(alt_text="A 24-megapixel test photo", credit="Bench")
        photo.image = ContentFile(data, name="camera.jpg")
        started = time.perf_counter()
        photo.save()
        timings.append(time.perf_counter() - started)
    return timings, photo


def slot_width(sizes: str, viewport: int) -> float:
    """The image slot width in CSS pixels that ``sizes`` gives for a viewport width."""
    for entry in (part.strip() for part in sizes.split(",")):
        match = re.fullmatch(r"\(min-width:\s*([\d.]+)(rem|px)\)\s*(.+)", entry)
        if match:
            minimum = float(match[1]) * (ROOT_FONT_PX if match[2] == "rem" else 1)
            if viewport < minimum:
                continue
            entry = match[3]
        return css_length(entry, viewport)
    return viewport


def css_length(value: str, viewport: int) -> float:
    value = value.strip()
    if value.startswith("calc(") and value.endswith(")"):
        left, right = value[5:-1].split(" - ")
        return css_length(left, viewport) - css_length(right, viewport)
    number = float(re.match(r"[\d.]+", value)[0])
    if value.endswith("vw"):
        return number * viewport / 100
    if value.endswith("rem"):
        return number * ROOT_FONT_PX
    return number


def pick_candidate(srcset: str, needed: float) -> tuple[str, int]:
    """What a browser fetches: the narrowest candidate at least as wide as needed."""
    candidates = sorted(
        (int(width.rstrip("w")), url)
        for url, width in (item.strip().rsplit(" ", 1) for item in srcset.split(","))
    )
    for width, url in candidates:
        if width >= needed:
            return url, width
    return candidates[-1][1], candidates[-1][0]


def page_downloads(html: str, media_root: Path, media_url: str) -> list[dict]:
    rows = []
    for block in re.findall(r"<picture>.*?</picture>", html, re.S):
        for kind, pattern in [
            ("webp", r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"'),
            ("fallback", r'<img [^>]*srcset="([^"]+)" sizes="([^"]+)"'),
        ]:
            srcset, sizes = re.search(pattern, block).groups()
            needed = slot_width(sizes, VIEWPORT_CSS_PX) * DEVICE_PIXEL_RATIO
            url, width = pick_candidate(srcset, needed)
            size = (media_root / url.removeprefix(media_url)).stat().st_size
            rows.append({"kind": kind, "url": url, "width": width, "bytes": size})
    return rows


def kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed saves of the 24 MP photo")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-photos-"))
    try:
        setup_django(workdir)
        run(args.repeat, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(repeat: int, workdir: Path) -> None:
    import random

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from articles import demo
    from articles.models import Article, ArticlePhoto, Photo

    started = time.perf_counter()
    original = camera_jpeg()
    made_in = time.perf_counter() - started
    timings, lead = time_renditions(original, repeat)

    second_original = demo.draw_photo("solar", demo.PALETTES[2], random.Random(1))
    second_bytes = second_original.read()
    second_original.name = "solar.jpg"
    second = Photo(alt_text="Solar panels", credit="Bench")
    second.image = second_original
    second.save()

    article = Article.objects.create(
        title="Benchmark article",
        slug="benchmark-article",
        body="<p>Text.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    ArticlePhoto.objects.create(article=article, photo=lead, position=0)
    ArticlePhoto.objects.create(article=article, photo=second, position=1)
    response = Client().get(article.get_absolute_url())
    if response.status_code != 200:
        raise SystemExit(f"The article page answered {response.status_code}.")
    html = response.content.decode()
    downloads = page_downloads(html, Path(settings.MEDIA_ROOT), settings.MEDIA_URL)
    webp = [row for row in downloads if row["kind"] == "webp"]
    fallback = [row for row in downloads if row["kind"] == "fallback"]
    originals = len(original) + len(second_bytes)

    print(f"Photo benchmark (made the 24 MP test JPEG in {made_in:.1f}s)\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| 24 MP JPEG (6000x4000), uploaded size | {kb(len(original))} |")
    print(
        f"| Photo.save(): checks + normalised master + {len(lead.renditions['sources'])} "
        f"renditions + social card, median of {repeat} | {statistics.median(timings):.2f} s |"
    )
    print(f"| same, fastest run | {min(timings):.2f} s |")
    print(f"| files stored per photo | {len(lead.stored_names())} |")
    print(f"| normalised master size | {kb(lead.file_size)} |")
    for row, label in zip(webp, ["lead photo (24 MP)", "second photo (1200x800)"], strict=True):
        print(f"| phone 375px @2x downloads, {label} | {row['width']}w WebP, {kb(row['bytes'])} |")
    print(f"| article page photos on the phone, WebP | {kb(sum(r['bytes'] for r in webp))} |")
    print(f"| same, JPEG fallback (no WebP support) | {kb(sum(r['bytes'] for r in fallback))} |")
    print(f"| the uploaded originals | {kb(originals)} |")
    print(
        f"| saved by renditions (WebP) | "
        f"{100 * (1 - sum(r['bytes'] for r in webp) / originals):.1f} % |"
    )
    print(f"| article HTML | {kb(len(response.content))} |")


if __name__ == "__main__":
    main()
