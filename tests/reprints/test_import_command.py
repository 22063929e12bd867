"""``manage.py import_articles``: the sample end to end, re-imports, publishing, bad input."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleEvent, ArticlePhoto, Disclaimer, Photo, Source
from articles.sanitize import clean_html
from reprints import importer
from reprints.models import ImportRecord, PendingFigure

from ..factories import image_bytes, make_disclaimer, make_source

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent.parent / "import_pages"
SAMPLE = PAGES / "reprint-page.txt"
SAMPLE_DISCLAIMER = (
    "This article is reproduced from other media. The purpose of reprinting is to convey more "
    "information. It does not mean that this website agrees with its views and is responsible "
    "for its authenticity, and does not bear any legal responsibility. All resources on this "
    "site are collected on the Internet. The purpose of sharing is for everyone's learning and "
    "reference only. If there is copyright or intellectual property infringement, please leave "
    "us a message."
)
# The sample's body as it must come out, one block a line ("p: ..." or "h2: ..."): chrome
# gone, subheadings kept, every artifact repaired. Read it: it is the acceptance test.
SAMPLE_BLOCKS = [
    tuple(line.split(": ", 1))
    for line in (PAGES / "reprint-page.expected.txt").read_text(encoding="utf-8").splitlines()
]


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def expected_body() -> str:
    from html import escape

    return clean_html("".join(f"<{k}>{escape(t, quote=False)}</{k}>" for k, t in SAMPLE_BLOCKS))


# --- the sample, every field ----------------------------------------------------------------


def test_the_sample_imports_as_a_clean_credited_draft():
    out, err = run(SAMPLE)
    assert err == ""
    assert out.splitlines() == [
        f"imported: {SAMPLE}: “China-Latin America Sci-tech Cooperation Puts People "
        f"First” (#{Article.objects.get().pk}, draft, 47 repairs, 1 photo)",
        "1 imported, 0 updated, 0 skipped, 0 failed.",
    ]
    article = Article.objects.get()
    assert article.title == "China-Latin America Sci-tech Cooperation Puts People First"
    assert article.slug == "china-latin-america-sci-tech-cooperation-puts-people-first"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    # The page has no standfirst; a summary repeating the lead paragraph would print the
    # same sentence twice on the article page.
    assert article.summary == ""
    assert article.language == "en"
    assert timezone.localdate(article.original_published_at) == datetime.date(2024, 9, 13)
    assert article.byline == ""
    assert article.dateline == "BEIJING, Sept. 12, 2024"
    assert article.source.name == "Science and Technology Daily"
    assert article.source.slug == "science-and-technology-daily"
    assert article.agency == "HaiPress"
    assert not Source.objects.filter(name="HaiPress").exists()  # a credit, not an outlet
    assert article.original_url == ""
    assert article.disclaimer.body == SAMPLE_DISCLAIMER
    assert article.disclaimer.name == "Science and Technology Daily disclaimer"
    assert article.section is None
    assert list(article.tags.names()) == []
    assert article.created_by is None
    assert article.body == expected_body()
    # No chrome, no artifact left; numbers untouched.
    for gone in ["Newest", "Links", "Back to top", "Contact Us", "SiteMap", "Copyright",
                 "Disclaimer", "Courtesy photo", "Theirsci", "Thesci", "theAtacama", "ofICT",
                 "Americasci", "ofsci", ",Sept", "12,2024", "HaiPress"]:  # fmt: skip
        assert gone not in article.body, gone
    for kept in ["600,000", "480MW", "5G", "400,000", "280,000", "489 billion", "Chile's"]:
        assert kept in article.body, kept
    [figure] = article.pending_figures.all()
    assert (figure.position, figure.caption, figure.credit, figure.image_url) == (
        0,
        "Courtesy photo of Xiao Junyong.",
        "Science and Technology Daily",
        "",
    )
    assert not article.article_photos.exists()

    record = ImportRecord.objects.get()
    assert record.article == article
    assert record.origin == str(SAMPLE)
    assert record.format == "text"
    assert record.encoding == "utf-8"
    assert record.original_text == SAMPLE.read_text(encoding="utf-8")
    assert record.source == article.source
    assert record.title == article.title
    assert record.original_url == ""
    assert timezone.localdate(record.original_published_at) == datetime.date(2024, 9, 13)
    assert record.user is None
    rules = [r["rule"] for r in record.repairs]
    assert (rules.count("spacing"), rules.count("glued words")) == (41, 6)
    glued = {(r["before"], r["after"]) for r in record.repairs if r["rule"] == "glued words"}
    assert glued == {
        ("Theirsci-tech", "Their sci-tech"),
        ("Thesci-tech", "The sci-tech"),
        ("theAtacama", "the Atacama"),
        ("ofICT", "of ICT"),
        ("Americasci-tech", "America sci-tech"),
        ("ofsci-tech", "of sci-tech"),
    }
    dateline = [(r["before"], r["after"]) for r in record.repairs if r["field"] == "dateline"]
    assert dateline == [("Sept. 12,2024", "Sept. 12, 2024"), ("BEIJING,Sept.", "BEIJING, Sept.")]

    # Audited like any other save: a revision and a "created" event.
    assert [e.action for e in ArticleEvent.objects.filter(article=article)] == ["created"]
    [version] = Version.objects.get_for_object(article)
    assert version.revision.get_comment() == f"Imported from {SAMPLE}"


def test_sources_agencies_and_disclaimers_are_matched_not_duplicated():
    outlet = make_source(name="S&T Daily", aliases="science and technology daily\nSTD")
    agency = make_source(name="HaiPress News Agency", aliases="HAIPRESS")
    disclaimer = make_disclaimer(name="Reprint", body="  " + SAMPLE_DISCLAIMER.replace(". ", ".\n"))
    run(SAMPLE)
    article = Article.objects.get()
    assert article.source == outlet
    assert article.agency == agency.name
    assert article.disclaimer == disclaimer
    assert Source.objects.count() == 2
    assert Disclaimer.objects.count() == 1


def test_an_existing_slug_is_not_reused():
    slug = "china-latin-america-sci-tech-cooperation-puts-people-first"
    Article.objects.create(title="Other", slug=slug)
    run(SAMPLE)
    assert Article.objects.filter(slug=f"{slug}-2").exists()


# --- importing again -------------------------------------------------------------------------


def test_importing_the_same_page_again_updates_the_same_draft():
    run(SAMPLE)
    article = Article.objects.get()
    out, _ = run(SAMPLE)
    assert "is already up to date" in out
    assert "0 imported, 0 updated, 1 skipped, 0 failed." in out
    assert Article.objects.count() == 1

    article.body = "<p>An editor's rewrite.</p>"
    article.save()
    out, _ = run(SAMPLE)
    assert "0 imported, 1 updated, 0 skipped, 0 failed." in out
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert article.body == expected_body()
    assert ImportRecord.objects.filter(article=article).count() == 2
    assert PendingFigure.objects.filter(article=article).count() == 1
    assert Version.objects.get_for_object(article).count() == 2
    assert Source.objects.count() == 1
    assert Disclaimer.objects.count() == 1


def test_a_re_import_is_matched_by_original_url_first(tmp_path):
    run(PAGES / "jsonld-article.html")
    changed = tmp_path / "page.html"
    changed.write_text(
        (PAGES / "jsonld-article.html")
        .read_text()
        .replace("Solar farm opens in the Atacama", "Solar farm opens in Chile")
    )
    out, _ = run(changed)
    assert "1 updated" in out
    article = Article.objects.get()
    assert article.title == "Solar farm opens in Chile"
    assert article.original_url == "https://andes-tribune.example/2024/10/02/solar-farm-atacama"


def test_a_published_article_is_untouched_without_update_published(editor):
    run(SAMPLE)
    article = Article.objects.get()
    workflow.publish_article(article=article, user=editor)
    with reversion.create_revision():
        article.body = "<p>Edited after publication.</p>"
        article.save()
    out, _ = run(SAMPLE)
    assert "is published; re-import with --update-published to change it" in out
    assert "0 imported, 0 updated, 1 skipped, 0 failed." in out
    article.refresh_from_db()
    assert article.body == "<p>Edited after publication.</p>"

    out, _ = run(SAMPLE, "--update-published")
    assert "1 updated" in out
    article.refresh_from_db()
    assert article.body == expected_body()
    assert article.is_published()


# --- options -------------------------------------------------------------------------------------


def test_dry_run_shows_everything_and_saves_nothing():
    out, _ = run(SAMPLE, "--dry-run")
    assert f"would import: {SAMPLE}: “China-Latin America Sci-tech Cooperation" in out
    assert "    body: glued words: “Theirsci-tech” → “Their sci-tech”" in out
    assert "    dateline: spacing: “BEIJING,Sept.” → “BEIJING, Sept.”" in out
    assert (
        out.splitlines()[-1]
        == "Dry run, nothing saved: 1 imported, 0 updated, 0 skipped, 0 failed."
    )
    for model in (Article, Source, Disclaimer, ImportRecord, PendingFigure, ArticleEvent, Version):
        assert not model.objects.exists(), model


def test_publish_needs_an_editor(writer, editor):
    with pytest.raises(CommandError, match="--publish needs --user"):
        run(SAMPLE, "--publish")
    with pytest.raises(CommandError, match="--publish needs --user"):
        run(SAMPLE, "--publish", "--user", "writer")
    assert not Article.objects.exists()
    out, _ = run(SAMPLE, "--publish", "--user", "editor")
    article = Article.objects.get()
    assert article.is_published()
    assert article.created_by == editor
    assert [e.action for e in article.events.order_by("at", "id")] == ["created", "published"]
    assert Version.objects.get_for_object(article).count() == 2
    assert f"(#{article.pk}, published, 47 repairs, 1 photo)" in out


def test_an_unknown_user_is_an_error():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(SAMPLE, "--user", "nobody")


def test_standard_input():
    out, _ = run("-", stdin=io.BytesIO(SAMPLE.read_bytes()))
    assert "imported: <stdin>: “China-Latin America" in out
    assert Article.objects.get().dateline == "BEIJING, Sept. 12, 2024"


def test_a_folder_with_the_html_pages_images_attaches_them(tmp_path):
    shutil.copy(PAGES / "jsonld-article.html", tmp_path / "story.html")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "plant.png").write_bytes(image_bytes("PNG", size=(80, 60)))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")  # not a page: ignored
    out, _ = run(tmp_path)
    assert "1 imported" in out
    article = Article.objects.get()
    [placement] = ArticlePhoto.objects.filter(article=article)
    photo = placement.photo
    assert placement.position == 0
    assert (photo.width, photo.height) == (80, 60)
    assert photo.caption == "The plant seen from the air."
    assert photo.credit == "Andes Tribune"
    assert photo.alt_text == "Rows of solar panels in the desert"
    assert photo.source == article.source
    assert not PendingFigure.objects.exists()
    # Re-importing does not attach the same picture twice.
    run(tmp_path / "story.html", "--update-published")
    assert Photo.objects.count() == 1


def test_images_outside_the_pages_folder_are_never_read(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(image_bytes("PNG"))
    page = (PAGES / "jsonld-article.html").read_text().replace("photos/plant.png", "../secret.png")
    (folder / "story.html").write_text(page)
    run(folder / "story.html")
    assert not Photo.objects.exists()
    assert PendingFigure.objects.get().image_url == "../secret.png"


# --- bad input --------------------------------------------------------------------------------

STORY = "A headline for a story\n\n2024-09-13  Outlet Daily\n\nThe first paragraph of the story.\n"
FRENCH = "Café owners’ “big” day\n\nLe café a été fermé. Les élèves étaient très déçus.\n"
CHINESE = (
    "中国与拉丁美洲科技合作\n\n"
    "中国科技日报报道，中国与拉丁美洲的科技合作惠及民生，内容涉及新能源和通信技术。\n"
)
JAPANESE = (
    "日本の新しい研究計画\n\n"
    "日本の科学技術振興機構は、人工知能と通信技術の発展に関する新しい研究計画を発表しました。\n"
)


def test_bad_input_fails_one_line_per_file_and_the_rest_still_imports(tmp_path, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 2000
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "noise.txt": bytes(range(256)) * 4,
        "no-title.txt": b"Newest\n\nLinks\n\nBack to top\n",
        "huge.txt": STORY.encode() + b"x" * 3000,
        "good.txt": STORY.encode(),
        "cp1252.txt": FRENCH.encode("cp1252"),
        "gb18030.txt": CHINESE.encode("gb18030"),
        "shift-jis.txt": JAPANESE.encode("shift_jis"),
    }  # fmt: skip
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in files] + [tmp_path / "missing.txt"]
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 of 10 pages failed"):
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        f"failed: {tmp_path / 'empty.txt'}: empty file",
        f"failed: {tmp_path / 'binary.txt'}: binary file (a PNG image), not a text or HTML page",
        f"failed: {tmp_path / 'noise.txt'}: binary file or unknown text encoding",
        f"failed: {tmp_path / 'no-title.txt'}: no recognizable title",
        f"failed: {tmp_path / 'huge.txt'}: file too large "
        f"({len(files['huge.txt']):,} bytes; the limit is 2,000)",
        f"failed: {tmp_path / 'missing.txt'}: no such file",
    ]
    assert out.getvalue().splitlines()[-1] == "4 imported, 0 updated, 0 skipped, 6 failed."
    assert set(Article.objects.values_list("title", flat=True)) == {
        "A headline for a story",
        "Café owners’ “big” day",
        "中国与拉丁美洲科技合作",
        "日本の新しい研究計画",
    }
    encodings = dict(ImportRecord.objects.values_list("title", "encoding"))
    assert encodings["Café owners’ “big” day"] == "cp1252"
    assert encodings["中国与拉丁美洲科技合作"] == "gb18030"
    assert encodings["日本の新しい研究計画"] in {"shift_jis", "cp932"}


def test_each_file_imports_completely_or_not_at_all(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(
        STORY.replace("A headline", "Another headline").replace("Outlet Daily", "Second Outlet")
    )
    real = importer._place_figures

    def fail_on_second(article, *args, **kwargs):
        if article.title.startswith("Another"):
            raise RuntimeError("disk full")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(importer, "_place_figures", fail_on_second)
    with pytest.raises(CommandError, match="1 of 2 pages failed"):
        run(tmp_path / "a.txt", tmp_path / "b.txt")
    assert list(Article.objects.values_list("title", flat=True)) == ["A headline for a story"]
    assert list(Source.objects.values_list("name", flat=True)) == ["Outlet Daily"]
    assert ImportRecord.objects.count() == 1
    assert ArticleEvent.objects.count() == 1


def test_an_empty_folder_is_a_failure(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path)


# --- undoing a repair ------------------------------------------------------------------------


def test_a_repair_can_be_undone_and_only_once(editor):
    run(SAMPLE)
    record = ImportRecord.objects.get()
    index = next(i for i, r in enumerate(record.repairs) if r["before"] == "Theirsci-tech")
    importer.undo_repair(record=record, index=index, user=editor)
    article = record.article
    article.refresh_from_db()
    assert "Theirsci-tech cooperation is mutually beneficial" in article.body
    assert "Their sci-tech" not in article.body
    record.refresh_from_db()
    assert record.repairs[index]["undone"] is True
    assert record.repairs[index]["undone_by"] == "editor"
    assert Version.objects.get_for_object(article).count() == 2
    with pytest.raises(importer.UndoError, match="already undone"):
        importer.undo_repair(record=record, index=index, user=editor)

    date_fix = next(i for i, r in enumerate(record.repairs) if r["before"] == "Sept. 12,2024")
    importer.undo_repair(record=record, index=date_fix, user=editor)
    article.refresh_from_db()
    assert article.dateline == "BEIJING, Sept. 12,2024"


def test_an_undo_after_the_text_changed_says_so(editor):
    run(SAMPLE)
    record = ImportRecord.objects.get()
    article = record.article
    article.body = "<p>Rewritten completely.</p>"
    article.save()
    with pytest.raises(importer.UndoError, match="changed since the import"):
        importer.undo_repair(record=record, index=5, user=editor)
