"""The importer on the captured corpus (``make import-eval`` prints the same figures).

Pages of many outlets, layouts and languages, written blind to the rules; each field must
be right on at least 95 % of its checks, and HTML bodies must score a word-shingle F1 of
at least 0.95 and no less than trafilatura's own extraction of the same pages.
"""

from pathlib import Path

import pytest

from reprints.evaluation import FIELDS, Report, evaluate

CORPUS = Path(__file__).parent.parent / "import_pages"
TARGET = 0.95


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(CORPUS)


def test_the_corpus_is_large_and_varied(report):
    import tomllib

    expected = [tomllib.loads(p.read_text("utf-8")) for p in CORPUS.rglob("*.expected.toml")]
    text = [e for e in expected if "body_include" in e]
    assert len(text) >= 40
    assert len({e["layout"] for e in text}) >= 12
    assert len({e["language"] for e in text}) >= 5
    assert len(report.bodies) >= 40


def test_every_page_imports(report):
    assert report.failed_pages == []


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_is_right_on_95_percent_of_checks(report, field):
    score = report.fields[field]
    assert score.accuracy >= TARGET, "\n".join(score.failures)


def test_html_bodies_beat_the_target_and_trafilatura(report):
    mean_f1 = Report.mean(b.f1 for b in report.bodies)
    baseline = Report.mean(b.baseline_f1 for b in report.bodies)
    assert mean_f1 >= TARGET
    assert mean_f1 >= baseline
