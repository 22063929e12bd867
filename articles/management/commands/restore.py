from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom import backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty database "
        "(DATABASE_URL) and the media storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The newsroom-<time>.tar file.")
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, archive: Path, database: str, **options):
        try:
            result = backup.restore(archive, using=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {result.articles} articles and {result.media_files} media files "
            f"from {archive}. If this code is newer than the backup, run `manage.py migrate`."
        )
