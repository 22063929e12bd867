"""How well the importer reads pages nobody tuned it for: field accuracy and body F1.

A corpus folder holds captured pages (``*.txt``, ``*.html``), each with the fields a
careful editor would store in ``<page>.expected.toml`` (see ``tests/import_pages/
FORMAT.md``), and, for HTML pages, the hand-checked article body in ``<page>.body.txt``.
``evaluate`` reads every page through the importer's own pipeline (decode, extract,
repair; no database) and scores each field; HTML bodies are scored as word-shingle
precision, recall and F1 against the hand-checked body, beside trafilatura's own
extraction of the same page.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .importer import Document, read_story
from .story import Extracted

SHINGLE = 4  # words per shingle
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|\w+", re.UNICODE)
FIELDS = [
    "title", "published", "updated", "source", "agency", "byline", "dateline", "summary",
    "language", "body_include", "body_exclude", "subheadings", "figures", "disclaimer",
    "correction",
]  # fmt: skip


@dataclass
class FieldScore:
    checks: int = 0
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.passed / self.checks if self.checks else 1.0


@dataclass
class BodyScore:
    page: str
    precision: float
    recall: float
    f1: float
    baseline_f1: float
    baseline_precision: float = 0.0
    baseline_recall: float = 0.0


@dataclass
class Report:
    pages: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    bodies: list[BodyScore] = field(default_factory=list)
    failed_pages: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, page: str, detail: str) -> None:
        score = self.fields[name]
        score.checks += 1
        if ok:
            score.passed += 1
        else:
            score.failures.append(f"{page}: {detail}")

    @property
    def overall(self) -> float:
        checks = sum(s.checks for s in self.fields.values())
        return sum(s.passed for s in self.fields.values()) / checks if checks else 1.0

    def pages_with_failures(self) -> set[str]:
        return {f.split(":", 1)[0] for s in self.fields.values() for f in s.failures} | set(
            self.failed_pages
        )

    @staticmethod
    def mean(values: Iterable[float]) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0


def pages_in(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in {".txt", ".html"}
        and not path.name.endswith(".body.txt")
        and path.with_name(path.stem + ".expected.toml").exists()
    )


def evaluate(folder: Path, *, baseline: bool = True) -> Report:
    report = Report()
    for path in pages_in(folder):
        report.pages += 1
        expected = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text("utf-8"))
        try:
            story = read_story(Document(name=path.name, data=path.read_bytes()))[0]
        except Exception as exc:
            report.failed_pages.append(f"{path.name}: {type(exc).__name__}: {exc}")
            for name in FIELDS:
                if name in expected or name in {"body_include", "body_exclude"}:
                    report.check(name, False, path.name, "the page did not import")
            continue
        score_fields(report, path.name, story, expected)
        body_file = path.with_name(path.stem + ".body.txt")
        if path.suffix == ".html" and body_file.exists():
            report.bodies.append(
                score_body(path, story, body_file.read_text("utf-8"), baseline=baseline)
            )
    return report


def _same(a: str, b: str) -> bool:
    return _plain(a) == _plain(b)


def _plain(text: str) -> str:
    return " ".join(str(text).split()).casefold().strip(" .")


def _names(text: str) -> list[str]:
    return sorted(_plain(n) for n in re.split(r"\s*,\s*", text or "") if n.strip())


def _when(value) -> str:
    """A date as the page printed it: in the page's own offset when it gave one."""
    if value is None:
        return ""
    return f"{value:%Y-%m-%d %H:%M}"


def _date_matches(value, expected: str) -> bool:
    if not expected:
        return value is None
    if value is None:
        return False
    shown = _when(value)
    return shown.startswith(expected) if len(expected) > 10 else shown[:10] == expected


def score_fields(report: Report, page: str, story: Extracted, expected: dict) -> None:
    body = _plain(story.body_text())
    for name in ("title", "source", "agency", "dateline", "summary", "disclaimer", "correction"):
        if name in expected:
            got = getattr(story, name)
            report.check(name, _same(got, expected[name]), page, f"{got!r} != {expected[name]!r}")
    if "byline" in expected:
        ok = _names(story.byline) == _names(expected["byline"])
        report.check("byline", ok, page, f"{story.byline!r} != {expected['byline']!r}")
    for name in ("published", "updated"):
        if name in expected:
            got = getattr(story, name)
            report.check(
                name, _date_matches(got, expected[name]), page,
                f"{_when(got)!r} != {expected[name]!r}",
            )  # fmt: skip
    if "language" in expected:
        got = story.language.split("-")[0]
        report.check("language", got == expected["language"], page, f"{got!r}")
    for text in expected.get("body_include", []):
        report.check("body_include", _plain(text) in body, page, f"missing {text[:60]!r}")
    for text in expected.get("body_exclude", []):
        report.check("body_exclude", _plain(text) not in body, page, f"kept {text[:60]!r}")
    if "subheadings" in expected:
        got = [_plain(b.text) for b in story.blocks if b.kind in {"h2", "h3", "h4"}]
        want = [_plain(h) for h in expected["subheadings"]]
        report.check("subheadings", got == want, page, f"{got} != {want}")
    if "figures" in expected or "body_include" in expected:
        want = expected.get("figures", [])
        got = [(f.caption, f.credit) for f in story.figures if f.caption or f.credit]
        for index, figure in enumerate(want):
            found = got[index] if index < len(got) else ("", "")
            ok = _same(found[0], figure.get("caption", "")) and _same(
                found[1], figure.get("credit", "")
            )
            report.check("figures", ok, page, f"#{index + 1} {found} != {figure}")
        if len(got) > len(want):
            report.check("figures", False, page, f"extra {got[len(want) :]}")


# --- body shingles ------------------------------------------------------------------------


def shingles(text: str, n: int = SHINGLE) -> Counter:
    tokens = [t.casefold() for t in TOKEN.findall(text)]
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def prf(got: str, want: str) -> tuple[float, float, float]:
    a, b = shingles(got), shingles(want)
    common = sum((a & b).values())
    precision = common / sum(a.values()) if a else 0.0
    recall = common / sum(b.values()) if b else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline_text(html: str) -> str:
    """trafilatura's own article text for the page (comments off, tables on)."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def score_body(path: Path, story: Extracted, want: str, *, baseline: bool) -> BodyScore:
    precision, recall, f1 = prf(story.body_text(), want)
    b_precision = b_recall = b_f1 = 0.0
    if baseline:
        html = path.read_bytes().decode("utf-8", "replace")
        b_precision, b_recall, b_f1 = prf(baseline_text(html), want)
    return BodyScore(path.name, precision, recall, f1, b_f1, b_precision, b_recall)
