"""`make audit` (part of `make check`) fails on a known-vulnerable pin and passes ours.

The advisories come from a local OSV-compatible server holding one recorded advisory
(Django's CVE-2023-31047, fixed in 4.2.1), because this workplace reaches neither OSV nor
PyPI's per-release JSON; wherever they answer, the same target asks them instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent

ADVISORIES = [
    {
        "schema_version": "1.4.0",
        "id": "NEWSROOM-TEST-2023-31047",
        "aliases": ["CVE-2023-31047"],
        "summary": "Potential bypass of validation when uploading multiple files using one "
        "form field",
        "published": "2023-05-07T02:15:09Z",
        "affected": [
            {
                "package": {"name": "django", "ecosystem": "PyPI"},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [
                            {"introduced": "3.2"},
                            {"fixed": "3.2.19"},
                            {"introduced": "4.1"},
                            {"fixed": "4.1.9"},
                            {"introduced": "4.2"},
                            {"fixed": "4.2.1"},
                        ],
                    }
                ],
            }
        ],
    }
]


def affects(advisory: dict, name: str, version: str) -> bool:
    """OSV's matching: the version lies in an [introduced, fixed) range of the package."""
    wanted = Version(version)
    for affected in advisory["affected"]:
        if affected["package"]["name"] != name:
            continue
        for ranges in affected["ranges"]:
            introduced = None
            for event in ranges["events"]:
                if "introduced" in event:
                    introduced = Version(event["introduced"])
                elif "fixed" in event and introduced is not None:
                    if introduced <= wanted < Version(event["fixed"]):
                        return True
                    introduced = None
    return False


class OsvHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name, version = query["package"]["name"], query["version"]
        vulns = [a for a in ADVISORIES if affects(a, name, version)]
        body = json.dumps({"vulns": vulns} if vulns else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def osv_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsvHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query"
    server.shutdown()
    server.server_close()


def our_pins(tmp_path: Path) -> Path:
    """The dependencies exactly as installed from pyproject.toml's ranges."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = tmp_path / "requirements.txt"
    # The project itself is installed from its folder ("newsroom @ file://..."): no pin.
    path.write_text("\n".join(line for line in frozen.splitlines() if " @ " not in line))
    return path


def make_audit(requirements: Path, osv_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            shutil.which("make") or "make",
            "-s",
            "audit",
            f"AUDIT_REQUIREMENTS={requirements}",
            f"PIP_AUDIT_FLAGS=-s osv --osv-url {osv_url} --cache-dir {tmp_path / 'cache'}",
            "AUDIT_STRICT=1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_fake_advisory_source_matches_like_osv():
    assert affects(ADVISORIES[0], "django", "4.2.0")
    assert affects(ADVISORIES[0], "django", "3.2.18")
    assert not affects(ADVISORIES[0], "django", "4.2.1")
    assert not affects(ADVISORIES[0], "django", "5.2.8")


def test_our_pins_pass_the_audit(tmp_path, osv_url):
    result = make_audit(our_pins(tmp_path), osv_url, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No known vulnerabilities found" in result.stdout + result.stderr


def test_a_known_vulnerable_pin_fails_the_audit(tmp_path, osv_url):
    pins = our_pins(tmp_path)
    lines = pins.read_text().splitlines()
    assert any(line.lower().startswith("django==5.2.") for line in lines)
    pins.write_text(
        "\n".join(
            "Django==4.2.0" if line.lower().startswith("django==") else line for line in lines
        )
    )
    result = make_audit(pins, osv_url, tmp_path)
    assert result.returncode != 0
    assert "django 4.2.0   CVE-2023-31047" in result.stdout
    assert "4.2.1" in result.stdout  # the fixed version, to upgrade to
