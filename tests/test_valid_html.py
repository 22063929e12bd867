"""Every kind of reader page is valid HTML, and the stylesheet valid CSS: the Nu Html
Checker (vnu.jar, the W3C validator's engine) reports nothing at all about them."""

from pathlib import Path

import pytest
from django.views.defaults import server_error

from articles.models import Article

from .checkers import ROOT, vnu
from .factories import make_article
from .reader_site import build_reader_site

pytestmark = pytest.mark.django_db


def test_every_reader_page_and_the_stylesheet_pass_the_nu_html_checker(
    client, editor, rf, tmp_path
):
    pages = build_reader_site().fetch(client)
    invalid = client.post("/contact/", {"name": "", "email": "not an address", "message": ""})
    assert invalid.status_code == 200
    pages["contact-with-errors"] = invalid.content
    pages["server-error"] = server_error(rf.get("/")).content
    client.force_login(editor)
    draft = make_article(title="A draft", status=Article.Status.DRAFT, photos=1, tags=["Drafts"])
    pages["staff-preview"] = client.get(draft.get_absolute_url()).content

    files = []
    for kind, content in pages.items():
        file = tmp_path / f"{kind}.html"
        file.write_bytes(content)
        files.append(file)
    files.append(ROOT / "static" / "css" / "site.css")

    messages = vnu(files)

    report = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('type')}: {m['message']}"
        + (f"\n    {m['extract'].strip()}" if m.get("extract") else "")
        for m in messages
    ]
    assert report == [], "\n".join(report)


def test_the_checker_really_checks(tmp_path):
    """A page with a real error is reported, so a silent checker cannot pass the test above."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<time datetime="2024-09-13T08:00:00.123456+00:00">then</time><p><div></div>'
    )
    style = tmp_path / "broken.css"
    style.write_text("a { colr: red; }\n")
    messages = vnu([page, style])
    errors = [(Path(m["url"]).name, m["message"]) for m in messages if m["type"] == "error"]
    assert any(name == "broken.html" and "datetime" in text for name, text in errors), errors
    assert any(name == "broken.css" and "colr" in text for name, text in errors), errors
