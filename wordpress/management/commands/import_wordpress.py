from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wordpress import importer, wxr


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts as articles, categories as sections, tags, "
        "authors, featured images and attachments as photos; old permalinks answer 301. "
        "Running it again updates what it made. See README, “Moving from WordPress”."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The export file (Tools → Export).")
        parser.add_argument(
            "--media",
            type=Path,
            help="A copy of the site's wp-content/uploads folder; without it, photos are "
            "downloaded from their addresses under the importer's safety rules.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        parser.add_argument(
            "--user", help="Record the import as this user's (default: the system)."
        )

    def handle(self, *args, export: Path, media: Path | None, dry_run: bool, user, **options):
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: not a folder")
        acting = None
        if user:
            acting = (
                get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
            )
            if acting is None:
                raise CommandError(f"--user {user}: no such user")
        files = importer.media_folder(media) if media else importer.downloads()
        try:
            run = importer.WordPressImport(export, files=files, dry_run=dry_run, user=acting)
        except wxr.UnreadableExport as exc:
            raise CommandError(f"{export}: {exc}") from exc
        failed = 0
        for outcome in run.run():
            if outcome.status == importer.FAILED:
                failed += 1
                self.stderr.write(f"failed: {outcome.message}")
            else:
                self.stdout.write(outcome.message)
            for warning in outcome.warnings:
                self.stderr.write(f"warning: {warning}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{run.summary}")
        if failed:
            raise CommandError(
                f"{failed} item{'s' if failed != 1 else ''} not imported", returncode=2
            )
