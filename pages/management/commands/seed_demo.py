"""Fill the site with believable demo content, fast enough for 100,000-article benchmarks."""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import demo
from articles.models import (
    Article,
    ArticlePhoto,
    Correction,
    Disclaimer,
    Photo,
    Section,
    Source,
    TaggedArticle,
)
from caching import version as content_version
from pages.models import Link, SiteSettings

BATCH_SIZE = 2000
DEMO_PHOTOS = 24


class Command(BaseCommand):
    help = "Create demo sources, sections, tags, photos, links and articles (adds to what exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=200, help="How many articles to add.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Spread publication dates over this many past days (default grows with N).",
        )

    def handle(self, *args, articles: int, seed: int | None, days: int | None, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        started = time.monotonic()
        rng = random.Random(seed if seed is not None else Article.objects.count())
        with transaction.atomic():
            disclaimers = self.seed_disclaimers()
            sources = self.seed_sources(disclaimers)
            sections = self.seed_sections()
            tags = self.seed_tags()
            self.seed_links()
            settings_row = SiteSettings.load()
            if settings_row.default_disclaimer_id is None:
                settings_row.default_disclaimer = disclaimers["Reprint (standard)"]
                settings_row.save()
        photos = self.seed_photos(rng, sources)
        span_days = days or max(30, min(3650, articles // 10))
        created = self.seed_articles(rng, articles, span_days, sources, sections, tags, photos)
        content_version.bump()  # bulk inserts send no signals
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {created} articles ({len(sources)} sources, {len(sections)} sections, "
                f"{len(tags)} tags, {len(photos)} photos) in {time.monotonic() - started:.1f}s."
            )
        )

    # --- reference data: get_or_create, so a second run adds nothing twice -------------

    def seed_disclaimers(self) -> dict[str, Disclaimer]:
        return {
            name: Disclaimer.objects.get_or_create(name=name, defaults={"body": body})[0]
            for name, body in demo.DISCLAIMERS.items()
        }

    def seed_sources(self, disclaimers: dict[str, Disclaimer]) -> list[Source]:
        sources = []
        for name, slug, homepage, aliases, policy, disclaimer in demo.SOURCES:
            source, _ = Source.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "homepage_url": homepage,
                    "aliases": "\n".join(aliases),
                    "syndication_policy": policy,
                    "default_disclaimer": disclaimers[disclaimer],
                },
            )
            sources.append(source)
        return sources

    def seed_sections(self) -> dict[str, Section]:
        sections = {}
        for order, (name, slug, description) in enumerate(demo.SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
        return sections

    def seed_tags(self) -> dict[str, Tag]:
        tags = {}
        for name in demo.TAGS:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=slugify(name) or "tag")
            tags[name] = tag
        return tags

    def seed_links(self) -> None:
        for order, (group, title, url, in_footer) in enumerate(demo.LINKS):
            Link.objects.get_or_create(
                url=url,
                defaults={"title": title, "group": group, "order": order, "in_footer": in_footer},
            )

    def seed_photos(self, rng: random.Random, sources: list[Source]) -> list[Photo]:
        photos = list(Photo.objects.order_by("id")[:DEMO_PHOTOS])
        for index in range(len(photos), DEMO_PHOTOS):
            scene, caption, alt = demo.PHOTO_SCENES[index % len(demo.PHOTO_SCENES)]
            source = sources[index % len(sources)] if sources else None
            photo = Photo(
                alt_text=alt,
                caption=caption,
                credit=source.name if source else "Newsroom",
                source=source,
            )
            content = demo.draw_photo(scene, demo.PALETTES[index % len(demo.PALETTES)], rng)
            content.name = f"demo-{scene}-{index + 1}.jpg"
            photo.image = content
            photo.save()  # stores the file and makes its renditions: once per photo
            photos.append(photo)
        return photos

    # --- articles: bulk inserts in batches ------------------------------------------------

    def seed_articles(
        self,
        rng: random.Random,
        count: int,
        span_days: int,
        sources: list[Source],
        sections: dict[str, Section],
        tags: dict[str, Tag],
        photos: list[Photo],
    ) -> int:
        now = timezone.now()
        taken = set(Article.objects.values_list("slug", flat=True))
        suffixes: dict[str, int] = {}
        created = 0
        while created < count:
            batch = min(BATCH_SIZE, count - created)
            rows, extras = [], []
            for _ in range(batch):
                status, published_at = self.pick_status(rng, now, span_days)
                when = published_at or now
                draft = demo.make_article(rng, when, len(sources))
                slug = unique_slug(draft.title, taken, suffixes)
                source = sources[draft.source_index] if draft.source_index is not None else None
                edited = rng.random() < 0.2
                updated_at = when + datetime.timedelta(hours=rng.randint(1, 48)) if edited else when
                rows.append(
                    Article(
                        title=draft.title,
                        slug=slug,
                        summary=draft.summary,
                        byline=draft.byline,
                        dateline=draft.dateline,
                        body=draft.body,
                        section=sections[draft.section_slug],
                        source=source,
                        agency=draft.agency,
                        original_url=(
                            f"{source.homepage_url}{when:%Y/%m}/{slug}.html"
                            if source and source.homepage_url
                            else ""
                        ),
                        status=status,
                        published_at=published_at,
                        created_at=when - datetime.timedelta(hours=rng.randint(1, 72)),
                        updated_at=min(updated_at, now),
                    )
                )
                # Search keywords, computed here because bulk inserts skip save().
                rows[-1].keywords = rows[-1].compute_keywords(draft.tags)
                extras.append(draft.tags)
            with transaction.atomic():
                # PostgreSQL and SQLite >= 3.35 return the new primary keys.
                Article.objects.bulk_create(rows, batch_size=500)
                self.attach(rng, rows, extras, tags, photos)
            created += batch
            if count > BATCH_SIZE:
                self.stdout.write(f"  {created}/{count} articles", ending="\r")
        if count > BATCH_SIZE:
            self.stdout.write("")
        return created

    def attach(self, rng, rows, tag_names, tags, photos) -> None:
        taggings, figures, corrections = [], [], []
        for article, names in zip(rows, tag_names, strict=True):
            taggings.extend(TaggedArticle(content_object=article, tag=tags[n]) for n in names)
            if photos and rng.random() < 0.7:
                for position, photo in enumerate(rng.sample(photos, rng.choice([1, 1, 1, 2]))):
                    figures.append(ArticlePhoto(article=article, photo=photo, position=position))
            if article.status == Article.Status.PUBLISHED and rng.random() < 0.02:
                corrections.append(
                    Correction(
                        article=article,
                        text="An earlier version of this article misstated a figure.",
                        created_at=article.updated_at,
                    )
                )
        TaggedArticle.objects.bulk_create(taggings, batch_size=1000)
        ArticlePhoto.objects.bulk_create(figures, batch_size=1000)
        Correction.objects.bulk_create(corrections, batch_size=1000)

    @staticmethod
    def pick_status(
        rng: random.Random, now: datetime.datetime, span_days: int
    ) -> tuple[str, datetime.datetime | None]:
        roll = rng.random()
        past = now - datetime.timedelta(seconds=rng.randint(60, span_days * 86400))
        if roll < 0.90:
            return Article.Status.PUBLISHED, past
        if roll < 0.92:  # scheduled
            return Article.Status.PUBLISHED, now + datetime.timedelta(hours=rng.randint(2, 96))
        if roll < 0.96:
            return Article.Status.DRAFT, None
        if roll < 0.98:
            return Article.Status.REVIEW, None
        return Article.Status.WITHDRAWN, past


def unique_slug(
    title: str, taken: set[str], suffixes: dict[str, int], max_length: int = 200
) -> str:
    """A slug not in ``taken`` (which it then joins), numbered -2, -3... on collision."""
    base = slugify(title)[: max_length - 8].strip("-") or "article"
    slug = base
    while slug in taken:
        suffixes[base] = suffixes.get(base, 1) + 1
        slug = f"{base}-{suffixes[base]}"
    taken.add(slug)
    return slug
