"""Browser tests: Python Playwright driving Debian's Chromium against `live_server`.

One Chromium for the package; a fresh context (cookies, storage) for every test. The
live server does not serve uploads, so the tests answer /media/ from MEDIA_ROOT
themselves; every other request goes to the live server, and a request anywhere else
fails the test (reader pages load nothing from third parties).
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from ..checkers import CHROMIUM, CHROMIUM_ARGS, required
from ..reader_site import ReaderSite, build_reader_site

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="package")
def browser() -> Browser:
    required(CHROMIUM, "Chromium")
    # Playwright's sync API keeps an asyncio loop running in this thread. Django then
    # refuses ORM calls (they are synchronous here, so the check is lifted), and files
    # database connections per async context instead of per thread: the tests are handed
    # the connections pytest-django set up, or they would open new ones of their own.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    held = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in held.items():
        connections[alias] = connection
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _migrated_data(django_db_serialized_rollback):
    """Each test starts with what migrations made (the staff groups among them): tests
    against a live server commit, and the tables are emptied after each one."""


@pytest.fixture
def reader_site(transactional_db) -> ReaderSite:
    return build_reader_site()


class Visits:
    """What the browser asked for: every outside request is recorded and refused."""

    def __init__(self, base_url: str, media_root: Path):
        self.base = urlsplit(base_url)
        self.media_root = media_root
        self.outside: list[str] = []

    def handle(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in {"data", "blob"}:
            route.continue_()
        elif url.netloc != self.base.netloc:
            self.outside.append(route.request.url)
            route.abort()
        elif url.path.startswith("/media/"):
            self.serve_media(route, unquote(url.path.removeprefix("/media/")))
        else:
            route.continue_()

    def serve_media(self, route: Route, name: str) -> None:
        file = (self.media_root / name).resolve()
        if not file.is_relative_to(self.media_root.resolve()) or not file.is_file():
            route.fulfill(status=404, body="not found")
            return
        route.fulfill(path=file, content_type=mimetypes.guess_type(file.name)[0])


def new_context(browser: Browser, live_server, settings, **options) -> BrowserContext:
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    visits = Visits(live_server.url, Path(settings.MEDIA_ROOT))
    context.route("**/*", visits.handle)
    context.visits = visits
    return context


@pytest.fixture
def context(browser, live_server, settings) -> BrowserContext:
    context = new_context(browser, live_server, settings)
    yield context
    context.close()
    assert context.visits.outside == [], "requests left the site"


def watched_page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.script_errors = []  # scripts' exceptions and console errors, checked at the end
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda message: console_error(page, message))
    return page


@pytest.fixture
def page(context) -> Page:
    page = watched_page(context)
    yield page
    assert page.script_errors == [], "the page logged errors"


@pytest.fixture
def open_page(browser, live_server, settings):
    """A page in a context of its own (a phone, dark mode, clipboard rights...), checked
    like ``page``: nothing requested outside the site, no script errors."""
    pages: list[Page] = []

    def open_page(**options) -> Page:
        pages.append(watched_page(new_context(browser, live_server, settings, **options)))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()
    for page in pages:
        assert page.context.visits.outside == [], "requests left the site"
        assert page.script_errors == [], "the page logged errors"


def console_error(page: Page, message) -> None:
    # Chromium logs an error for every 4xx/5xx response, the 404 page's own included:
    # the status codes are asserted where they matter.
    if message.type == "error" and "Failed to load resource" not in message.text:
        page.script_errors.append(message.text)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
