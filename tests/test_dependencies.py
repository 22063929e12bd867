"""The stamps cached values carry: what makes one current, and what never may."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from caching import version
from caching.dependencies import collecting, depends_on, fresh, stamp
from caching.fragments import MISSING, fragment_get, fragment_set_many, memoize

pytestmark = pytest.mark.django_db  # the schedule is read with the state


def test_a_value_is_fresh_until_one_of_its_dependencies_moves():
    with version.request_state(None):
        item = stamp({"article:1", "list:newest"})
    assert item is not None
    assert ("site", version.current_state().site) in item
    with version.request_state(None):
        assert fresh([item]) == [True]
    version.bump("article:2")  # something else
    with version.request_state(None):
        assert fresh([item]) == [True]
    version.bump("article:1")
    with version.request_state(None):
        assert fresh([item]) == [False]


def test_a_site_bump_makes_everything_stale():
    with version.request_state(None):
        item = stamp({"article:1"})
    version.bump()
    with version.request_state(None):
        assert fresh([item]) == [False]


def test_a_value_whose_dependency_moved_during_its_request_is_not_kept():
    """Rows read before an edit must never pass for current ones."""
    with version.request_state(None):
        version.current_state()  # the request begins: its clock is read
        version.bump("article:7")  # an editor saves while the page is being built
        fragment_set_many({"newsroom:fragment:test": (["article:7"], "old rows")})
        assert stamp({"article:7"}) is None
    with version.request_state(None):
        assert fragment_get("newsroom:fragment:test") is MISSING


def test_a_lost_version_never_revives_a_stale_value():
    """Redis may evict a version key: the value stamped before must stay stale."""
    version.bump("article:3")
    with version.request_state(None):
        fragment_set_many({"newsroom:fragment:card": (["article:3"], "before")})
    version.bump("article:3")
    cache.delete(version.version_key("article:3"))  # evicted
    with version.request_state(None):
        assert fragment_get("newsroom:fragment:card") is MISSING


def test_memoize_stamps_a_value_with_what_its_computation_declared():
    def card():
        depends_on("article:9")
        return "card 9"

    with version.request_state(None), collecting() as page:
        assert memoize("newsroom:fragment:card-9", card) == "card 9"
    assert page == {"article:9"}  # the page being built depends on it too
    with version.request_state(None), collecting() as page:
        assert memoize("newsroom:fragment:card-9", lambda: "recomputed") == "card 9"
    assert page == {"article:9"}  # reused: its dependencies still count
    version.bump("article:9")
    with version.request_state(None):
        assert memoize("newsroom:fragment:card-9", lambda: "recomputed") == "recomputed"


def test_a_page_that_declares_nothing_depends_on_every_change():
    with version.request_state(None):
        item = stamp(set(), page=True)
    version.bump("article:1")
    with version.request_state(None):
        assert fresh([item]) == [False]
