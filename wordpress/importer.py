"""A WordPress site's posts as newsroom articles (``manage.py import_wordpress``).

The mapping, decided once here and documented in the README ("Moving from WordPress"):

* posts become articles; pages, revisions, menu items and other post types are skipped
  and counted; trashed and auto-draft posts are skipped.
* status: ``publish`` -> published at ``wp:post_date_gmt``; ``future`` -> published
  with that future date (scheduled: public at that moment, not before); ``draft`` and
  ``private`` -> draft; ``pending`` -> in review. Only the first two are ever public.
* categories -> sections: a post's section is the top-level ancestor of its primary
  category (Yoast's ``_yoast_wpseo_primary_category`` when set, else the first listed);
  WordPress's default "Uncategorized" gives no section. The sub-categories a post is
  filed under become tags too, so nothing the old site grouped by is lost.
* tags -> tags; authors (``dc:creator``, the login) -> ``Author`` with the login as
  slug, so a second run finds the same author.
* the featured image (``_thumbnail_id``) leads the article; images in the content
  (``[caption]``, block-editor images, galleries, bare ``<img>``) are placed in the body
  as library photos. Files come from the ``--media`` folder (the site's
  ``wp-content/uploads``), else are downloaded under the reprint importer's rules
  (``reprints.fetch``: public addresses only, size and time limits). A file that cannot
  be had is a warning on that post; the post is still imported.
* each post's old permalink (its ``<link>``) and its ``/?p=ID`` shortlink answer 301 with
  the article's address once it is public (``articles.ArticleRedirect``).
* the post id and site are remembered (``ImportedPost``): a second run updates the
  article it made (or skips an unchanged item) instead of making another.

Each post is imported in a transaction of its own: one that fails leaves nothing behind
and the others go on.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import dependencies as shows
from articles import images, workflow
from articles.models import (
    Article,
    ArticleAuthor,
    ArticlePhoto,
    ArticleRedirect,
    Author,
    Photo,
    Section,
    photo_storage,
)
from articles.redirects import keep_old_address, public_path
from caching.version import bump

from . import content as wp_content
from . import wxr
from .models import ImportedPhoto, ImportedPost

logger = logging.getLogger(__name__)

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,
}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
DEFAULT_CATEGORY = "uncategorized"
PRIMARY_CATEGORY_META = "_yoast_wpseo_primary_category"
UPLOADS = "/wp-content/uploads/"
# WordPress's resized copies: photo-300x200.jpg is photo.jpg made smaller.
RESIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")

CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "created", "updated", "unchanged", "skipped", "failed"
)  # fmt: skip


class DryRunRollback(Exception):
    """Raised to undo a dry run's writes after it has reported what they would be."""


@dataclass
class Outcome:
    status: str
    message: str
    warnings: list[str] = field(default_factory=list)
    article: Article | None = None


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    photos: int = 0

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        self.warnings += len(outcome.warnings)

    def __str__(self) -> str:
        order = (CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED)
        parts = [f"{self.counts.get(name, 0)} {name}" for name in order]
        return (
            f"{sum(self.counts.values())} items: {', '.join(parts)}; "
            f"{self.photos} photos made; {self.warnings} warnings"
        )


# Given a file's path below wp-content/uploads and its full address, its name and bytes.
FileSource = Callable[[str, str], tuple[str, bytes]]


class MissingFile(Exception):
    """An upload that could not be had; the message says why."""


def media_folder(folder: Path) -> FileSource:
    """Files from a copy of the site's ``wp-content/uploads`` (or a folder above it),
    never outside it."""
    root = folder.resolve()

    def read(path: str, url: str) -> tuple[str, bytes]:
        for candidate in (root / path, root / "wp-content" / "uploads" / path):
            resolved = candidate.resolve()
            if not resolved.is_relative_to(root):
                raise MissingFile(f"{path} lies outside the media folder")
            if resolved.is_file():
                size = resolved.stat().st_size
                if size > settings.NEWSROOM_PHOTO_MAX_BYTES:
                    raise MissingFile(f"{path} is larger than the photo limit ({size:,} bytes)")
                return resolved.name, resolved.read_bytes()
        raise MissingFile(f"{path} is not in the media folder {folder}")

    return read


def downloads() -> FileSource:
    """Files fetched from the old site under the importer's rules (public addresses,
    every redirect checked, the photo size limit, a deadline)."""
    from reprints.fetch import IMAGE_TYPES, FetchError, fetch

    def read(path: str, url: str) -> tuple[str, bytes]:
        try:
            answer = fetch(
                url, max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES, accepted_types=IMAGE_TYPES
            )
        except FetchError as exc:
            raise MissingFile(f"{url} not downloaded: {exc}") from exc
        return posixpath.basename(unquote(urlsplit(answer.url).path)) or "photo", answer.content

    return read


def upload_path(url: str) -> str:
    """The part of an upload's address below ``wp-content/uploads/``, decoded; for an
    address elsewhere, its whole path."""
    path = unquote(urlsplit(url.strip()).path)
    if UPLOADS in path:
        return path.split(UPLOADS, 1)[1]
    return path.lstrip("/")


def old_paths(post: wxr.Post) -> list[str]:
    """The addresses a post answered at on the old site, as paths on this one: its
    permalink and its ``?p=`` shortlink."""
    paths = []
    if post.link:
        parts = urlsplit(post.link)
        path = unquote(parts.path) or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        paths.append(path)
    paths.append(f"/?p={post.post_id}")
    return [path for path in dict.fromkeys(paths) if len(path) <= 300]


class WordPressImport:
    """One run over one export: ``run()`` yields each item's outcome, then the summary
    is in ``summary``."""

    def __init__(
        self,
        path: Path,
        *,
        files: FileSource,
        dry_run: bool = False,
        user=None,
    ):
        self.path = path
        self.files = files
        self.dry_run = dry_run
        self.user = user
        self.summary = Summary()
        self.channel = wxr.read_channel(path)  # raises UnreadableExport
        self.site = self.channel.site
        self._by_path = {
            upload_path(attachment.url): attachment
            for attachment in self.channel.attachments.values()
        }

    # --- the batch ---------------------------------------------------------------------

    def run(self) -> Iterator[Outcome]:
        for item in wxr.posts(self.path):
            outcome = self.one(item)
            self.summary.add(outcome)
            yield outcome

    def one(self, item: wxr.Post | wxr.MalformedItem) -> Outcome:
        name = self.path.name
        if isinstance(item, wxr.MalformedItem):
            return Outcome(FAILED, f"{name}: {item}")
        where = f"{name}: line {item.line}: {item.label()}"
        if item.post_type != "post":
            return Outcome(SKIPPED, f"{where}: a {item.post_type}, not a post")
        if item.status in SKIPPED_STATUSES:
            return Outcome(SKIPPED, f"{where}: {item.status}")
        warnings: list[str] = []
        self._files_made: list[str] = []
        try:
            with transaction.atomic():
                status, article = self.save(item, warnings)
                if self.dry_run:
                    outcome = Outcome(
                        status, f"{where}: would be {status} ({self.describe(article)})"
                    )
                    raise DryRunRollback
        except DryRunRollback:
            outcome.warnings = [f"{where}: {warning}" for warning in warnings]
            return outcome
        except wxr.MalformedItem as exc:
            self.forget_files()
            return Outcome(FAILED, f"{where}: {exc}")
        except Exception as exc:
            logger.exception("WordPress item not imported: %s", where)
            self.forget_files()
            return Outcome(FAILED, f"{where}: {type(exc).__name__}: {exc}")
        message = f"{where}: {status}"
        if article is not None:
            message += f" #{article.pk} ({self.describe(article)})"
        return Outcome(
            status, message, [f"{where}: {warning}" for warning in warnings], article=article
        )

    def forget_files(self) -> None:
        """The photo files an item that failed had stored: its rows were rolled back."""
        if self._files_made:
            images.delete_files(photo_storage(), self._files_made)

    @staticmethod
    def describe(article: Article | None) -> str:
        if article is None:
            return "no change"
        state = article.get_status_display().lower()
        if article.is_scheduled():
            state = f"scheduled for {timezone.localtime(article.published_at):%Y-%m-%d %H:%M}"
        return f"{state}, {article.get_absolute_url()}"

    # --- one post ----------------------------------------------------------------------

    def save(self, post: wxr.Post, warnings: list[str]) -> tuple[str, Article | None]:
        if post.status not in STATUSES:
            raise wxr.MalformedItem(f"unknown status “{post.status[:30]}”")
        if not post.title.strip():
            raise wxr.MalformedItem("the post has no title")
        status = STATUSES[post.status]
        if status == Article.Status.PUBLISHED and post.date is None:
            raise wxr.MalformedItem(f"a “{post.status}” post without a date")
        digest = hashlib.sha256(post.raw).hexdigest()
        record = (
            ImportedPost.objects.select_related("article")
            .filter(site=self.site, post_id=post.post_id)
            .first()
        )
        if record is not None and record.digest == digest:
            return UNCHANGED, record.article
        # An import with warnings (a photo missing) is tried again next time, when the
        # file may be there.
        article = record.article if record else None
        old_status, old_published_at = (
            (article.status, article.published_at) if article else (None, None)
        )
        article = article or Article(created_by=workflow.acting_user(self.user))
        old_path = public_path(article)
        article.title = post.title[:300]
        article.slug = self.slug(post, article)
        article.summary = wp_content.plain_text(post.excerpt)
        article.body = wp_content.clean_content(
            post.content, lambda image: self.photo_for(image, post, warnings)
        )
        article.status = status
        article.published_at = post.date if status == Article.Status.PUBLISHED else None
        article.created_at = post.date or article.created_at
        article.section = self.section(post)
        article.updated_by = workflow.acting_user(self.user)
        with reversion.create_revision():
            article.save()
            article.tags.set(self.tags(post))
            self.credit(article, post)
            self.feature(article, post, warnings)
            keep_old_address(article=article, old_path=old_path)
            for path in old_paths(post):
                if path != article.get_absolute_url():
                    ArticleRedirect.objects.update_or_create(
                        old_path=path, defaults={"article": article}
                    )
            reversion.set_user(workflow.acting_user(self.user))
            reversion.set_comment(f"Imported from WordPress ({self.path.name})"[:200])
        workflow.record_save(
            article=article,
            user=self.user,
            old_status=old_status,
            old_published_at=old_published_at,
        )
        self.keep_dates(article, post)
        now = timezone.now()
        ImportedPost.objects.update_or_create(
            site=self.site,
            post_id=post.post_id,
            defaults={
                "article": article,
                "link": post.link[:1000],
                "digest": "" if warnings else digest,
                "updated_at": now,
            },
            create_defaults={
                "article": article,
                "link": post.link[:1000],
                "digest": "" if warnings else digest,
                "imported_at": now,
                "updated_at": now,
            },
        )
        return (UPDATED if record else CREATED), article

    def slug(self, post: wxr.Post, article: Article) -> str:
        """The post's own slug where it is one we can use (ASCII: our addresses are), else
        one made from the title, else ``post-ID``; never another article's."""
        base = slugify(unquote(post.name)) or slugify(post.title) or f"post-{post.post_id}"
        base = base[:190].strip("-") or f"post-{post.post_id}"
        taken = set(
            Article.objects.filter(slug__startswith=base)
            .exclude(pk=article.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def keep_dates(self, article: Article, post: wxr.Post) -> None:
        """The row's dates are the post's: created when it was written, last changed when
        WordPress last saved it (sitemaps' lastmod, "Updated"), not at the import. A
        queryset update sends no signal: what it changes is bumped here (docs/caching.md).
        """
        values = {"created_at": post.date or article.created_at}
        if post.modified is not None:
            published = article.published_at
            values["updated_at"] = post.modified
            values["revised_at"] = (
                post.modified if published and post.modified > published else None
            )
        Article.objects.filter(pk=article.pk).update(**values)
        for name, value in values.items():
            setattr(article, name, value)
        bump(shows.article(article.pk), shows.SITEMAPS)

    def section(self, post: wxr.Post) -> Section | None:
        categories = [term for term in post.terms if term.domain == "category"]
        primary = None
        number = post.meta.get(PRIMARY_CATEGORY_META, "").strip()
        if number.isdigit():
            primary = self.channel.category_by_id(int(number))
        if primary is None and categories:
            known = self.channel.categories.get(categories[0].nicename)
            primary = known or wxr.WPCategory(None, categories[0].nicename, categories[0].name)
        if primary is None:
            return None
        top = self.channel.top_category(primary.nicename) or primary
        slug = slugify(unquote(top.nicename)) or slugify(top.name)
        if slug == DEFAULT_CATEGORY:
            return None
        name = (top.name or unquote(top.nicename))[:100]
        if not slug:  # a name in another script: our addresses are ASCII
            number = top.term_id or hashlib.sha256(top.nicename.encode()).hexdigest()[:8]
            slug = f"category-{number}"
        section = (
            Section.objects.filter(slug=slug[:100]).first()
            or Section.objects.filter(name__iexact=name).first()
        )
        return section or Section.objects.create(name=name, slug=slug[:100])

    def tags(self, post: wxr.Post) -> list[Tag]:
        """The post's tags, and the sub-categories it is filed under (the section holds
        the top level). A tag found by name is reused; a new one gets an ASCII slug (our
        tag addresses are ASCII), made up when its name has no Latin letters."""
        terms = [term for term in post.terms if term.domain == "post_tag" and term.name]
        for term in post.terms:
            category = self.channel.categories.get(term.nicename)
            if term.domain == "category" and category and category.parent:
                terms.append(term)
        found: dict[str, Tag] = {}
        for term in terms:
            name = term.name[:100]
            if name.lower() in found:
                continue
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                slug = slugify(unquote(term.nicename)) or slugify(name)
                slug = slug or "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
                if Tag.objects.filter(slug=slug[:100]).exists():
                    slug = f"{slug[:90]}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
                tag = Tag.objects.create(name=name, slug=slug[:100])
            found[name.lower()] = tag
        return list(found.values())

    def credit(self, article: Article, post: wxr.Post) -> None:
        if not post.creator:
            return
        wp_author = self.channel.authors.get(post.creator) or wxr.WPAuthor(login=post.creator)
        slug = slugify(wp_author.login)[:200] or slugify(wp_author.name)[:200]
        if not slug:
            return
        author, _created = Author.objects.get_or_create(
            slug=slug, defaults={"name": wp_author.name[:200]}
        )
        ArticleAuthor.objects.filter(article=article).exclude(author=author).delete()
        ArticleAuthor.objects.get_or_create(article=article, author=author)

    def feature(self, article: Article, post: wxr.Post, warnings: list[str]) -> None:
        """The featured image leads the article (unless the body already shows it)."""
        number = post.meta.get("_thumbnail_id", "").strip()
        if not number.isdigit():
            return
        photo_id = self.photo_for(wp_content.Image(int(number), ""), post, warnings)
        if photo_id is None:
            return
        ArticlePhoto.objects.get_or_create(
            article=article, photo_id=photo_id, defaults={"position": 0}
        )

    # --- photos ------------------------------------------------------------------------

    def photo_for(self, image: wp_content.Image, post: wxr.Post, warnings: list[str]) -> int | None:
        """The library photo of an attachment or upload, made at its first use."""
        attachment = self.channel.attachments.get(image.attachment_id or -1)
        if attachment is None and image.src:
            path = upload_path(image.src)
            attachment = self._by_path.get(path) or self._by_path.get(RESIZED.sub("", path))
        url = attachment.url if attachment else image.src
        if not url:
            warnings.append(f"attachment {image.attachment_id} is not in the export")
            return None
        path = upload_path(url)
        known = (
            ImportedPhoto.objects.filter(site=self.site, path=path[:500])
            .values_list("photo_id", flat=True)
            .first()
        )
        if known is not None:
            return known
        try:
            name, data = self.files(path, url)
        except MissingFile as exc:
            warnings.append(f"photo not imported: {exc}")
            return None
        alt = (attachment.alt_text if attachment else "") or image.alt
        alt = alt or (attachment.title if attachment else "") or post.title
        if self.dry_run:  # found: it would be made; nothing is written
            self.summary.photos += 1
            return None
        photo = Photo(
            alt_text=alt[:300],
            caption=(attachment.caption if attachment and attachment.caption else image.caption),
        )
        photo.image = ContentFile(data, name=name)
        try:
            with transaction.atomic():
                photo.save()
        except images.InvalidImage as exc:
            warnings.append(f"photo not imported: {path}: {exc.message}")
            return None
        self._files_made += photo.stored_names()
        ImportedPhoto.objects.create(
            site=self.site,
            path=path[:500],
            attachment_id=attachment.post_id if attachment else None,
            photo=photo,
        )
        self.summary.photos += 1
        return photo.pk
