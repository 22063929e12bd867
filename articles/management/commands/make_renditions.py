"""Make the renditions of photos that have none (uploaded before renditions existed), or
of every photo (``--all``) after NEWSROOM_PHOTO_WIDTHS changed."""

from __future__ import annotations

import posixpath

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandParser

from articles.images import InvalidImage
from articles.models import Photo


class Command(BaseCommand):
    help = "Normalise photo files and make their renditions (only those missing, or --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", dest="remake_all", help="Remake every photo's files."
        )

    def handle(self, *args, remake_all: bool, **options) -> None:
        photos = Photo.objects.order_by("pk")
        if not remake_all:
            photos = photos.filter(renditions={})
        done = failed = 0
        for photo in photos.iterator(chunk_size=100):
            try:
                with photo.image.open("rb") as handle:
                    content = ContentFile(handle.read())
                content.name = posixpath.basename(photo.image.name)
                # Assigning the file again runs the upload path: checks, normalised master,
                # new renditions; the old files go once the new row is committed.
                photo.image = content
                photo.save()
                done += 1
            except (OSError, InvalidImage) as exc:
                failed += 1
                self.stderr.write(f"Photo {photo.pk} ({photo.image.name}): {exc}")
        self.stdout.write(self.style.SUCCESS(f"Made renditions for {done} photo(s)."))
        if failed:
            self.stdout.write(self.style.WARNING(f"{failed} photo(s) could not be read."))
