from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom import backup


class Command(BaseCommand):
    help = "Write a timestamped archive of the database and every media file (newsroom/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=settings.NEWSROOM_BACKUP_DIR,
            help="Where to write it (default: BACKUP_DIR, else backups/ in the project).",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, directory: Path, database: str, **options):
        try:
            result = backup.backup(directory, using=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {result.path} ({result.articles} articles, {result.media_files} media files)."
        )
