"""The whole public site as one archive of the API's JSON (``export_site``), and back
(``import_site``).

An archive is a zip file:

* ``manifest.json``: format, version, when and from where, and how many of each;
* ``sections.json``, ``sources.json``, ``tags.json``, ``authors.json``, ``photos.json``:
  lists, each item exactly as ``/api/v1/`` shows it (``api.serializers``);
* ``articles.jsonl``: every public article as its API detail, one per line (a site of
  100,000 articles is written and read one article at a time);
* ``files.json`` and ``media/``: each photo's stored files (master, renditions, social
  card) under their storage names, so every address of them stays what it was.

Which content: what the public API shows, and nothing else. Articles are the public ones
(``published()``); drafts, review, scheduled and withdrawn articles, internal notes,
revisions, staff accounts, disclaimers, pins, links and site settings are not in it
(``manage.py backup`` keeps everything). Tags are those public articles carry; photos
those public articles and authors show.

``import_site`` loads an archive into an installation with no content in one transaction,
keeping every id, slug, date and relation, then moves the database's id sequences past
the restored ids and makes everything cached stale.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.utils.encoders import JSONEncoder
from taggit.models import Tag

from api import serializers as public
from api.views import article_queryset
from articles import images
from articles.models import (
    Article,
    ArticleAuthor,
    ArticlePhoto,
    Author,
    Correction,
    Photo,
    Section,
    Source,
    SyndicationPolicy,
    TaggedArticle,
    photo_storage,
)
from articles.sanitize import clean_html, paragraphs, xml_text
from articles.search import refresh_keywords
from caching.version import bump

FORMAT = "newsroom-site"
VERSION = 1
LISTS = ("sections", "sources", "tags", "authors", "photos")
CHUNK = 500
# What makes an installation "not empty": content the archive would collide with.
CONTENT_MODELS = (Article, Photo, Section, Source, Author, Tag)


class ArchiveError(Exception):
    """The archive cannot be written or loaded; the message says why."""


@dataclass
class Counts:
    numbers: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{number} {name}" for name, number in self.numbers.items())


def _json(data: object) -> bytes:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, sort_keys=True).encode()


# --- export ----------------------------------------------------------------------------------


def public_articles() -> Iterator[Article]:
    """The API's public articles with what its detail shows, a chunk at a time."""
    return article_queryset(detail=True).order_by("pk").iterator(chunk_size=CHUNK)


def export_site(path: Path) -> Counts:
    """Write the archive to ``path`` (through a temporary file: a failed export leaves no
    half archive where a good one was expected)."""
    temporary = path.with_name(f".{path.name}.partial")
    photos: dict[int, Photo] = {}
    tag_ids: set[int] = set()
    counts = Counts()
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            articles = 0
            with archive.open("articles.jsonl", "w", force_zip64=True) as lines:
                for article in public_articles():
                    data = public.ArticleDetailSerializer(article).data
                    lines.write(_json(data) + b"\n")
                    articles += 1
                    tag_ids.update(tag.pk for tag in article.tags.all())
                    for figure in article.figures:
                        photos[figure.photo_id] = figure.photo
            authors = list(Author.objects.select_related("photo").order_by("pk"))
            photos.update({a.photo_id: a.photo for a in authors if a.photo is not None})
            lists = {
                "sections": public.SectionSerializer(Section.objects.order_by("pk"), many=True),
                "sources": public.SourceSerializer(Source.objects.order_by("pk"), many=True),
                "tags": public.TagSerializer(
                    Tag.objects.filter(pk__in=tag_ids).order_by("pk"), many=True
                ),
                "authors": public.AuthorSerializer(authors, many=True),
                "photos": public.PhotoSerializer([photos[pk] for pk in sorted(photos)], many=True),
            }
            for name, serializer in lists.items():
                data = serializer.data
                archive.writestr(f"{name}.json", _json(data))
                counts.numbers[name] = len(data)
            counts.numbers = {"articles": articles, **counts.numbers}
            files = {}
            storage = photo_storage()
            for pk in sorted(photos):
                photo = photos[pk]
                files[str(pk)] = {"image": photo.image.name, "renditions": photo.renditions}
                for name in photo.stored_names():
                    with storage.open(name, "rb") as handle:
                        archive.writestr(f"media/{name}", handle.read())
            archive.writestr("files.json", _json(files))
            archive.writestr(
                "manifest.json",
                _json(
                    {
                        "format": FORMAT,
                        "version": VERSION,
                        "exported_at": timezone.now(),
                        "counts": counts.numbers,
                    }
                ),
            )
        temporary.replace(path)
    except OSError as exc:
        raise ArchiveError(f"cannot write {path}: {exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return counts


# --- import ----------------------------------------------------------------------------------


def content_present() -> list[str]:
    """What this installation already holds, by name (empty: it may import)."""
    return [
        str(model._meta.verbose_name_plural) for model in CONTENT_MODELS if model.objects.exists()
    ]


def _when(value: str | None) -> datetime.datetime | None:
    return parse_datetime(value) if value else None


def import_site(path: Path) -> Counts:
    """Load the archive at ``path`` into an installation with no content, in one
    transaction; its photo files are written first and removed again if it fails."""
    if present := content_present():
        raise ArchiveError(
            "this installation is not empty (it has "
            + ", ".join(present)
            + "): import_site loads a site into a new, empty installation only"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"cannot read {path}: {exc}") from exc
    written: list[str] = []
    try:
        with archive:
            manifest = _read(archive, "manifest.json")
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise ArchiveError(
                    f"not a site archive of version {VERSION} (found "
                    f"{manifest.get('format')!r} version {manifest.get('version')!r})"
                )
            with transaction.atomic():
                counts = _load(archive, written)
    except ArchiveError:
        images.delete_files(photo_storage(), written)
        raise
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        images.delete_files(photo_storage(), written)
        raise ArchiveError(f"the archive is damaged or incomplete: {exc!r}") from exc
    except Exception:
        images.delete_files(photo_storage(), written)
        raise
    return counts


def _read(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name))
    except KeyError as exc:
        raise ArchiveError(f"the archive has no {name}") from exc


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[dict]:
    with archive.open(name) as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _load(archive: zipfile.ZipFile, written: list[str]) -> Counts:
    data = {name: _read(archive, f"{name}.json") for name in LISTS}
    files = _read(archive, "files.json")
    Section.objects.bulk_create(
        Section(
            pk=row["id"],
            name=row["name"],
            slug=row["slug"],
            description=row["description"],
            order=row["order"],
        )
        for row in data["sections"]
    )
    sources = [
        Source(
            pk=row["id"],
            name=row["name"],
            slug=row["slug"],
            homepage_url=row["homepage_url"],
            description=row["description"],
            syndication_policy=row["syndication_policy"],
        )
        for row in data["sources"]
    ]
    Source.objects.bulk_create(sources)
    policies = {source.pk: source.syndication_policy for source in sources}
    Tag.objects.bulk_create(
        Tag(pk=row["id"], name=row["name"], slug=row["slug"]) for row in data["tags"]
    )
    Photo.objects.bulk_create(_photo(archive, row, files, written) for row in data["photos"])
    Author.objects.bulk_create(
        Author(
            pk=row["id"],
            name=row["name"],
            slug=row["slug"],
            role=row["role"],
            bio=row["bio"],
            links="\n".join(row["links"]),
            photo_id=row["photo"]["id"] if row["photo"] else None,
        )
        for row in data["authors"]
    )
    articles = 0
    batch: list[dict] = []
    for row in _lines(archive, "articles.jsonl"):
        batch.append(row)
        if len(batch) >= CHUNK:
            articles += _articles(batch, policies)
            batch = []
    articles += _articles(batch, policies)
    refresh_keywords(Article.objects.all())
    _reset_sequences()
    # Rows came in bulk, with no signals: everything cached is stale (docs/caching.md).
    bump()
    counts = {"articles": articles, **{name: len(data[name]) for name in LISTS}}
    return Counts(counts)


def _photo(archive: zipfile.ZipFile, row: dict, files: dict, written: list[str]) -> Photo:
    stored = files[str(row["id"])]
    storage = photo_storage()
    photo = Photo(
        pk=row["id"],
        alt_text=row["alt_text"],
        caption=row["caption"],
        credit=row["credit"],
        focal_x=row["focal_x"],
        focal_y=row["focal_y"],
        width=row["width"],
        height=row["height"],
        renditions=stored["renditions"],
        created_at=_when(row["created_at"]),
    )
    photo.image.name = stored["image"]
    for name in photo.stored_names():
        if posixpath.isabs(name) or ".." in name.split("/"):
            raise ArchiveError(f"photo {row['id']}: a file name leaves the media folder: {name}")
        content = archive.read(f"media/{name}")
        if storage.exists(name):  # an orphan of an earlier site: the archive's file wins
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        written.append(saved)
        if saved != name:
            raise ArchiveError(f"photo {row['id']}: {name} was stored as {saved}")
        if name == stored["image"]:
            photo.file_size = len(content)
    return photo


def _articles(rows: list[dict], policies: dict[int, str]) -> int:
    """One chunk of articles with their tags, photos, credits and corrections."""
    if not rows:
        return 0
    articles, taggings, figures, credits, corrections = [], [], [], [], []
    for row in rows:
        source_id = row["source"]["id"] if row["source"] else None
        own_policy = policies.get(source_id, SyndicationPolicy.INDEX)
        published_at, updated_at = _when(row["published_at"]), _when(row["updated_at"])
        articles.append(
            Article(
                pk=row["id"],
                title=xml_text(row["title"]),
                slug=row["slug"],
                summary=xml_text(row["summary"]),
                byline=xml_text(row["byline"]),
                dateline=xml_text(row["dateline"]),
                language=row["language"],
                body=paragraphs(clean_html(row["body"])),
                section_id=row["section"]["id"] if row["section"] else None,
                source_id=source_id,
                agency=row["agency"],
                original_url=row["original_url"],
                original_published_at=_when(row["original_published_at"]),
                syndication_policy=""
                if row["syndication_policy"] == own_policy
                else row["syndication_policy"],
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                created_at=published_at,
                updated_at=updated_at,
                # "Updated" is shown for a change after publication: the API's updated_at.
                revised_at=updated_at if updated_at > published_at else None,
            )
        )
        taggings += [
            TaggedArticle(content_object_id=row["id"], tag_id=t["id"]) for t in row["tags"]
        ]
        for figure in row["photos"]:
            photo = figure["photo"]
            figures.append(
                ArticlePhoto(
                    article_id=row["id"],
                    photo_id=photo["id"],
                    position=figure["position"],
                    in_body=figure["in_body"],
                    caption_override=""
                    if figure["caption"] == photo["caption"]
                    else figure["caption"],
                )
            )
        credits += [
            ArticleAuthor(article_id=row["id"], author_id=author["id"], position=position)
            for position, author in enumerate(row["authors"])
        ]
        corrections += [
            Correction(article_id=row["id"], text=c["text"], created_at=_when(c["created_at"]))
            for c in row["corrections"]
        ]
    Article.objects.bulk_create(articles)
    TaggedArticle.objects.bulk_create(taggings)
    ArticlePhoto.objects.bulk_create(figures)
    ArticleAuthor.objects.bulk_create(credits)
    Correction.objects.bulk_create(corrections)
    return len(articles)


def _reset_sequences(models: Iterable = ()) -> None:
    """Move the id sequences past the restored ids (PostgreSQL; SQLite needs nothing)."""
    models = models or (Section, Source, Tag, Photo, Author, Article, TaggedArticle,
                        ArticlePhoto, ArticleAuthor, Correction)  # fmt: skip
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
