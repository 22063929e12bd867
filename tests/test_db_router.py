"""Read replicas: readers' queries may go to a replica; writes and staff stay on the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db(
    databases=["default", "replica_test"], transaction=True, serialized_rollback=True
)


@pytest.fixture(autouse=True)
def _replica(settings):
    settings.NEWSROOM_DATABASE_REPLICAS = ["replica_test"]


def queries_on_each(client, method: str, path: str, **kwargs) -> tuple[int, int, object]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_test"]) as replica,
    ):
        response = getattr(client, method)(path, **kwargs)
    return len(primary), len(replica), response


def test_anonymous_readers_read_from_the_replica(client):
    article = make_article(title="Replicated")
    client.get("/")  # a reader's request writes nothing (not even the settings row)
    primary, replica, response = queries_on_each(client, "get", article.get_absolute_url())
    assert response.status_code == 200
    assert replica > 0
    assert primary == 0


def test_admin_and_signed_in_staff_use_the_primary(client, editor):
    article = make_article()
    client.force_login(editor)
    for path in ["/admin/articles/article/", article.get_absolute_url(), "/"]:
        primary, replica, response = queries_on_each(client, "get", path)
        assert response.status_code == 200, path
        assert replica == 0, path
        assert primary > 0, path


def test_writes_go_to_the_primary(client):
    _primary, replica, response = queries_on_each(
        client,
        "post",
        "/contact/",
        data={"name": "A", "email": "a@example.org", "subject": "Hi", "message": "Hello"},
    )
    assert response.status_code == 302
    assert replica == 0


def test_outside_a_request_everything_uses_the_primary():
    make_article()
    with CaptureQueriesContext(connections["replica_test"]) as replica:
        assert Article.objects.published().count() == 1
    assert len(replica) == 0
