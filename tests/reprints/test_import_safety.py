"""The reprint desk never loses or mis-credits a story: who may update what, what a
re-import may match, history for system imports, the credit gate, no invented years."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Source
from articles.workflow import CreditMissing

from ..admin_forms import change_form_data
from ..factories import make_article, make_source

pytestmark = pytest.mark.django_db

STORY = """Harbour dredging starts after years of delay

2025-03-04  Coastal Courier

PORT ELLIS, March 3 -- Dredgers began work on Monday to deepen the harbour channel, ending a
dispute between the port authority and fishing cooperatives that lasted six years.

The work will take eleven months and is paid for by a regional development loan.

Fishermen said they would watch the effect on breeding grounds closely.
"""


def run(*args, user: str | None = None, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = ["--user", user] if user else []
    options = {"stdin": io.BytesIO(stdin.encode())} if stdin is not None else {}
    call_command("import_articles", *args, *extra, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def page(path, text: str = STORY):
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- who may update what ----------------------------------------------------------------------


def test_a_writer_cannot_overwrite_another_writers_draft_through_import(
    tmp_path, writer, django_user_model
):
    other = django_user_model.objects.create_user("other", is_staff=True)
    other.groups.set(writer.groups.all())
    run(page(tmp_path / "story.txt"), user="other")
    draft = Article.objects.get()
    draft.body = "<p>Other's careful rewrite.</p>"
    draft.save()

    out, _ = run(page(tmp_path / "story.txt"), user="writer")
    draft.refresh_from_db()
    assert draft.body == "<p>Other's careful rewrite.</p>"
    assert Article.objects.count() == 1
    assert "you may not edit it" in out
    assert "0 imported, 0 updated, 1 skipped, 0 failed." in out


def test_a_writer_updates_their_own_draft(tmp_path, writer):
    run(page(tmp_path / "story.txt"), user="writer")
    draft = Article.objects.get()
    draft.body = "<p>Changed.</p>"
    draft.save()
    out, _ = run(page(tmp_path / "story.txt"), user="writer")
    assert "1 updated" in out
    draft.refresh_from_db()
    assert "Dredgers began work" in draft.body


def test_a_writer_cannot_update_a_published_import_even_with_update_published(tmp_path, writer):
    run(page(tmp_path / "story.txt"), user="writer")
    article = Article.objects.get()
    article.source = article.source or make_source()
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.body = "<p>Live text.</p>"
    article.save()
    out, _ = run(str(tmp_path / "story.txt"), "--update-published", user="writer")
    assert "you may not edit it" in out
    article.refresh_from_db()
    assert article.body == "<p>Live text.</p>"


# --- what a re-import may match ---------------------------------------------------------------


def test_a_different_page_with_the_same_headline_makes_a_new_draft(tmp_path):
    """Headline alone (no outlet, no date) is not enough to call two pages the same story."""
    first = "Council approves budget\n\nThe council approved the budget on a vote of nine to two.\n"
    second = (
        "Council approves budget\n\nIn another town, the council approved its spending plan "
        "after a long night of debate.\n"
    )
    run(page(tmp_path / "a.txt", first))
    run(page(tmp_path / "b.txt", second))
    bodies = sorted(Article.objects.values_list("body", flat=True))
    assert len(bodies) == 2
    assert "nine to two" in bodies[1] or "nine to two" in bodies[0]
    assert any("long night of debate" in body for body in bodies)


def test_same_source_and_headline_but_a_different_date_is_a_different_story(tmp_path):
    run(page(tmp_path / "a.txt"))
    later = STORY.replace("2025-03-04", "2025-04-09").replace("six years", "seven years")
    run(page(tmp_path / "b.txt", later))
    assert Article.objects.count() == 2


def test_the_same_original_url_updates_the_same_draft(tmp_path):
    text = STORY + "\nhttps://coastal-courier.example/2025/03/dredging\n"
    run(page(tmp_path / "a.txt", text))
    run(page(tmp_path / "b.txt", text.replace("eleven months", "ten months")))
    article = Article.objects.get()
    assert "ten months" in article.body


# --- history, compare and restore for imports without a user ---------------------------------


def test_history_compare_and_restore_work_for_system_imports(tmp_path, editor_client):
    run(page(tmp_path / "a.txt"))
    run(page(tmp_path / "a.txt", STORY.replace("eleven months", "ten months")))
    article = Article.objects.get()
    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200
    assert "system import" in history.content.decode()
    old, new = Version.objects.get_for_object(article).order_by("pk")
    compare = editor_client.get(
        f"/admin/articles/article/{article.pk}/history/compare/?from={old.pk}&to={new.pk}"
    )
    assert compare.status_code == 200
    assert "system import" in compare.content.decode()
    restored = editor_client.post(f"/admin/articles/article/{article.pk}/history/restore/{old.pk}/")
    assert restored.status_code == 302
    article.refresh_from_db()
    assert "eleven months" in article.body


# --- the credit gate ---------------------------------------------------------------------------

UNCREDITED = (
    "Harbour dredging starts after years of delay\n\n"
    "Dredgers began work on Monday to deepen the harbour channel, ending a long dispute.\n\n"
    "The work will take eleven months.\n"
)


def test_an_import_without_a_source_is_not_published_by_the_command(tmp_path, editor):
    with pytest.raises(CommandError, match="not published"):
        run(
            page(tmp_path / "a.txt", UNCREDITED + "\nhttps://elsewhere.example/story\n"),
            "--publish",
            user="editor",
        )
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.source is None


def test_a_pasted_import_without_url_or_source_cannot_be_published(tmp_path, editor):
    run(page(tmp_path / "a.txt", UNCREDITED))
    article = Article.objects.get()
    assert article.original_url == ""
    with pytest.raises(CreditMissing, match="Source"):
        workflow.publish_article(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_admin_form_bulk_action_and_scheduling_refuse_an_uncredited_reprint(editor_client):
    article = make_article(
        status=Article.Status.DRAFT, original_url="https://elsewhere.example/story"
    )
    url = f"/admin/articles/article/{article.pk}/change/"
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = editor_client.post(
        url,
        change_form_data(
            editor_client.get(url),
            status="published",
            published_at_0=tomorrow.strftime("%Y-%m-%d"),
            published_at_1="10:00:00",
        ),
    )
    assert response.status_code == 200
    assert "choose the outlet" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    page_text = response.content.decode()
    assert "choose the outlet" in page_text
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    article.source = make_source()
    article.save()
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert article.is_published()


def test_our_own_stories_need_no_source(editor):
    article = make_article(status=Article.Status.DRAFT)
    workflow.publish_article(article=article, user=editor)
    assert article.is_published()


# --- dates: never invented ---------------------------------------------------------------------


def test_a_dateline_without_a_year_does_not_override_the_pages_full_date(tmp_path):
    text = STORY.replace("2025-03-04", "2024-05-04").replace("March 3", "May 3")
    run(page(tmp_path / "a.txt", text))
    article = Article.objects.get()
    assert timezone.localdate(article.original_published_at) == datetime.date(2024, 5, 4)


def test_a_dateline_without_a_year_alone_sets_no_date(tmp_path):
    text = STORY.replace("2025-03-04  Coastal Courier", "Coastal Courier")
    run(page(tmp_path / "a.txt", text))
    article = Article.objects.get()
    assert article.original_published_at is None
    assert article.dateline == "PORT ELLIS, March 3"


# --- agencies are credit text, not outlets -----------------------------------------------------


def test_an_agency_in_the_credit_is_stored_on_the_article_not_as_an_empty_source(tmp_path):
    text = STORY.replace("Coastal Courier", "Coastal Courier | Harbour Wire")
    run(page(tmp_path / "a.txt", text))
    article = Article.objects.get()
    assert article.source.name == "Coastal Courier"
    assert article.agency == "Harbour Wire"
    assert list(Source.objects.values_list("name", flat=True)) == ["Coastal Courier"]


def test_a_known_agency_keeps_its_sources_spelling(tmp_path):
    make_source(name="Harbour Wire Service", aliases="Harbour Wire")
    text = STORY.replace("Coastal Courier", "Coastal Courier | Harbour Wire")
    run(page(tmp_path / "a.txt", text))
    assert Article.objects.get().agency == "Harbour Wire Service"


# --- notes wherever the page put them -----------------------------------------------------------

FOOTER_PAGE = """<!doctype html><html lang="en">
<head><title>Ferry returns – Island Echo</title></head>
<body><header><nav>Home | News | Sport</nav></header>
<main><article><h1>Ferry returns to the island after repairs</h1>
<p>By Mara Quinn</p>
<p>The island's only ferry returned to service on Friday after three weeks of engine
repairs, the operator said, ending a run of cancelled crossings.</p>
<p>Shops said trade fell by half while the ferry was away, and the council is now asking
for a second vessel to be kept on standby every summer.</p>
</article></main>
<footer><p>Disclaimer: This story is reprinted from the Island Echo with permission; the
views expressed are the author's own.</p><p>© 2025 Island Echo</p></footer>
</body></html>"""


def test_a_disclaimer_in_the_pages_footer_is_kept(tmp_path):
    run(page(tmp_path / "ferry.html", FOOTER_PAGE))
    article = Article.objects.get()
    assert article.disclaimer.body == (
        "This story is reprinted from the Island Echo with permission; the views expressed "
        "are the author's own."
    )
    assert "reprinted" not in article.body
