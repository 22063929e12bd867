"""What apps contribute to the caches, registered in their ``AppConfig.ready()``.

The caching machinery knows no app, as Django's admin knows no model until
``admin.site.register()`` is called. Each app says here:

* which of its models change what readers see (``invalidate_on``), and which do not,
  with the reason (``exempt``) — the guard in ``caching.checks`` fails on any model of
  ours that is in neither list;
* which cached values a request will need, so they come back in its first round trip
  to the cache (``register_prefetch``);
* which navigation item a path is (``register_nav``): the site header is one cached
  fragment per item, so it must be known from the path alone, before any view runs;
* when its content next changes by itself (``register_schedule``): a scheduled
  article goes public with no edit, and no page may be kept past that moment.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest

Dependencies = Callable[[Model], Iterable[str] | None]
RelationDependencies = Callable[[Model, bool, "set[int] | None"], Iterable[str] | None]
Prefetcher = Callable[[HttpRequest], Iterable[str]]
NavResolver = Callable[[str], str | None]
Schedule = Callable[[], datetime.datetime | None]

_invalidating: dict[type[Model], None] = {}  # an ordered set
_exempt: dict[type[Model], str] = {}
_prefetchers: list[Prefetcher] = []
_nav_resolvers: list[NavResolver] = []
_schedules: list[Schedule] = []


# --- models ------------------------------------------------------------------------------


def invalidate_on(
    *models: type[Model],
    dependencies: Dependencies | None = None,
    delete_dependencies: Dependencies | None = None,
    relation_dependencies: RelationDependencies | None = None,
) -> None:
    """Saving or deleting a row of these models changes what readers see.

    ``dependencies(instance)`` names what the row is shown as (``caching.dependencies``):
    only cached values built from those go stale. Without it (or when it answers
    ``None``), everything does: right for rows every page shows, such as the site chrome.
    ``delete_dependencies`` answers for a deleted row when that differs;
    ``relation_dependencies(instance, reverse, pk_set)`` for ``add()``/``remove()`` on
    many-to-many relations through the model.

    Signals, not ``save()`` overrides: the admin, its bulk delete, the importer and the
    shell all pass through them. Writes that send no signal (``QuerySet.update()``,
    ``bulk_create()``) call ``caching.version.bump()`` themselves.
    """
    for model in models:
        if model in _exempt:
            raise ImproperlyConfigured(f"{model._meta.label} is registered as exempt.")
        label = model._meta.label
        saved = _receiver(dependencies)
        deleted = _receiver(delete_dependencies or dependencies)
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(
            deleted, sender=model, weak=False, dispatch_uid=f"caching-delete-{label}"
        )
        # ``add()``/``remove()``/``clear()`` on a many-to-many relation write its table
        # without save signals: the model's own tables, and the model as a through table.
        tables = [model] + [
            field.remote_field.through
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        related = _relation_receiver(relation_dependencies)
        for table in tables:
            uid = f"caching-m2m-{table._meta.label}"
            m2m_changed.connect(related, sender=table, weak=False, dispatch_uid=uid)
        _invalidating[model] = None


def _receiver(dependencies: Dependencies | None) -> Callable[..., None]:
    def changed(instance: Model, using: str | None = None, raw: bool = False, **_kw) -> None:
        from .version import bump  # the version module reads this registry's schedules

        names = dependencies(instance) if dependencies and not raw else None
        bump(*(names or ()), using=using)

    return changed


def _relation_receiver(dependencies: RelationDependencies | None) -> Callable[..., None]:
    def changed(instance: Model, action: str, reverse: bool, pk_set, using=None, **_kw) -> None:
        from .version import bump

        if action in {"post_add", "post_remove", "post_clear"}:
            names = dependencies(instance, reverse, pk_set) if dependencies else None
            bump(*(names or ()), using=using)

    return changed


def exempt(*models: type[Model], reason: str) -> None:
    """These models never show on a reader page (staff-only records, say): say why, so
    the guard can tell a deliberate choice from a forgotten registration."""
    if not reason.strip():
        raise ImproperlyConfigured("An exemption from page invalidation needs a reason.")
    for model in models:
        if model in _invalidating:
            raise ImproperlyConfigured(f"{model._meta.label} already invalidates pages.")
        _exempt[model] = reason


def invalidating_models() -> list[type[Model]]:
    return list(_invalidating)


def exempt_models() -> dict[type[Model], str]:
    return dict(_exempt)


# --- requests ----------------------------------------------------------------------------


def register_prefetch(keys_for: Prefetcher) -> None:
    """``keys_for(request)`` names cached values most requests like this one use; the
    page cache middleware fetches them with the content version, in one round trip."""
    if keys_for not in _prefetchers:
        _prefetchers.append(keys_for)


def prefetch_keys(request: HttpRequest) -> list[str]:
    return [key for keys_for in _prefetchers for key in keys_for(request)]


def register_nav(resolver: NavResolver) -> None:
    """``resolver(path)`` names the navigation item a path is ("newest", "section:world"),
    or ``None`` when the path is none of this app's items."""
    if resolver not in _nav_resolvers:
        _nav_resolvers.append(resolver)


def nav_state(path: str) -> str:
    """Which navigation item ``path`` is ("" for none): the site header varies on it."""
    for resolver in _nav_resolvers:
        item = resolver(path)
        if item is not None:
            return item
    return ""


# --- time --------------------------------------------------------------------------------


def register_schedule(next_change: Schedule) -> None:
    """``next_change()`` is the next moment this app's public content changes with no
    edit (a scheduled publication), or ``None``. It may query the database."""
    if next_change not in _schedules:
        _schedules.append(next_change)


def next_scheduled_change() -> datetime.datetime | None:
    moments = [moment for moment in (schedule() for schedule in _schedules) if moment]
    return min(moments, default=None)
