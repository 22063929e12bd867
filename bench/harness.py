"""What the HTTP benchmarks share: gunicorn started with production settings, wrk driven
from a second process on 127.0.0.1, and the workers' memory read from /proc."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def app_env(name: str, page_cache: bool) -> dict[str, str]:
    """What a benchmark's app servers share: Redis (a key prefix of their own, so no run
    sees another's pages) and persistent database connections."""
    return {
        "PAGE_CACHE": "true" if page_cache else "false",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "CACHE_KEY_PREFIX": f"{name}-{uuid.uuid4().hex[:8]}",
        "CONN_MAX_AGE": "600",
        # wrk is one client address: the API's anonymous rate limit would measure itself.
        "API_ANON_RATE": "",
    }


def write_result(name: str, result: dict) -> Path:
    """bench/results/<name>.json (or BENCH_OUT), for comparing runs."""
    out = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "results" / f"{name}.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out}")
    return out


def ensure_tool(command: str, package: str) -> str:
    """The path of a Debian-packaged tool, installing the package when it is missing."""
    path = shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")
    if path:
        return path
    print(f"installing {package} (apt-get)…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, capture_output=True)
    path = shutil.which(command, path="/usr/sbin:/usr/bin:" + os.environ.get("PATH", ""))
    if not path:
        raise SystemExit(f"{command} is not available after installing {package}")
    return path


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:]

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_memory(self) -> dict[str, int]:
        """Current and peak resident memory of the workers, in KiB (summed)."""
        current = peak = 0
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            current += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            peak += int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
        return {"rss_kib": current, "peak_kib": peak}

    def worker_cpu_ticks(self) -> int:
        total = 0
        for pid in self.worker_pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total

    def wait_until_idle(self, quiet: float = 0.5, seconds: float = 300) -> None:
        """A sync worker goes on serving the requests wrk abandoned when its run ended (a
        queue of 5-second sitemap builds) before it takes new ones; measuring the next page
        at once would measure that backlog instead."""
        deadline = time.monotonic() + seconds
        before = self.worker_cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.worker_cpu_ticks()
            if now - before <= 1:
                return
            before = now
        raise SystemExit(f"gunicorn at {self.url} was still busy after {seconds}s")


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, port: int | None = None):
    """gunicorn as production runs it; its log (one line per request) goes to a file, so
    a full pipe can never stall a worker."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in the finally below
        prefix="newsroom-gunicorn-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
         "--max-requests", "0"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log,
    )  # fmt: skip
    server = Server(f"http://{HOST}:{port}", process, Path(log.name))
    try:
        wait_until_up(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def wait_until_up(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/robots.txt", timeout=2) as response:  # noqa: S310
                response.read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {server.url} within {seconds}s")


def fetch(url: str) -> tuple[int, bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.read(), dict(response.headers)


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    def as_dict(self) -> dict:
        return asdict(self)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    threads: int = 2,
    script: Path | None = None,
) -> WrkResult:
    return wrk_run(url, seconds=seconds, connections=connections, threads=threads,
                   script=script)[0]  # fmt: skip


def wrk_run(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    threads: int = 2,
    script: Path | None = None,
) -> tuple[WrkResult, str]:
    """wrk's figures, and what it printed (a script's ``done()`` may add its own)."""
    command = [ensure_tool("wrk", "wrk"), f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
               "--latency", "--timeout", "10s"]  # fmt: skip
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if not requests or "50" not in latency:
        raise SystemExit(f"wrk completed no requests against {url} in {seconds}s:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    result = WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=requests,
        errors=errors,
    )
    return result, output
