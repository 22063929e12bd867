"""Turn captured pages of other outlets into credited draft articles.

The one pipeline behind ``manage.py import_articles`` and the admin's "Import articles"
page: bytes → text (``extraction.decode``) → story (``extraction.extract``) → repaired
story (``repair``) → database, one transaction per page. Re-importing a page updates the
article it made before (matched by original URL, else by source, headline and date), and
never touches a published article unless asked to. Every repair is kept in an
``ImportRecord`` so an editor can see it and undo it.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import images, redirects, workflow
from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Correction,
    Disclaimer,
    Photo,
    Section,
    Source,
)
from articles.sanitize import clean_html

from .extraction import Extracted, ExtractionError, decode, extract
from .fetch import IMAGE_TYPES, FetchError, fetch
from .models import ImportRecord, PendingFigure
from .repair import Change, repair_text, vocabulary

logger = logging.getLogger(__name__)

IMPORTED, UPDATED, SKIPPED, FAILED = "imported", "updated", "skipped", "failed"
EDITABLE_STATUSES = frozenset({ArticleStatus.DRAFT, ArticleStatus.REVIEW})
PAGE_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".xhtml"})

# Finds the image file a page refers to (``src``): its file name and bytes, or None.
ImageFinder = Callable[[str], tuple[str, bytes] | None]


class ImportFailure(Exception):
    """This page cannot be imported; the message says why in a few words."""


@dataclass
class Document:
    """One page to import, however it arrived."""

    name: str  # file path, address, or "pasted text": how the report names it
    data: bytes
    url: str = ""  # the address it was fetched from
    charset: str = ""  # the encoding the server declared
    images: ImageFinder | None = None


@dataclass
class Options:
    user: workflow.User = None
    publish: bool = False
    update_published: bool = False
    dry_run: bool = False
    # The wire knows more than the page: whose feed carried it (credited whatever the page
    # says), where it goes, and when the feed said it was published (used when the page
    # shows no date). Section and tags are given to a new article, never changed on one.
    source: Source | None = None
    section: Section | None = None
    tags: Sequence[str] = ()
    published: datetime.datetime | None = None
    # The channel the import came through when it is not the command or the admin's
    # import page (e.g. "API"): named in the revision's comment and the audit trail.
    via: str = ""


@dataclass
class Outcome:
    name: str
    status: str
    message: str = ""
    article: Article | None = None
    record: ImportRecord | None = None
    changes: list[Change] = field(default_factory=list)
    story: Extracted | None = None
    dry_run: bool = False
    unpublished: bool = False  # --publish was asked for, and the credit gate said no

    @property
    def label(self) -> str:
        if self.dry_run and self.status in {IMPORTED, UPDATED}:
            return {IMPORTED: "would import", UPDATED: "would update"}[self.status]
        return self.status

    def line(self) -> str:
        """The one line the command prints for this page: "failed: FILE: reason"."""
        return f"{self.label}: {self.name}: {self.message}"


@dataclass
class Summary:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Summary:
        summary = cls()
        for outcome in outcomes:
            setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
        return summary

    def __str__(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, "
            f"{self.skipped} skipped, {self.failed} failed."
        )


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --- where pages come from ----------------------------------------------------------------


def document_from_path(path: Path) -> Document:
    """A file on disk, refused before reading when it is over the size limit."""
    try:
        size = path.stat().st_size
        _check_size(size)
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"cannot read the file ({exc.strerror or exc})") from exc
    return Document(name=str(path), data=data, images=images_beside(path))


def document_from_url(url: str) -> Document:
    try:
        page = fetch(url)
    except FetchError as exc:
        raise ImportFailure(str(exc)) from exc
    return Document(
        name=url,
        data=page.content,
        url=page.url,
        charset=page.charset,
        images=images_downloaded(),
    )


MAX_IMAGES_PER_PAGE = 12


def images_downloaded() -> ImageFinder:
    """The photos of a fetched page, downloaded under the same rules as the page itself
    (public addresses only, redirects re-checked, the photo size limit, a deadline) and
    then checked as an upload is; at most ``MAX_IMAGES_PER_PAGE`` per page."""
    fetched = 0

    def find(src: str) -> tuple[str, bytes] | None:
        nonlocal fetched
        if fetched >= MAX_IMAGES_PER_PAGE or urlsplit(src).scheme not in {"http", "https"}:
            return None
        fetched += 1
        try:
            image = fetch(
                src,
                max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES,
                accepted_types=IMAGE_TYPES,
            )
        except FetchError as exc:
            logger.info("Photo %s not downloaded: %s", src, exc)
            return None
        name = Path(unquote(urlsplit(image.url).path)).name or "photo"
        return name, image.content

    return find


def pages_in(folder: Path) -> list[Path]:
    """The text and HTML files in ``folder`` and below; images beside them are attachments."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in PAGE_SUFFIXES
    )


def images_beside(page: Path) -> ImageFinder:
    """Image files the page refers to, looked up in the page's own folder (never above it)."""
    folder = page.parent.resolve()

    def find(src: str) -> tuple[str, bytes] | None:
        name = unquote(urlsplit(src).path)
        if not name:
            return None
        for candidate in (folder / name.lstrip("/"), folder / Path(name).name):
            try:
                resolved = candidate.resolve()
                if resolved.is_relative_to(folder) and resolved.is_file():
                    _check_size(resolved.stat().st_size)
                    return resolved.name, resolved.read_bytes()
            except (OSError, ImportFailure):
                continue
        return None

    return find


def images_named(files: dict[str, bytes]) -> ImageFinder:
    """Uploaded image files, matched to the page's ``<img src>`` by file name."""

    def find(src: str) -> tuple[str, bytes] | None:
        name = Path(unquote(urlsplit(src).path)).name
        return (name, files[name]) if name in files else None

    return find


def _check_size(size: int) -> None:
    limit = settings.NEWSROOM_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFailure(f"file too large ({size:,} bytes; the limit is {limit:,})")


# --- the pipeline -----------------------------------------------------------------------------


def import_documents(documents: Iterable[Document], options: Options) -> list[Outcome]:
    return [import_document(document, options) for document in documents]


def import_document(document: Document, options: Options) -> Outcome:
    """Import one page in its own transaction; a failure is reported, never raised."""
    try:
        prepared = prepare(document, options)
    except (ImportFailure, ExtractionError) as exc:
        return Outcome(document.name, FAILED, str(exc))
    except Exception as exc:  # one broken page must not stop the batch
        logger.exception("Import of %s failed", document.name)
        return Outcome(document.name, FAILED, f"unexpected error ({type(exc).__name__}: {exc})")
    return save(prepared, options)


@dataclass
class Prepared:
    """A page read, repaired and with its photos in hand: all that is left is saving it."""

    document: Document
    story: Extracted
    changes: list[Change]
    text: str
    encoding: str


def prepare(
    document: Document, options: Options, *, known_sources: Collection[str] | None = None
) -> Prepared:
    """Everything before the database write, outside any transaction (the wire holds a
    lock only while it saves). Raises ``ImportFailure`` or ``ExtractionError``.

    ``known_sources``: the outlets' names and aliases (``known_source_names()``), when a
    batch of pages read them once; else they are read for this page."""
    _check_size(len(document.data))
    if options.publish and not workflow.can_publish(options.user):
        raise ImportFailure("only editors can publish on import")
    if known_sources is None:
        known_sources = known_source_names()
    story, changes, text, encoding = read_story(document, known_sources=known_sources)
    if document.images and not options.dry_run:
        # Fetched before the transaction: no download holds the database.
        document = replace(document, images=_images_in_hand(story, document.images))
    return Prepared(document, story, changes, text, encoding)


def save(prepared: Prepared, options: Options) -> Outcome:
    """Save a prepared page in its own transaction; a failure is reported, never raised."""
    document = prepared.document
    try:
        try:
            with transaction.atomic():
                outcome = _save(
                    document,
                    prepared.story,
                    prepared.changes,
                    prepared.text,
                    prepared.encoding,
                    options,
                )
                if options.dry_run:
                    raise _DryRun
        except _DryRun:
            outcome.article = outcome.record = None
            outcome.dry_run = True
        return outcome
    except (ImportFailure, ExtractionError) as exc:
        return Outcome(document.name, FAILED, str(exc))
    except Exception as exc:  # one broken page must not stop the batch
        logger.exception("Import of %s failed", document.name)
        return Outcome(document.name, FAILED, f"unexpected error ({type(exc).__name__}: {exc})")


def read_story(
    document: Document, *, known_sources: Collection[str] = ()
) -> tuple[Extracted, list[Change], str, str]:
    """The repaired story of a page, the repairs, and the page's text and encoding.

    Touches no database: ``evaluate_import`` scores the importer with it.
    """
    text, encoding = decode(document.data, declared=document.charset)
    story = extract(
        text,
        base_url=document.url,
        known_sources=known_sources,
        day_first=settings.NEWSROOM_IMPORT_DAY_FIRST,
    )
    story.original_url = story.original_url or document.url
    changes = repair_story(story, seen=vocabulary(text))
    return story, changes, text, encoding


def repair_story(story: Extracted, *, seen) -> list[Change]:
    """Repair every text field of ``story`` in place; return the changes, tagged by field."""
    changes: list[Change] = []
    language = story.language

    def repaired(value: str, name: str) -> str:
        fixed, found = repair_text(value, seen=seen, field=name, language=language)
        changes.extend(found)
        return fixed

    story.title = repaired(story.title, "title")
    story.dateline = repaired(story.dateline, "dateline")
    story.byline = repaired(story.byline, "byline")
    story.summary = repaired(story.summary, "summary")
    story.correction = repaired(story.correction, "correction")
    for block in story.blocks:
        if block.kind in {"ul", "ol"}:
            block.items = [repaired(item, "body") for item in block.items]
        elif block.kind == "table":
            block.rows = [[repaired(cell, "body") for cell in row] for row in block.rows]
        else:
            block.text = repaired(block.text, "body")
    story.blocks = [block for block in story.blocks if not block.is_empty()]
    for position, figure in enumerate(story.figures, start=1):
        figure.caption = repaired(figure.caption, f"figure {position} caption")
        figure.credit = repaired(figure.credit, f"figure {position} credit")
    # Legal text is kept word for word; only its spacing is normalised, for matching.
    story.disclaimer = " ".join(story.disclaimer.split())
    return changes


def body_html(story: Extracted) -> str:
    return clean_html("".join(block.html() for block in story.blocks))


def _save(
    document: Document,
    story: Extracted,
    changes: list[Change],
    text: str,
    encoding: str,
    options: Options,
) -> Outcome:
    source = options.source or (match_source(story.source) if story.source else None)
    agency = agency_name(story.agency) if story.agency else ""
    disclaimer = match_disclaimer(story.disclaimer, source) if story.disclaimer else None
    published = story.published or options.published
    article = find_existing(
        original_url=story.original_url,
        source=source,
        title=story.title,
        published=published,
    )
    status = IMPORTED
    if article is not None:
        if refusal := _update_refused(article, options):
            return Outcome(document.name, SKIPPED, refusal, article=article, story=story)
        status = UPDATED
    values = {
        "title": story.title[:300],
        "summary": story.summary,
        "byline": story.byline[:200],
        "dateline": story.dateline[:200],
        "body": body_html(story),
        "source": source,
        "agency": agency[:200],
        "original_url": story.original_url[:1000],
        "original_published_at": published,
        "language": _language(story.language),
        "disclaimer": disclaimer,
    }
    if article is not None and _unchanged(article, values, story):
        return Outcome(
            document.name,
            SKIPPED,
            f"“{article.title}” (#{article.pk}) is already up to date",
            article=article,
            story=story,
        )
    user = workflow.acting_user(options.user)
    old_status, old_published_at = (
        (article.status, article.published_at) if article else (None, None)
    )
    article = article or Article(slug=unique_slug(story.title), created_by=user)
    old_path = redirects.public_path(article)
    for name, value in values.items():
        setattr(article, name, value)
    if options.section and article.section_id is None:
        article.section = options.section
    article.updated_by = user
    # Inside save()'s transaction already: the revision needs no savepoint of its own.
    with reversion.create_revision(atomic=False):
        article.save()
        if options.tags and status == IMPORTED:
            article.tags.add(*options.tags)
        redirects.keep_old_address(article=article, old_path=old_path)
        attached = _place_figures(
            article,
            story,
            document,
            source,
            attach=not options.dry_run,
            new=status == IMPORTED,
        )
        reversion.set_user(user)
        via = f" (via {options.via})" if options.via else ""
        action = "Imported" if status == IMPORTED else "Re-imported"
        reversion.set_comment(f"{action} from {document.name}"[: 200 - len(via)] + via)
    workflow.record_save(
        article=article,
        user=options.user,
        old_status=old_status,
        old_published_at=old_published_at,
        via=options.via,
    )
    record = ImportRecord.objects.create(
        article=article,
        origin=document.name[:1000],
        format=story.format,
        encoding=encoding,
        original_text=text,
        repairs=[change.as_dict() for change in changes],
        source=source,
        title=story.title[:300],
        original_url=story.original_url[:1000],
        original_published_at=published,
        original_updated_at=story.updated,
        user=user,
    )
    if story.correction and not article.corrections.filter(text=story.correction).exists():
        Correction.objects.create(
            article=article, text=story.correction, created_at=story.updated or timezone.now()
        )
    unpublished = ""
    if options.publish and not article.is_published():
        try:
            workflow.publish_article(article=article, user=options.user)
        except workflow.CreditMissing as exc:
            unpublished = f"not published: {exc}"
    state = article.get_status_display().lower()
    details = [state, f"{len(changes)} repair{'s' if len(changes) != 1 else ''}"]
    if story.figures:
        details.append(f"{len(story.figures)} photo{'s' if len(story.figures) != 1 else ''}")
        if attached:
            details.append(f"{attached} with image")
    if not options.dry_run:
        details.insert(0, f"#{article.pk}")
    message = f"“{article.title}” ({', '.join(details)})"
    return Outcome(
        document.name,
        status,
        f"{message}; {unpublished}" if unpublished else message,
        article=article,
        record=record,
        changes=changes,
        story=story,
        unpublished=bool(unpublished),
    )


def _update_refused(article: Article, options: Options) -> str:
    """Why this import may not update ``article`` (an earlier import of the same page), or "".

    The admin's rule applies: writers update only their own unpublished drafts, editors
    anything; the command without ``--user`` acts for the newsroom. A published article
    changes only with ``--update-published``.
    """
    label = f"“{article.title}” (#{article.pk})"
    if options.user is not None and not workflow.can_edit(options.user, article):
        owner = article.created_by.get_username() if article.created_by else "the system"
        state = article.get_status_display().lower()
        return (
            f"{label} was imported before ({state}, by {owner}) and you may not edit it; "
            "ask an editor to re-import it"
        )
    if article.status not in EDITABLE_STATUSES and not options.update_published:
        return (
            f"{label} is {article.get_status_display().lower()}; "
            "re-import with --update-published to change it"
        )
    return ""


def _unchanged(article: Article, values: dict, story: Extracted) -> bool:
    for name, value in values.items():
        current = getattr(article, name)
        if current != value and not (name == "body" and clean_html(current) == value):
            return False
    pending = [
        (f.caption, f.credit, f.image_url)
        for f in article.pending_figures.all()  # ordered by position
    ]
    wanted = [(f.caption, f.credit, f.image_url) for f in story.figures]
    return pending == wanted or (not pending and article.article_photos.count() == len(wanted))


def _place_figures(
    article: Article,
    story: Extracted,
    document: Document,
    source: Source | None,
    *,
    attach: bool,
    new: bool = False,
) -> int:
    """Photos from the page: attached when their image file came along, else pending.

    A ``new`` article has no pending figure and no photo placed yet (photos shown in its
    body, if any, are placed from position 1000 on): nothing to look up or clear."""
    if new:
        placed: set[int] = set()
    else:
        article.pending_figures.all().delete()
        placed = set(article.article_photos.values_list("position", flat=True))
    attached = 0
    for position, figure in enumerate(story.figures):
        if position in placed:
            continue  # attached by an earlier import, or by an editor
        wanted = attach and document.images and figure.image_url
        image = document.images(figure.image_url) if wanted else None
        if image and _is_image(image[1]):
            photo = Photo(
                alt_text=(figure.alt_text or figure.caption or story.title)[:300],
                caption=figure.caption,
                credit=figure.credit[:200],
                source=source,
            )
            # An uncommitted file: Photo.save() checks, cleans and stores it with renditions.
            photo.image = ContentFile(image[1], name=image[0])
            photo.save()
            ArticlePhoto.objects.create(article=article, photo=photo, position=position)
            attached += 1
            continue
        PendingFigure.objects.create(
            article=article,
            position=position,
            caption=figure.caption,
            credit=figure.credit[:200],
            alt_text=figure.alt_text[:300],
            image_url=figure.image_url[:1000],
        )
    return attached


def _images_in_hand(story: Extracted, find: ImageFinder) -> ImageFinder:
    """Look every figure's image up once, now, and answer from what was found."""
    found = {f.image_url: find(f.image_url) for f in story.figures if f.image_url}
    return lambda src: found.get(src)


def _is_image(data: bytes) -> bool:
    """The photo library's own upload rules (format, bytes, pixels, integrity)."""
    try:
        image = images.open_image(
            ContentFile(data),
            max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES,
            max_pixels=settings.NEWSROOM_PHOTO_MAX_PIXELS,
        )
    except images.InvalidImage:
        return False
    image.close()
    return True


# --- matching what exists ---------------------------------------------------------------------


def known_source_names() -> list[str]:
    """Every outlet's name and aliases, for the extractor to recognise in a page."""
    names = []
    for source in Source.objects.only("name", "aliases"):
        names += [source.name, *source.alias_list()]
    return names


def match_source(name: str) -> Source:
    """The ``Source`` called ``name`` or with it among its aliases (any case), else a new one."""
    name = " ".join(name.split())[:200]
    return _existing_source(name) or Source.objects.create(
        name=name, slug=_free_slug(Source, name, 200)
    )


def match_disclaimer(text: str, source: Source | None) -> Disclaimer:
    """The ``Disclaimer`` with this text (ignoring spacing and case), else a new one."""
    wanted = _comparable(text)
    for disclaimer in Disclaimer.objects.all():
        if _comparable(re.sub(r"^disclaimer\s*:\s*", "", disclaimer.body, flags=re.I)) == wanted:
            return disclaimer
    base = f"{source.name} disclaimer" if source else "Imported disclaimer"
    name = base[:90]
    taken = set(Disclaimer.objects.filter(name__startswith=name).values_list("name", flat=True))
    number = 2
    while name in taken:
        name = f"{base[:90]} {number}"
        number += 1
    return Disclaimer.objects.create(name=name, body=text)


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _language(code: str) -> str:
    """The detected language, else the site's (a page too short to tell)."""
    return code or settings.LANGUAGE_CODE


def was_imported(article: Article) -> bool:
    """The credit gate's question for imports: did this article come from a captured page?"""
    return ImportRecord.objects.filter(article=article).exists()


def agency_name(name: str) -> str:
    """The agency as credit text: a known source's own spelling, else the page's words.

    An agency is a credit on the article, not an outlet we reprint from, so no ``Source``
    row is made for it.
    """
    name = " ".join(name.split())[:200]
    known = _existing_source(name)
    return known.name if known else name


def _existing_source(name: str) -> Source | None:
    source = Source.objects.filter(name__iexact=name).first()
    if source:
        return source
    for candidate in Source.objects.filter(aliases__icontains=name):
        if name.casefold() in {alias.casefold() for alias in candidate.alias_list()}:
            return candidate
    return None


def find_existing(
    *, original_url: str, source: Source | None, title: str, published
) -> Article | None:
    """The article an earlier import of the same story made, if there is one.

    Only evidence that names one story counts: the original URL, or the outlet, headline
    and original date together. Anything less (a headline alone, a headline and outlet
    without a date) may be another story, so it gets a draft of its own.
    """
    if original_url:
        article = Article.objects.filter(original_url=original_url).order_by("pk").first()
        if article:
            return article
    if source is None or not title or published is None:
        return None
    # The article's id only: records keep the whole page, which need not be read here.
    article_id = (
        ImportRecord.objects.filter(
            source=source, title__iexact=title[:300], original_published_at=published
        )
        .order_by("pk")
        .values_list("article_id", flat=True)
        .first()
    )
    return Article.objects.get(pk=article_id) if article_id else None


def unique_slug(title: str) -> str:
    return _free_slug(Article, title, 200)


def _free_slug(model, text: str, max_length: int) -> str:
    base = slugify(text)[: max_length - 8].strip("-") or "imported"
    taken = set(
        model.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


# --- undoing a repair -------------------------------------------------------------------------


class UndoError(Exception):
    pass


ARTICLE_FIELDS = frozenset({"title", "dateline", "byline", "summary", "body"})
_FIGURE_FIELD = re.compile(r"^figure (?P<number>\d+) (?P<part>caption|credit)$")


def undo_repair(*, record: ImportRecord, index: int, user: workflow.User) -> None:
    """Put back what the page said before repair number ``index``, as a new revision."""
    try:
        repair = record.repairs[index]
    except (IndexError, TypeError) as exc:
        raise UndoError("no such repair") from exc
    if repair.get("undone"):
        raise UndoError("this repair was already undone")
    article = record.article
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You cannot edit this article.")
    name = repair.get("field", "")
    with transaction.atomic():
        if name in ARTICLE_FIELDS:
            current = getattr(article, name)
            setattr(article, name, _reverted(current, repair, escape=name == "body"))
            old_status, old_published_at = article.status, article.published_at
            with reversion.create_revision():
                article.updated_by = workflow.acting_user(user)
                article.save()
                reversion.set_user(workflow.acting_user(user))
                reversion.set_comment(
                    f"Undid an import repair: “{repair['after']}” back to “{repair['before']}”"[
                        :200
                    ]
                )
            workflow.record_save(
                article=article,
                user=user,
                old_status=old_status,
                old_published_at=old_published_at,
            )
        elif match := _FIGURE_FIELD.match(name):
            target = _figure_target(article, int(match["number"]) - 1)
            part = match["part"]
            setattr(target, part, _reverted(getattr(target, part), repair, escape=False))
            target.save()
        else:
            raise UndoError("this repair cannot be undone here")
        repair["undone"] = True
        repair["undone_at"] = timezone.now().isoformat()
        repair["undone_by"] = getattr(user, "username", "")
        record.save(update_fields=["repairs"])


def _reverted(current: str, repair: dict, *, escape: bool) -> str:
    def form(value: str) -> str:
        return html.escape(value, quote=False) if escape else value

    context, offset, after, before = (
        repair["context"],
        repair["offset"],
        repair["after"],
        repair["before"],
    )
    original = context[:offset] + before + context[offset + len(after) :]
    if form(context) in current:
        return current.replace(form(context), form(original), 1)
    if current.count(form(after)) == 1:
        return current.replace(form(after), form(before), 1)
    raise UndoError("the text has changed since the import; edit it by hand")


def _figure_target(article: Article, position: int):
    pending = article.pending_figures.filter(position=position).first()
    if pending:
        return pending
    placement = article.article_photos.filter(position=position).select_related("photo").first()
    if placement:
        return placement.photo
    raise UndoError("that photo is no longer on the article")
