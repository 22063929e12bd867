"""Where a cold page's time goes: cProfile's top entries, printed by `make bench`.

The page is built in process with every cache off (the cold path a save leaves behind),
so the next person optimizing it starts from a profile rather than a guess.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import sysconfig

from django.test import Client
from django.test.utils import override_settings

from bench.harness import ROOT

# The project's own modules, not the libraries in the virtualenv.
PROJECT_CODE = "^" + re.escape(str(ROOT)) + r"/(?!\.venv)"
SITE_PACKAGES = sysconfig.get_paths()["purelib"] + "/"


def cold_profile(path: str, *, requests: int = 50, top: int = 15) -> str:
    """The top entries by own time and by cumulative time, for ``requests`` cold builds."""
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(NEWSROOM_PAGE_CACHE=False, NEWSROOM_FRAGMENT_CACHE=False):
        for _ in range(5):  # templates compiled, connections open
            client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(path)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"cold profile of {path}, {requests} requests, by own time:\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write("by cumulative time, this project's code:\n")
    stats.sort_stats("cumulative").print_stats(PROJECT_CODE, top)
    return out.getvalue().replace(str(ROOT) + "/", "").replace(SITE_PACKAGES, "")
