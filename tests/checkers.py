"""The outside checkers the reader tests run, found where `make test` installs them.

A missing checker fails the test with the reason and the command that installs it:
nothing here is skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "tools" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never a browser of Playwright's own
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INSTALL_HINT = "run `make e2e-deps` (as root: apt-get chromium, npm ci in tools/)"


def required(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}): {INSTALL_HINT}", pytrace=False)
    return path


def java() -> str:
    found = shutil.which("java")
    if found is None:
        pytest.fail(f"Java is needed for the Nu Html Checker: {INSTALL_HINT}", pytrace=False)
    return found


def vnu(files: list[Path]) -> list[dict]:
    """Every message the Nu Html Checker has about ``files`` (HTML, and CSS by suffix)."""
    jar = str(required(VNU_JAR, "vnu.jar"))
    result = subprocess.run(
        [java(), "-jar", jar, "--format", "json", "--stdout", "--also-check-css", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report (exit {result.returncode}): {result.stderr[-2000:]}")
