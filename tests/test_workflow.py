"""The editorial workflow through the real admin: roles, review, scheduling, preview,
revisions, edit conflicts, redirects, withdrawal, corrections and the audit trail."""

import datetime
import json
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles import preview
from articles.models import Article, ArticleEvent, ArticleRedirect, Correction
from articles.sitemaps import w3c
from articles.workflow import publish_article, withdraw_article

from .admin_forms import ADD_URL, article_form, change_form_data, inline_formset
from .factories import make_article, make_source

pytestmark = pytest.mark.django_db


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def events(article: Article) -> list[str]:
    return list(article.events.order_by("at", "id").values_list("action", flat=True))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestRoles:
    def test_data_migration_created_both_roles(self):
        writers = Group.objects.get(name="Writers")
        editors = Group.objects.get(name="Editors")
        assert not writers.permissions.filter(codename="publish_article").exists()
        assert editors.permissions.filter(codename="publish_article").exists()
        assert writers.permissions.filter(codename="add_article").exists()

    def test_writer_posting_published_gets_a_form_error_and_nothing_is_saved(self, writer_client):
        response = writer_client.post(ADD_URL, article_form(status="published"))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "Only editors can publish" in errors["status"][0]
        assert not Article.objects.exists()

    def test_writer_cannot_publish_their_own_draft_by_editing_it(self, writer_client, writer):
        draft = make_article(status="draft", created_by=writer, title="My draft")
        response = writer_client.get(change_url(draft))
        data = change_form_data(response, status="published")
        response = writer_client.post(change_url(draft), data)
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_writer_cannot_schedule_because_the_date_is_not_theirs_to_set(self, writer_client):
        html = writer_client.get(ADD_URL).content.decode()
        assert 'name="published_at_0"' not in html
        assert '<option value="published"' not in html

    def test_writer_cannot_edit_a_published_article(self, writer_client, writer):
        article = make_article(created_by=writer, title="Live story")
        response = writer_client.get(change_url(article))
        assert response.status_code == 200
        assert 'name="title"' not in response.content.decode()  # read-only view
        response = writer_client.post(change_url(article), {"title": "Hijacked", "_save": "Save"})
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.title == "Live story"

    def test_writer_cannot_edit_someone_elses_draft(self, writer_client, editor):
        draft = make_article(status="draft", created_by=editor, title="Editor's draft")
        response = writer_client.post(change_url(draft), {"title": "Changed", "_save": "Save"})
        assert response.status_code == 403

    def test_writer_has_no_publish_actions(self, writer_client, writer):
        draft = make_article(status="draft", created_by=writer)
        changelist = writer_client.get("/admin/articles/article/")
        actions = [value for value, _ in changelist.context["action_form"].fields["action"].choices]
        assert "publish_selected" not in actions
        assert "withdraw_selected" not in actions
        writer_client.post(
            "/admin/articles/article/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_editor_publishes_from_the_form(self, editor_client):
        response = editor_client.post(ADD_URL, article_form(status="published"))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.is_published()
        assert events(article) == ["created", "published"]


class TestReviewQueue:
    def test_writer_submits_and_editors_see_it_waiting(self, writer, editor):
        writer_client, editor_client = client_for(writer), client_for(editor)
        writer_client.post(ADD_URL, article_form(title="Ready for the desk", status="review"))
        article = Article.objects.get()
        assert (article.status, article.created_by) == ("review", writer)
        assert events(article) == ["created", "submitted"]

        make_article(status="draft")
        make_article(**{"published_at": timezone.now() + datetime.timedelta(days=1)})
        home = editor_client.get("/admin/")
        dashboard = home.content.decode()
        assert 'id="editorial-dashboard"' in dashboard
        assert "Waiting for review</a></th>\n        <td>1</td>" in dashboard
        assert "Scheduled</a></th>\n        <td>1</td>" in dashboard
        assert "All drafts</a></th>\n        <td>1</td>" in dashboard
        assert "My drafts</a></th>\n        <td>0</td>" in dashboard
        queue = editor_client.get("/admin/articles/article/?state=review")
        assert list(queue.context["cl"].result_list) == [article]

    def test_submit_action_for_writers(self, writer_client, writer):
        draft = make_article(status="draft", created_by=writer)
        writer_client.post(
            "/admin/articles/article/",
            {"action": "submit_selected", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == "review"


class TestScheduling:
    def test_scheduled_article_goes_public_on_time_without_a_job(self, editor):
        editor_client, client = client_for(editor), Client()
        start = timezone.now()
        when = start + datetime.timedelta(hours=2)
        data = article_form(
            title="Embargoed until two",
            status="published",
            published_at_0=timezone.localtime(when).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(when).strftime("%H:%M:%S"),
        )
        assert editor_client.post(ADD_URL, data).status_code == 302
        article = Article.objects.get()
        assert article.is_scheduled()
        assert events(article) == ["created", "scheduled"]
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Embargoed" not in client.get("/").content.decode()
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            assert client.get(article.get_absolute_url()).status_code == 200
            assert "Embargoed until two" in client.get("/").content.decode()
            assert article.slug in client.get("/sitemap-articles.xml").content.decode()

    def test_back_dated_new_article_is_allowed_but_flagged(self, editor_client):
        data = article_form(
            status="published", published_at_0="2019-05-01", published_at_1="08:00:00"
        )
        response = editor_client.post(ADD_URL, data, follow=True)
        assert Article.objects.get().published_at.year == 2019
        messages = [str(m) for m in response.context["messages"]]
        assert any("Back-dated" in m and "2019-05-01" in m for m in messages)


class TestPreview:
    def test_editor_gets_a_signed_link_that_works_without_an_account(self, editor):
        editor_client, client = client_for(editor), Client()
        draft = make_article(status="draft", title="Not yet")
        html = editor_client.get(change_url(draft)).content.decode()
        url, _ = preview.make_link(draft)
        assert "/preview/" in html
        path = url.removeprefix("https://news.example.org")
        response = client.get(path)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Not yet" in body
        assert "Not public." in body
        assert '<meta name="robots" content="noindex">' in body
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    def test_tampered_and_unknown_tokens_are_404(self, client):
        draft = make_article(status="draft")
        token, _ = preview.make_token(draft)
        assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
        assert client.get("/preview/nonsense/").status_code == 404
        other = make_article(status="draft")
        payload, timestamp, signature = token.split(":")
        decoded = json.loads(signing.b64_decode(payload.encode()))
        decoded["a"] = other.pk  # point the signed link at another article
        forged_payload = signing.b64_encode(json.dumps(decoded, separators=(",", ":")).encode())
        forged = f"{forged_payload.decode()}:{timestamp}:{signature}"
        assert forged != token
        assert client.get(f"/preview/{forged}/").status_code == 404
        assert client.get(f"/preview/{token}/").status_code == 200  # the real one works

    def test_link_expires_after_48_hours(self, client):
        draft = make_article(status="draft")
        token, expires = preview.make_token(draft)
        assert expires - timezone.now() > datetime.timedelta(hours=47, minutes=59)
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=47)):
            assert client.get(f"/preview/{token}/").status_code == 200
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
            assert client.get(f"/preview/{token}/").status_code == 404

    def test_link_to_an_article_since_published_goes_to_its_page(self, client):
        article = make_article()
        token, _ = preview.make_token(article)
        response = client.get(f"/preview/{token}/")
        assert response.status_code == 302
        assert response["Location"] == article.get_absolute_url()


class TestRevisions:
    def edit(self, client, article, **changes):
        response = client.get(change_url(article))
        response = client.post(change_url(article), change_form_data(response, **changes))
        assert response.status_code == 302, response.context["adminform"].form.errors
        article.refresh_from_db()

    def test_word_diff_marks_whole_words_and_escapes_them(self):
        from articles.history import readable_text, word_diff

        html = str(word_diff("The <b> old words", "The <b> new words"))
        assert html == "The &lt;b&gt; <del>old </del><ins>new </ins>words"
        assert readable_text("<p>One</p><h2>Two</h2><p>Three</p>") == "One\nTwo\nThree"

    def test_every_save_is_a_revision_with_who_and_when(self, editor_client, editor):
        article = make_article(title="First headline", body="<p>Old words here.</p>")
        self.edit(editor_client, article, title="Second headline")
        self.edit(editor_client, article, body="<p>New words here.</p>")
        versions = Version.objects.get_for_object(article)
        assert versions.count() == 2
        assert {v.revision.user for v in versions} == {editor}

    def test_history_compares_two_versions_readably(self, editor_client):
        article = make_article(title="First headline", body="<p>Old words here.</p>")
        self.edit(editor_client, article, title="Second headline", body="<p>New words here.</p>")
        self.edit(editor_client, article, summary="A new summary")
        old, new = Version.objects.get_for_object(article).order_by("pk")
        history = editor_client.get(f"/admin/articles/article/{article.pk}/history/")
        assert "Compare" in history.content.decode()
        response = editor_client.get(
            f"/admin/articles/article/{article.pk}/history/compare/?from={old.pk}&to={new.pk}"
        )
        diffs = {diff.label: diff for diff in response.context["diffs"]}
        assert not diffs["Headline"].changed
        assert diffs["Summary"].changed
        html = response.content.decode()
        assert "<ins>A new summary</ins>" in html
        assert "<del>" in str(diffs["Summary"].html)
        first = Version.objects.get_for_object(article).order_by("pk").first()
        assert first.pk == old.pk

    def test_restore_brings_back_the_text_as_a_new_revision(self, editor_client, editor):
        article = make_article(title="Original headline", body="<p>Original body.</p>")
        self.edit(editor_client, article, title="Original headline")  # version 1
        self.edit(editor_client, article, title="Bad rewrite", body="<p>Bad body.</p>")
        first = Version.objects.get_for_object(article).order_by("pk").first()
        response = editor_client.post(
            f"/admin/articles/article/{article.pk}/history/restore/{first.pk}/"
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.body) == ("Original headline", "<p>Original body.</p>")
        assert article.is_published()  # workflow state is not rolled back
        assert Version.objects.get_for_object(article).count() == 3  # nothing lost
        assert events(article)[-1] == "restored"
        assert ArticleEvent.objects.filter(article=article, action="restored", user=editor).exists()

    def test_restore_of_an_incompatible_version_fails_clearly_and_changes_nothing(
        self, editor_client
    ):
        article = make_article(title="Keep me")
        self.edit(editor_client, article, title="Keep me")
        version = Version.objects.get_for_object(article).get()
        version.serialized_data = version.serialized_data.replace('"title"', '"no_such_field"')
        version.save()
        self.edit(editor_client, article, title="Current text")
        response = editor_client.post(
            f"/admin/articles/article/{article.pk}/history/restore/{version.pk}/", follow=True
        )
        messages = [str(m) for m in response.context["messages"]]
        assert any("cannot be restored" in m for m in messages)
        article.refresh_from_db()
        assert article.title == "Current text"
        assert "restored" not in events(article)


class TestEditConflicts:
    def test_second_save_is_refused_and_keeps_the_second_persons_text(
        self, editor, django_user_model
    ):
        from .conftest import staff_member

        other = staff_member(
            django_user_model, "xiao", "Editors", first_name="Xiao", last_name="Li"
        )
        article = make_article(title="Shared headline")
        ana, xiao = client_for(editor), client_for(other)
        form_a = ana.get(change_url(article))
        form_x = xiao.get(change_url(article))

        saved = xiao.post(change_url(article), change_form_data(form_x, title="Xiao's version"))
        assert saved.status_code == 302

        refused = ana.post(change_url(article), change_form_data(form_a, title="Ana's version"))
        assert refused.status_code == 200
        html = refused.content.decode()
        assert "Edit conflict: Xiao Li saved this article at" in html
        assert 'value="Ana&#x27;s version"' in html  # her text is still in the form
        article.refresh_from_db()
        assert article.title == "Xiao's version"  # nothing overwritten silently

        # Having seen the conflict, Ana merges and saves on purpose: that now works.
        merged = ana.post(
            change_url(article),
            change_form_data(refused, title="Merged version"),
        )
        assert merged.status_code == 302
        article.refresh_from_db()
        assert article.title == "Merged version"

    def test_a_publish_action_in_between_is_also_a_conflict(self, editor_client, editor):
        draft = make_article(status="draft", title="Draft")
        form = editor_client.get(change_url(draft))
        publish_article(article=draft, user=editor)
        response = editor_client.post(change_url(draft), change_form_data(form, title="Edited"))
        assert response.status_code == 200
        draft.refresh_from_db()
        assert draft.status == "published"
        assert draft.title == "Draft"


class TestAddressesAndRemoval:
    def test_changing_a_published_slug_redirects_the_old_address(self, editor):
        editor_client, client = client_for(editor), Client()
        article = make_article(slug="old-slug")
        old_url = article.get_absolute_url()
        form = editor_client.get(change_url(article))
        editor_client.post(change_url(article), change_form_data(form, slug="new-slug"))
        article.refresh_from_db()
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
        assert article.get_absolute_url().endswith("/new-slug/")

    def test_changing_the_date_redirects_the_old_address(self, client, editor):
        article = make_article(published_at=timezone.now() - datetime.timedelta(days=3))
        old_url = article.get_absolute_url()
        publish_article(
            article=article, user=editor, when=article.published_at - datetime.timedelta(days=2)
        )
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url() != old_url
        assert ArticleRedirect.objects.filter(old_path=old_url, article=article).exists()

    def test_renaming_a_draft_creates_no_redirect(self, editor):
        draft = make_article(status="draft", slug="draft-one")
        editor_client = client_for(editor)
        form = editor_client.get(change_url(draft))
        editor_client.post(change_url(draft), change_form_data(form, slug="draft-two"))
        draft.refresh_from_db()
        assert draft.slug == "draft-two"
        assert not ArticleRedirect.objects.exists()

    def test_a_plain_save_leaves_redirects_to_the_paths_that_move_articles(self):
        """``Article.save()`` writes no redirect: the admin, the workflow and the importer
        call ``redirects.keep_old_address`` themselves (shell edits and bulk writes do not
        make redirects behind anyone's back)."""
        article = make_article(slug="old-slug")
        article.slug = "new-slug"
        article.save()
        assert not ArticleRedirect.objects.exists()

    def test_withdrawn_article_is_410_and_leaves_the_sitemap(self, editor):
        editor_client, client = client_for(editor), Client()
        article = make_article(slug="to-withdraw")
        editor_client.post(
            "/admin/articles/article/",
            {"action": "withdraw_selected", "_selected_action": [article.pk]},
        )
        article.refresh_from_db()
        assert article.status == "withdrawn"
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert "withdrawn" in response.content.decode()
        assert "to-withdraw" not in client.get("/sitemap-articles.xml").content.decode()
        assert events(article)[-1] == "withdrawn"

    def test_old_address_of_a_withdrawn_article_is_also_410(self, client, editor):
        article = make_article(slug="first-name")
        old_url = article.get_absolute_url()
        editor_client = client_for(editor)
        form = editor_client.get(change_url(article))
        editor_client.post(change_url(article), change_form_data(form, slug="second-name"))
        article.refresh_from_db()
        assert article.slug == "second-name"
        withdraw_article(article=article, user=editor)
        assert client.get(old_url).status_code == 410

    def test_editors_cannot_delete_published_articles_but_can_delete_drafts(self, editor_client):
        live = make_article()
        draft = make_article(status="draft")
        assert editor_client.get(f"/admin/articles/article/{live.pk}/delete/").status_code == 403
        confirm = editor_client.get(f"/admin/articles/article/{draft.pk}/delete/")
        assert confirm.status_code == 200
        assert "Are you sure" in confirm.content.decode()
        editor_client.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"})
        assert not Article.objects.filter(pk=draft.pk).exists()
        assert Article.objects.filter(pk=live.pk).exists()

    def test_superuser_deleting_a_published_article_is_asked_to_confirm(self, client, superuser):
        live = make_article()
        client.force_login(superuser)
        confirm = client.get(f"/admin/articles/article/{live.pk}/delete/")
        assert confirm.status_code == 200
        assert "Are you sure" in confirm.content.decode()
        assert Article.objects.filter(pk=live.pk).exists()


class TestCorrections:
    def test_editor_appends_a_correction_that_shows_and_moves_the_modified_date(self, editor):
        editor_client, client = client_for(editor), Client()
        article = make_article(title="Trade story")
        Article.objects.filter(pk=article.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=5)
        )
        before = Article.objects.get(pk=article.pk).modified_at
        form = editor_client.get(change_url(article))
        data = change_form_data(form)
        data.update(
            {
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-created_at_0": timezone.localdate().isoformat(),
                "corrections-0-created_at_1": "09:00:00",
                "corrections-0-text": "The trade volume was 489 billion USD, not 498.",
                "corrections-0-article": str(article.pk),
            }
        )
        assert editor_client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.modified_at > before
        page = client.get(article.get_absolute_url()).content.decode()
        assert "489 billion USD, not 498" in page
        sitemap = client.get("/sitemap-articles.xml").content.decode()
        assert f"<lastmod>{w3c(article.modified_at)}</lastmod>" in sitemap
        assert "corrected" in events(article)

    def test_writers_cannot_add_corrections(self, writer_client, writer):
        draft = make_article(status="draft", created_by=writer)
        form = writer_client.get(change_url(draft))
        assert inline_formset(form, "corrections").has_add_permission is False
        Correction.objects.create(article=draft, text="x")  # only editors via the admin
        assert Correction.objects.count() == 1


class TestAudit:
    def test_admin_shows_who_published_scheduled_withdrew_and_restored(self, editor_client, editor):
        article = make_article(status="draft", title="Audit me", source=make_source())
        form = editor_client.get(change_url(article))
        later = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
        editor_client.post(
            change_url(article),
            change_form_data(
                form,
                status="published",
                published_at_0=later.strftime("%Y-%m-%d"),
                published_at_1=later.strftime("%H:%M:%S"),
            ),
        )
        form = editor_client.get(change_url(article))
        now = timezone.localtime()
        editor_client.post(
            change_url(article),
            change_form_data(
                form,
                published_at_0=now.strftime("%Y-%m-%d"),
                published_at_1=(now - datetime.timedelta(minutes=1)).strftime("%H:%M:%S"),
            ),
        )
        editor_client.post(
            "/admin/articles/article/",
            {"action": "withdraw_selected", "_selected_action": [article.pk]},
        )
        assert events(article) == ["scheduled", "published", "withdrawn"]
        change = editor_client.get(change_url(article)).content.decode()
        for label in ("scheduled", "published", "withdrawn"):
            assert re.search(rf'field-action">\s*<p>{label}</p>', change)
        assert len(re.findall(r'field-user">\s*<p>(<a [^>]*>)?editor<', change)) == 3
        log = editor_client.get("/admin/articles/articleevent/").content.decode()
        assert "Audit me" in log
