"""Revision history for editors: readable differences and one-step restores."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

import reversion
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from reversion.errors import RevertError
from reversion.models import Version

from .models import Article, EventAction
from .workflow import User, acting_user, record

COMPARED_FIELDS = [("title", "Headline"), ("summary", "Summary"), ("body", "Body")]
# What a restore brings back is the story; where and whether it is published stays
# as it is now (those are separate, audited decisions), and so does its address.
KEPT_ON_RESTORE = ["slug", "status", "published_at", "created_at", "created_by_id"]

_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|pre|tr)>|<br\s*/?>", re.IGNORECASE)
# A word with the whitespace after it, so differences read as whole words.
_WORDS = re.compile(r"\S+\s*|\s+")


class RestoreError(Exception):
    """A version that cannot be restored (e.g. saved under an older model)."""


@dataclass(frozen=True)
class FieldDiff:
    label: str
    html: SafeString
    changed: bool


def readable_text(html: str) -> str:
    """Body HTML as plain text, one paragraph per line, for comparing."""
    text = _BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")
    return "\n".join(line.strip() for line in strip_tags(text).splitlines() if line.strip())


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with insertions in <ins> and deletions in <del>, every word escaped."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[a1:a2])))
            continue
        if op in {"delete", "replace"}:
            out.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if op in {"insert", "replace"}:
            out.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


def check_compatible(version: Version) -> None:
    """Refuse versions saved under a different set of article fields.

    Deserialising would silently drop unknown fields and leave missing ones at their
    defaults (an empty headline, say); a clear refusal is better.
    """
    try:
        stored = set(json.loads(version.serialized_data)[0]["fields"])
    except (ValueError, LookupError, TypeError) as exc:
        raise RestoreError("This version's data is unreadable.") from exc
    missing, unknown = _field_gaps(version, stored)
    if missing or unknown:
        details = "; ".join(
            part
            for part in (
                f"missing {', '.join(sorted(missing))}" if missing else "",
                f"unknown {', '.join(sorted(unknown))}" if unknown else "",
            )
            if part
        )
        raise RestoreError(
            f"This version was saved when articles had different fields ({details}); "
            "it cannot be restored."
        )


def _field_gaps(version: Version, stored: set[str]) -> tuple[set[str], set[str]]:
    """Fields the model needs that the version lacks, and fields the model no longer has.

    A field added since the version was saved is not missing when it has a default or
    may be empty: the restore keeps its current value (see ``restore_version``).
    """
    model = version.content_type.model_class()
    fields = [f for f in model._meta.local_fields if not f.primary_key]
    expected = {f.name for f in fields}
    optional = {f.name for f in model._meta.local_many_to_many}
    fillable = {f.name for f in fields if f.null or f.has_default()}
    return expected - stored - fillable, stored - expected - optional


def _added_since(version: Version) -> list[str]:
    stored = set(json.loads(version.serialized_data)[0]["fields"])
    model = version.content_type.model_class()
    return [f.name for f in model._meta.local_fields if not f.primary_key and f.name not in stored]


def field_values(version: Version) -> dict:
    check_compatible(version)
    try:
        return version.field_dict
    except RevertError as exc:
        raise RestoreError(str(exc)) from exc


def compare(old: Version, new: Version) -> list[FieldDiff]:
    before, after = field_values(old), field_values(new)
    diffs = []
    for name, label in COMPARED_FIELDS:
        a, b = str(before.get(name) or ""), str(after.get(name) or "")
        if name == "body":
            a, b = readable_text(a), readable_text(b)
        diffs.append(FieldDiff(label=label, html=word_diff(a, b), changed=a != b))
    return diffs


def restore_version(*, article: Article, version: Version, user: User) -> Article:
    """Bring back ``version``'s text as a new revision; refuse cleanly if it cannot be."""
    if str(version.object_id) != str(article.pk):
        raise RestoreError("That version belongs to another article.")
    for part in version.revision.version_set.all():
        check_compatible(part)
    kept_fields = [*KEPT_ON_RESTORE, *_added_since(version)]
    kept = {field: getattr(article, field) for field in kept_fields}
    edit_version = article.edit_version
    try:
        with transaction.atomic(), reversion.create_revision():
            version.revision.revert(delete=True)
            restored = Article.objects.get(pk=article.pk)
            for field, value in kept.items():
                setattr(restored, field, value)
            restored.edit_version = edit_version
            restored.updated_by = acting_user(user)
            restored.save()  # a new revision, a new edit version, a fresh modified date
            saved_on = version.revision.date_created
            comment = f"Restored the version saved on {saved_on:%Y-%m-%d %H:%M} (#{version.pk})."
            reversion.set_user(restored.updated_by)
            reversion.set_comment(comment)
            record(article=restored, action=EventAction.RESTORED, user=user, note=comment)
    except (RevertError, IntegrityError, ProtectedError, Article.DoesNotExist) as exc:
        raise RestoreError(f"This version cannot be restored: {exc}") from exc
    return restored
