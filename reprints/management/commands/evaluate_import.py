"""Score the importer on a corpus of captured pages: ``make import-eval``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprints.evaluation import FIELDS, Report, evaluate

TARGET = 0.95


class Command(BaseCommand):
    help = (
        "Import every page of a corpus (pages with <page>.expected.toml) without saving, "
        "and print per-field accuracy and body F1 against trafilatura."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", default="tests/import_pages")
        parser.add_argument(
            "--failures", action="store_true", help="List every failed check, by field."
        )

    def handle(self, *args, folder: str, failures: bool, **options) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"{folder}: no such folder")
        report = evaluate(path)
        self.print_report(report, show_failures=failures)
        below = [name for name in FIELDS if report.fields[name].accuracy < TARGET]
        mean_f1 = Report.mean(b.f1 for b in report.bodies)
        baseline_f1 = Report.mean(b.baseline_f1 for b in report.bodies)
        if below or (report.bodies and (mean_f1 < TARGET or mean_f1 < baseline_f1)):
            raise CommandError(
                "below target: "
                + ", ".join(below + (["body F1"] if report.bodies and mean_f1 < TARGET else []))
                + (" (and below trafilatura)" if mean_f1 < baseline_f1 else "")
            )

    def print_report(self, report: Report, *, show_failures: bool) -> None:
        write = self.stdout.write
        write(f"{report.pages} pages, {len(report.failed_pages)} failed to import")
        for line in report.failed_pages:
            write(f"  failed: {line}")
        write(f"{'field':<14} {'checks':>6} {'passed':>6} {'accuracy':>9}")
        for name in FIELDS:
            score = report.fields[name]
            mark = "" if score.accuracy >= TARGET else "  < target"
            write(f"{name:<14} {score.checks:>6} {score.passed:>6} {score.accuracy:>8.1%}{mark}")
            if show_failures:
                for failure in score.failures:
                    write(f"    {failure}")
        write(f"{'overall':<14} {'':>6} {'':>6} {report.overall:>8.1%}")
        clean = report.pages - len(report.pages_with_failures())
        write(f"pages with every check passed: {clean} of {report.pages}")
        if report.bodies:
            write(
                f"body, {len(report.bodies)} HTML pages (word {4}-shingles): "
                f"importer P {Report.mean(b.precision for b in report.bodies):.3f} "
                f"R {Report.mean(b.recall for b in report.bodies):.3f} "
                f"F1 {Report.mean(b.f1 for b in report.bodies):.3f} | trafilatura "
                f"P {Report.mean(b.baseline_precision for b in report.bodies):.3f} "
                f"R {Report.mean(b.baseline_recall for b in report.bodies):.3f} "
                f"F1 {Report.mean(b.baseline_f1 for b in report.bodies):.3f}"
            )
            if show_failures:
                for body in sorted(report.bodies, key=lambda b: b.f1):
                    write(
                        f"    {body.page}: P {body.precision:.3f} R {body.recall:.3f} "
                        f"F1 {body.f1:.3f} (trafilatura {body.baseline_f1:.3f})"
                    )
