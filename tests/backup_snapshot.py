"""Everything a backup must carry, as plain data: every row of every table, every media
file's hash, and what search finds. Run in this process and in a restored one, compared."""

from __future__ import annotations

import hashlib
import json

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder

from newsroom.backup import media_names

SEARCH_WORD = "harbour"


def snapshot() -> dict:
    from articles.search import search

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager.order_by("pk").values()
        tables[model._meta.label] = json.loads(json.dumps(list(rows), cls=DjangoJSONEncoder))
    media = {}
    for name in media_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            media[name] = hashlib.sha256(handle.read()).hexdigest()
    return {
        "tables": tables,
        "media": media,
        "search": list(search(SEARCH_WORD).values_list("pk", flat=True)),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print("SNAPSHOT " + json.dumps(snapshot()))
