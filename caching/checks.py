"""The guard: every model of ours that readers can see invalidates pages, or says why not.

A model forgotten in ``registry.invalidate_on`` breaks pages in production only (where
the caches are on), silently, until the next unrelated edit. This check (``manage.py
check``, and ``tests/test_caching.py``) turns that into an error at the first run.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Iterable
from pathlib import Path

from django.apps import AppConfig, apps
from django.core.checks import CheckMessage, Error
from django.db.models import Model

from . import registry


def project_apps(app_configs: Iterable[AppConfig] | None = None) -> list[AppConfig]:
    """The apps of this project: not Django's, not installed libraries. (A library's
    model that readers see, such as taggit's ``Tag``, is registered by the app that
    shows it.)"""
    paths = sysconfig.get_paths()
    libraries = [Path(paths[name]).resolve() for name in ("stdlib", "purelib", "platlib")]
    configs = apps.get_app_configs() if app_configs is None else app_configs
    return [
        config
        for config in configs
        if not any(Path(config.path).resolve().is_relative_to(lib) for lib in libraries)
    ]


def unaccounted_models(app_configs: Iterable[AppConfig] | None = None) -> list[type[Model]]:
    """Models of our apps that are neither registered to invalidate pages nor exempt."""
    accounted = set(registry.invalidating_models()) | set(registry.exempt_models())
    missing = []
    for config in project_apps(app_configs):
        for model in config.get_models(include_auto_created=True):
            # An automatic many-to-many table follows the model that declares it.
            if (model._meta.auto_created or model) not in accounted:
                missing.append(model)
    return missing


def every_reader_model_is_accounted_for(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: object
) -> list[CheckMessage]:
    return [
        Error(
            f"{model._meta.label} neither invalidates reader pages nor is exempt.",
            hint=(
                "In its app's AppConfig.ready(), call caching.registry.invalidate_on("
                f"{model.__name__}) if readers can see it, else caching.registry.exempt("
                f"{model.__name__}, reason=...). See docs/caching.md."
            ),
            obj=model,
            id="caching.E001",
        )
        for model in unaccounted_models(app_configs)
    ]
