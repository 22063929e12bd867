"""Our apps depend one way (DESIGN.md): ``reprints`` uses ``articles``, ``pages`` uses
``articles``, and no two apps import each other, directly or through a third."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "pages", "reprints", "caching", "api", "wordpress", "sitearchive")


def imported_apps(app: str) -> dict[str, list[str]]:
    """Which of our other apps ``app``'s code imports, with the files that do."""
    found: dict[str, list[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue  # frozen history: a migration may name another app's models
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in APPS and top != app:
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_no_two_apps_import_each_other():
    graph = {app: imported_apps(app) for app in APPS}
    for app, targets in graph.items():
        for target, files in targets.items():
            assert app not in graph[target], (
                f"{app} imports {target} ({files[0]}) and {target} imports {app} "
                f"({graph[target][app][0]})"
            )


def test_the_dependencies_have_no_cycle():
    graph = {app: set(imported_apps(app)) for app in APPS}
    done: set[str] = set()

    def visit(app: str, path: tuple[str, ...]) -> None:
        assert app not in path, " -> ".join((*path, app))
        if app in done:
            return
        for target in graph[app]:
            visit(target, (*path, app))
        done.add(app)

    for app in APPS:
        visit(app, ())


def test_articles_is_the_heart_and_imports_none_of_the_others():
    assert imported_apps("articles").keys() <= {"caching"}


# Built on the API: export_site writes the API's own JSON, with the API's serializers.
API_USERS = {"sitearchive"}


def test_no_app_imports_the_api():
    """The API reads and writes through the other apps; none of them knows it exists
    (only an app built on top of it, to reuse its JSON, may import it)."""
    for app in set(APPS) - API_USERS:
        assert "api" not in imported_apps(app), f"{app} imports api"
