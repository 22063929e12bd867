"""Crediting our own writers: who a new story starts credited to, and what the admin's
author list shows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Author


def own_author(user: AbstractBaseUser | AnonymousUser | None) -> Author | None:
    """The author profile of a staff account, if it has one: a writer's new article is
    credited to them from the start (they can still change it)."""
    if user is None or not user.is_authenticated:
        return None
    return Author.objects.filter(user=user).first()
