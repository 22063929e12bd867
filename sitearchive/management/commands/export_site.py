from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitearchive.archive import ArchiveError, export_site


class Command(BaseCommand):
    help = (
        "Write every public article, with its sections, sources, tags, authors and photos "
        "(files included), as the public API's JSON into one zip archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive to write, e.g. site.zip.")

    def handle(self, *args, path: Path, **options):
        try:
            counts = export_site(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {path}: {counts}.")
