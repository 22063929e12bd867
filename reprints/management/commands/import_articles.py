"""Import reprinted pages: files, folders, standard input ("-") or original articles' URLs."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles import workflow
from reprints import importer


class Command(BaseCommand):
    stealth_options = ("stdin",)  # tests pass a stream in place of sys.stdin
    help = (
        "Import captured pages of other outlets (plain text or HTML files, folders of them, "
        "'-' for standard input, or http(s) addresses) as draft articles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; change nothing."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish what is imported (needs --user)."
        )
        parser.add_argument(
            "--update-published",
            action="store_true",
            help="Also update articles already published from the same page.",
        )
        parser.add_argument("--user", help="Username the articles are imported as.")

    def handle(self, *args, inputs: list[str], user: str | None, **options) -> None:
        self.stdin = options.get("stdin") or sys.stdin
        self.show_repairs = options["dry_run"] or options["verbosity"] >= 2
        account = self.find_user(user)
        if options["publish"] and not workflow.can_publish(account):
            raise CommandError("--publish needs --user with an editor's publish permission.")
        settings = importer.Options(
            user=account,
            publish=options["publish"],
            update_published=options["update_published"],
            dry_run=options["dry_run"],
        )
        outcomes = [self.import_one(item, settings) for item in self.expand(inputs)]
        summary = importer.Summary.of(outcomes)
        prefix = "Dry run, nothing saved: " if settings.dry_run else ""
        self.stdout.write(f"{prefix}{summary}")
        if summary.failed:
            raise CommandError(f"{summary.failed} of {len(outcomes)} pages failed.")
        unpublished = sum(outcome.unpublished for outcome in outcomes)
        if unpublished:
            raise CommandError(
                f"{unpublished} of {len(outcomes)} pages were imported as drafts but not "
                "published: they came from another outlet and no source was found."
            )

    def find_user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc

    def expand(self, inputs: list[str]) -> list[str | Path]:
        items: list[str | Path] = []
        for item in inputs:
            path = Path(item)
            if item == "-" or item.lower().startswith(("http://", "https://")):
                items.append(item)
            elif path.is_dir():
                pages = importer.pages_in(path)
                if not pages:
                    items.append(path)  # reported as a failure below: nothing to import
                items.extend(pages)
            else:
                items.append(path)
        return items

    def import_one(self, item: str | Path, options: importer.Options) -> importer.Outcome:
        try:
            document = self.document(item)
        except importer.ImportFailure as exc:
            outcome = importer.Outcome(str(item), importer.FAILED, str(exc))
        else:
            outcome = importer.import_document(document, options)
        self.report(outcome)
        return outcome

    def document(self, item: str | Path) -> importer.Document:
        if item == "-":
            stream = self.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
            if isinstance(data, str):
                data = data.encode()
            return importer.Document(name="<stdin>", data=data)
        if isinstance(item, str):
            return importer.document_from_url(item)
        if item.is_dir():
            raise importer.ImportFailure("no .txt or .html pages in this folder")
        if not item.exists():
            raise importer.ImportFailure("no such file")
        return importer.document_from_path(item)

    def report(self, outcome: importer.Outcome) -> None:
        if outcome.status == importer.FAILED:
            self.stderr.write(outcome.line())
            return
        style = self.style.SUCCESS if outcome.status != importer.SKIPPED else self.style.WARNING
        self.stdout.write(style(outcome.line()))
        if self.show_repairs:
            for change in outcome.changes:
                self.stdout.write(
                    f"    {change.field}: {change.rule}: “{change.before}” → “{change.after}”"
                )
