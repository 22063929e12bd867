"""API test helpers: tokens for the roles, and a client that sends one."""

from __future__ import annotations

import pytest
from django.test import Client

from api.models import ApiToken


def token_client(key: str) -> Client:
    """A client that authenticates every request with ``key``, as a staff tool does."""
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def writer_key(writer) -> str:
    return ApiToken.issue(user=writer, name="writer's tool")[1]


@pytest.fixture
def editor_key(editor) -> str:
    return ApiToken.issue(user=editor, name="editor's tool")[1]


@pytest.fixture
def writer_api(writer_key) -> Client:
    return token_client(writer_key)


@pytest.fixture
def editor_api(editor_key) -> Client:
    return token_client(editor_key)
