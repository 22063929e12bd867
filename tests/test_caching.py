"""The caching contract (docs/caching.md): one home, one key builder per value, a guard.

Every registered model is edited with the caches on and the reader page must change;
a model of ours that is neither registered nor exempt fails the guard; every page's
cached chrome must equal the chrome it would render from nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from taggit.models import Tag

import caching
from articles.models import (
    ArticleAuthor,
    ArticlePhoto,
    ArticleRedirect,
    Author,
    Correction,
    Pin,
    Video,
)
from articles.views import story_key
from caching import checks, registry
from caching.fragments import fragment_get_many
from pages.models import Link, SiteSettings

from .factories import make_article, make_disclaimer, make_section, make_source
from .reader_site import build_reader_site

ROOT = Path(settings.BASE_DIR)
OUR_APPS = ("articles", "pages", "reprints", "api", "wordpress", "sitearchive")


# --- one home, one direction --------------------------------------------------------------


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_caching_machinery_imports_no_app():
    package = Path(caching.__file__).parent
    for path in package.rglob("*.py"):
        roots = {name.split(".")[0] for name in imported_modules(path)}
        assert not roots & {*OUR_APPS, "newsroom"}, f"{path} imports {roots & {*OUR_APPS}}"


def test_nothing_imports_the_old_cache_modules():
    for folder in (*OUR_APPS, "newsroom", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            modules = imported_modules(path)
            assert not modules & {"newsroom.page_cache", "newsroom.cache"}, path


def test_the_suite_runs_with_both_caches_on_as_in_production():
    assert settings.NEWSROOM_PAGE_CACHE
    assert settings.NEWSROOM_FRAGMENT_CACHE


# --- one key builder per value ------------------------------------------------------------

KEY_PRIMITIVES = {"fragment_key", "template_fragment_key"}
KEYED_READS = {"memoize", "peek", "fragment_get", "fragment_get_many"}


def app_sources() -> list[Path]:
    return [
        path
        for app in OUR_APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def test_keys_are_built_only_by_builders_and_never_typed_at_the_place_of_use():
    """``fragment_key(...)`` is called only inside a function named ``*_key(s)``, and
    every cached read or write takes its key from a call (a builder), never a literal."""
    problems = []
    for path in app_sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                name = called_name(call)
                if name in KEY_PRIMITIVES and not function.name.endswith(("_key", "_keys")):
                    problems.append(f"{path}:{call.lineno} {name}() in {function.name}()")
                if name in KEYED_READS and call.args:
                    key = call.args[0]
                    if not isinstance(key, ast.Call | ast.ListComp | ast.Name):
                        problems.append(f"{path}:{call.lineno} {name}() with a typed key")
    assert problems == []


def test_each_template_fragment_name_is_used_once():
    """Two blocks with one name would share a key: each would be served the other."""
    names = [
        name
        for path in (ROOT / "templates").rglob("*.html")
        for name in re.findall(r"{%\s*fragment\s+[\"']([^\"']+)[\"']", path.read_text())
    ]
    assert names
    assert len(names) == len(set(names)), names


def test_a_block_inside_a_fragment_is_refused():
    """A page overriding it would change the fragment but not its key."""
    with pytest.raises(TemplateSyntaxError, match="inside"):
        Template("{% load caching %}{% fragment 'x' %}{% block b %}{% endblock %}{% endfragment %}")


def test_a_fragment_varies_on_its_variables(db):
    template = Template("{% load caching %}{% fragment 'probe' kind %}{{ kind }}{% endfragment %}")
    assert template.render(Context({"kind": "one"})) == "one"
    assert template.render(Context({"kind": "two"})) == "two"
    assert template.render(Context({"kind": "one"})) == "one"


# --- the header varies on the navigation item, and only on it -----------------------------


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/", "newest"),
        ("/search/", "search"),
        ("/links/", "links"),
        ("/section/world/", "section:world"),
        ("/tag/world/", ""),
        ("/2024/09/12/a-story/", ""),
    ],
)
def test_nav_state_from_the_path_alone(path, item):
    assert registry.nav_state(path) == item


SITE_SEARCH = 'id="site-search-q"'


@pytest.mark.django_db
def test_the_search_page_header_has_no_search_form_and_no_other_page_loses_it(client):
    make_article(title="Solar power", section=make_section(name="World", slug="world"))
    for path in ["/search/?q=solar", "/", "/search/", "/section/world/", "/tag/none/"]:
        client.get(path)  # each kind of page fills the cache in turn
    for path in ["/", "/section/world/", "/links/", "/sitemap/"]:
        assert SITE_SEARCH in client.get(path).content.decode(), path
    for path in ["/search/", "/search/?q=solar", "/search/?q=nothing-at-all"]:
        html = client.get(path).content.decode()
        assert SITE_SEARCH not in html, path
        assert 'id="search-q"' in html  # the page's own form


CHROME = re.compile(
    r'<header class="site-header".*?</header>|<footer class="site-footer">.*?</footer>', re.S
)


@pytest.mark.django_db
def test_every_pages_cached_chrome_is_what_it_would_render_from_nothing(settings):
    """Every kind of reader page, each served after all the others filled the cache,
    shows the header and footer it renders with every cache off."""
    site = build_reader_site()
    client = Client()
    site.fetch(client)  # every page fills the fragments it uses, in turn
    cached = {kind: CHROME.findall(html.decode()) for kind, html in site.fetch(client).items()}
    settings.NEWSROOM_PAGE_CACHE = settings.NEWSROOM_FRAGMENT_CACHE = False
    cache.clear()
    fresh = {kind: CHROME.findall(html.decode()) for kind, html in site.fetch(Client()).items()}
    assert any(cached.values())
    for kind in cached:
        assert cached[kind] == fresh[kind], kind


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["newest", "article"])
def test_a_page_finds_its_chrome_and_story_in_the_first_round_trip(client, kind):
    """The keys registered for prefetching are the very keys pages store (one builder)."""
    article = make_article()
    path = {"newest": "/", "article": article.get_absolute_url()}[kind]
    client.get(path)
    keys = registry.prefetch_keys(RequestFactory().get(path))
    found = fragment_get_many(keys)
    missing = [key for key in keys if key not in found]
    assert missing == ([] if kind == "article" else [story_key("/", preview=False)])


# --- the guard ----------------------------------------------------------------------------


def test_every_model_of_ours_is_registered_or_exempt():
    assert checks.unaccounted_models() == []
    assert checks.every_reader_model_is_accounted_for() == []


def test_the_guard_covers_our_apps_and_no_library():
    labels = {config.label for config in checks.project_apps()}
    assert set(OUR_APPS) <= labels
    assert not labels & {"admin", "auth", "taggit", "reversion", "axes"}


def test_the_guard_names_a_forgotten_model(monkeypatch):
    forgotten = {model: None for model in registry.invalidating_models() if model is not Link}
    monkeypatch.setattr(registry, "_invalidating", forgotten)
    (error,) = checks.every_reader_model_is_accounted_for()
    assert error.id == "caching.E001"
    assert error.obj is Link
    assert "docs/caching.md" in error.hint


def test_exempt_models_say_why():
    exempt = {model._meta.label: reason for model, reason in registry.exempt_models().items()}
    assert set(exempt) == {
        "api.ApiToken",
        "articles.ArticleAutosave",
        "articles.ArticleEvent",
        "articles.EditorialNote",
        "pages.ContactMessage",
        "reprints.Feed",
        "reprints.ImportRecord",
        "reprints.IngestItem",
        "reprints.PendingFigure",
        "wordpress.ImportedPhoto",
        "wordpress.ImportedPost",
    }
    assert all(reason.strip() for reason in exempt.values())


# --- every registered model, edited with both caches on -----------------------------------


@pytest.fixture
def scene(db):
    """An article with everything a reader page shows of the registered models."""
    section = make_section(name="World", slug="world")
    source = make_source(name="Wire Daily", slug="wire-daily")
    disclaimer = make_disclaimer(body="Reprinted with permission.")
    article = make_article(
        title="Original headline",
        section=section,
        source=source,
        disclaimer=disclaimer,
        tags=["Ports"],
        photos=1,
    )
    link = Link.objects.create(title="Partner site", url="https://partner.example/", in_footer=True)
    author = Author.objects.create(name="Ana Silva", slug="ana-silva")
    ArticleAuthor.objects.create(article=article, author=author)
    usage = article.article_photos.get()
    return SimpleNamespace(
        article=article,
        url=article.get_absolute_url(),
        section=section,
        source=source,
        disclaimer=disclaimer,
        link=link,
        author=author,
        usage=usage,
        photo=usage.photo,
    )


def save(instance, **fields) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def edit_redirect(s) -> tuple[str, Callable[[], None], str]:
    moved = make_article(title="Where it moved", slug="where-it-moved")
    redirect = ArticleRedirect.objects.create(
        old_path="/2020/01/02/old-address/", article=s.article
    )
    return (
        "/2020/01/02/old-address/",
        lambda: save(redirect, article=moved),
        moved.get_absolute_url(),
    )


# model label -> (path, edit, what the page shows after it); setup may create rows.
EDITS: dict[str, Callable[[SimpleNamespace], tuple[str, Callable[[], None], str]]] = {
    "articles.Article": lambda s: (
        "/",
        lambda: save(s.article, title="Edited headline"),
        "Edited headline",
    ),
    "articles.ArticlePhoto": lambda s: (
        s.url,
        lambda: save(s.usage, caption_override="Only in this story"),
        "Only in this story",
    ),
    "articles.ArticleRedirect": edit_redirect,
    "articles.Video": lambda s: (
        make_article(
            title="With a video", body='<figure data-video="https://youtu.be/dQw4w9WgXcQ"></figure>'
        ).get_absolute_url(),
        lambda: Video.objects.create(provider="youtube", video_id="dQw4w9WgXcQ", title="Night"),
        "Night",
    ),
    "articles.Correction": lambda s: (
        s.url,
        lambda: Correction.objects.create(article=s.article, text="The figure was 489 billion."),
        "489 billion",
    ),
    "articles.Pin": lambda s: (
        "/",
        lambda: Pin.objects.create(article=make_article(title="Pinned lead story"), position=1),
        "Pinned lead story",
    ),
    "articles.Author": lambda s: (
        s.url,
        lambda: save(s.author, name="Ana Silva-Costa"),
        "Ana Silva-Costa",
    ),
    "articles.ArticleAuthor": lambda s: (
        s.url,
        lambda: ArticleAuthor.objects.create(
            article=s.article, author=Author.objects.create(name="Wei Fang", slug="wei"), position=1
        ),
        "Wei Fang",
    ),
    "articles.Disclaimer": lambda s: (
        s.url,
        lambda: save(s.disclaimer, body="New terms of reprint."),
        "New terms of reprint.",
    ),
    "articles.Photo": lambda s: (
        s.url,
        lambda: save(s.photo, credit="Renamed Photo Agency"),
        "Renamed Photo Agency",
    ),
    "articles.Section": lambda s: ("/", lambda: save(s.section, name="Whole World"), "Whole World"),
    "articles.Source": lambda s: (
        s.url,
        lambda: save(s.source, name="Renamed Wire"),
        "Renamed Wire",
    ),
    "articles.TaggedArticle": lambda s: (
        s.url,
        lambda: s.article.tags.add("Fresh tag"),
        "Fresh tag",
    ),
    "taggit.Tag": lambda s: (
        s.url,
        lambda: save(Tag.objects.get(name="Ports"), name="Harbours"),
        "Harbours",
    ),
    "pages.SiteSettings": lambda s: (
        "/",
        lambda: save(SiteSettings.load(), name="Renamed Daily"),
        "Renamed Daily",
    ),
    "pages.Link": lambda s: (
        "/links/",
        lambda: save(s.link, title="Renamed partner"),
        "Renamed partner",
    ),
}

# Deletions: the same pages, without something they showed.
DELETES: dict[str, Callable[[SimpleNamespace], tuple[str, Callable[[], None], str]]] = {
    "articles.Correction": lambda s: (
        s.url,
        Correction.objects.create(article=s.article, text="A note soon removed.").delete,
        "A note soon removed.",
    ),
    "articles.ArticlePhoto": lambda s: (s.url, s.usage.delete, s.photo.caption),
    "pages.Link": lambda s: ("/links/", s.link.delete, "Partner site"),
    "articles.TaggedArticle": lambda s: (s.url, lambda: s.article.tags.remove("Ports"), ">Ports<"),
    "articles.ArticleAuthor": lambda s: (
        s.url,
        lambda: ArticleAuthor.objects.filter(author=s.author).delete(),
        "Ana Silva",
    ),
}


def seen(response) -> str:
    return response.content.decode() + response.get("Location", "")


def test_every_registered_model_has_an_edit_test():
    """Registering a model means saying here how readers see it change."""
    assert set(EDITS) == {model._meta.label for model in registry.invalidating_models()}


@pytest.fixture(params=["reader", "staff"])
def visitor(request, client, editor):
    """A reader (page cache and fragments) or signed-in staff (fragments only)."""
    if request.param == "staff":
        client.force_login(editor)
    return SimpleNamespace(client=client, reader=request.param == "reader")


def check_change(visitor, path: str, change: Callable[[], None], *, shows=None, hides=None):
    first = visitor.client.get(path)
    assert first.status_code in {200, 301}
    again = visitor.client.get(path)
    if visitor.reader:
        assert again["X-Page-Cache"] == "hit"
    assert seen(again) == seen(first)
    change()
    after = visitor.client.get(path)
    if visitor.reader:
        assert after["X-Page-Cache"] == "miss"
    if shows is not None:
        assert shows not in seen(first)
        assert shows in seen(after)
    if hides is not None:
        assert hides in seen(first)
        assert hides not in seen(after)


@pytest.mark.parametrize("label", sorted(EDITS))
def test_an_edit_of_each_registered_model_changes_the_reader_page(scene, visitor, label):
    path, change, expected = EDITS[label](scene)
    check_change(visitor, path, change, shows=expected)


@pytest.mark.parametrize("label", sorted(DELETES))
def test_a_deletion_changes_the_reader_page(scene, visitor, label):
    path, change, gone = DELETES[label](scene)
    check_change(visitor, path, change, hides=gone)


def test_many_to_many_changes_without_save_signals_invalidate(scene, client):
    """``article.photos.add()`` writes its through table in bulk: no save signal."""
    from .factories import make_photo

    extra = make_photo(caption="Added in bulk")
    client.get(scene.url)
    scene.article.photos.add(extra, through_defaults={"position": 5})
    assert ArticlePhoto.objects.filter(photo=extra).exists()
    assert "Added in bulk" in client.get(scene.url).content.decode()
