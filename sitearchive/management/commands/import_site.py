from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitearchive.archive import ArchiveError, import_site


class Command(BaseCommand):
    help = (
        "Load an archive written by export_site into this installation, which must hold no "
        "content yet: ids, slugs, dates, relations and photo files as they were."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive export_site wrote.")

    def handle(self, *args, path: Path, **options):
        try:
            counts = import_site(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded {path}: {counts}.")
