"""The API's documentation page in a real browser, under the site's own CSP: Swagger UI
loads from our static files only (the ``context`` fixture refuses any other address),
logs no error (a CSP refusal is one), renders every operation and can call the API."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("reader_site")


def test_the_api_docs_work_under_the_csp(page):
    violations: list[str] = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text
        and violations.append(message.text)
    )  # fmt: skip
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Newsroom API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 10
    expect(page.get_by_text("/api/v1/articles/", exact=True).first).to_be_visible()
    # Try one call from the page: the answer comes back through connect-src 'self'.
    page.locator(".opblock-get", has_text="/api/v1/sections/").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )
    assert violations == []
