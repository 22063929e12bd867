"""axe-core finds no accessibility problem on any kind of reader page, in light and dark
mode, on a wide screen and at 320 pixels: WCAG 2.0, 2.1 and 2.2 A/AA and best practices."""

import pytest
from playwright.sync_api import Page

from ..checkers import AXE_JS, required
from .conftest import horizontal_overflow

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(required(AXE_JS, "axe-core")))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
        for violation in results["violations"]
    ]


@pytest.mark.parametrize(
    ("width", "scheme"), [(1280, "light"), (320, "dark")], ids=["wide-light", "narrow-dark"]
)
def test_axe_finds_no_violations_on_any_reader_page(open_page, reader_site, width, scheme):
    # axe is added to the page as a script: allowed whatever Content-Security-Policy says.
    page = open_page(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    problems = {}
    for kind, path in reader_site.paths.items():
        response = page.goto(path)
        assert response.status == reader_site.status(kind), kind
        assert horizontal_overflow(page) == 0, kind
        if violations := axe_violations(page):
            problems[kind] = violations

    page.goto(reader_site.paths["contact"])
    page.get_by_role("button", name="Send").click()  # nothing filled in: every error shown
    page.wait_for_selector(".field-error")
    if violations := axe_violations(page):
        problems["contact-with-errors"] = violations

    assert problems == {}, "\n".join(
        f"{kind}:\n  " + "\n  ".join(violations) for kind, violations in problems.items()
    )


def test_axe_really_reports_problems(open_page):
    page = open_page(bypass_csp=True)
    page.set_content(
        '<html><body><main><h1>x</h1><img src="data:,"><a href="/"></a>'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>'
    )
    found = "\n".join(axe_violations(page))
    for rule in ["html-has-lang", "image-alt", "link-name", "color-contrast"]:
        assert rule in found
