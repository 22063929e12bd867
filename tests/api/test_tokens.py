"""API tokens: hashed at rest, shown once, expiring, revocable, header-only."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone

from api.models import ApiToken

from .conftest import token_client

pytestmark = pytest.mark.django_db

DESK = "/api/v1/desk/articles/"


def test_only_a_hash_of_the_key_is_stored(writer):
    token, key = ApiToken.issue(user=writer, name="tool")
    row = ApiToken.objects.values().get(pk=token.pk)
    assert key not in str(row)
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(f"nr_{row['prefix']}_")


def test_a_token_acts_as_its_user(writer_api):
    assert writer_api.get(DESK).status_code == 200


def test_use_is_recorded(writer, writer_key):
    token_client(writer_key).get(DESK)
    assert ApiToken.objects.get(user=writer).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Token nr_deadbeef_wrong", "Token garbage", "Bearer nr_x_y", "Token a b"],
)
def test_wrong_keys_are_401(writer_key, header, client):
    response = client.get(DESK, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_key_with_another_secret_but_the_same_prefix_is_refused(writer_key, client):
    forged = writer_key[:-4] + ("AAAA" if not writer_key.endswith("AAAA") else "BBBB")
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {forged}").status_code == 401


def test_bearer_scheme_also_works(writer_key, client):
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Bearer {writer_key}").status_code == 200


def test_expired_tokens_are_refused(writer, client):
    _token, key = ApiToken.issue(
        user=writer, name="old", expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_revoked_tokens_are_refused(writer, client):
    token, key = ApiToken.issue(user=writer, name="tool")
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    token.revoke()
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_deactivated_or_demoted_user_token_stops_working(writer, client):
    _token, key = ApiToken.issue(user=writer, name="tool")
    writer.is_staff = False
    writer.save()
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    writer.is_staff, writer.is_active = True, False
    writer.save()
    assert client.get(DESK, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_key_in_the_query_string_is_not_a_credential(writer_key, client):
    assert client.get(f"{DESK}?token={writer_key}").status_code == 401
    assert client.get(f"{DESK}?key={writer_key}").status_code == 401


def test_no_token_no_desk(client):
    response = client.get(DESK)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_admin_shows_the_key_once_and_keeps_only_its_hash(client, superuser, writer):
    client.force_login(superuser)
    response = client.post(
        "/admin/api/apitoken/add/", {"user": writer.pk, "name": "Newsletter", "expires_at": ""}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Newsletter")
    key = response.context["key"]
    assert key in response.content.decode()
    assert token.matches(key)
    assert "no-store" in response["Cache-Control"]
    # Never again: the change page shows the prefix only.
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert key not in page
    assert f"nr_{token.prefix}_" in page
    assert token_client(key).get(DESK).status_code == 200


def test_the_admin_revokes(client, superuser, writer):
    token, key = ApiToken.issue(user=writer, name="tool")
    client.force_login(superuser)
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_client(key).get(DESK).status_code == 401
