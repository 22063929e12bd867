"""Per-user API tokens: shown once, stored as a hash, revocable, optionally expiring."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A key reads ``nr_<prefix>_<secret>``: the prefix finds the row, the hash proves the key.
KEY_PREFIX = "nr"
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token: a busy tool must not make every
# request a database write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    """SHA-256 of the whole key. The key is 256 random bits, so a fast hash is enough: no
    one can guess their way to a stored hash (unlike passwords, which need a slow one)."""
    return hashlib.sha256(key.encode()).hexdigest()


def split_key(key: str) -> str | None:
    """The lookup prefix of a well-formed key, else None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != PREFIX_LENGTH:
        return None
    return parts[1]


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        """Not revoked, not expired, and its user still active."""
        now = timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            revoked_at__isnull=True,
            user__is_active=True,
        )


class ApiToken(models.Model):
    """A key a staff member's tool uses to act as them through the API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("The token acts with this user's permissions, no more."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_('What uses it, e.g. "Newsletter builder".')
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: until revoked.")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    @classmethod
    def issue(cls, *, user, name: str, expires_at: datetime.datetime | None = None):
        """Create a token; returns ``(token, key)``. The key exists only in this return
        value: show it once, it cannot be read back."""
        token = cls(user=user, name=name, expires_at=expires_at)
        key = token.set_new_key()
        token.save()
        return token, key

    def set_new_key(self) -> str:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        self.prefix, self.key_hash = prefix, hash_key(key)
        return key

    def matches(self, key: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_key(key))

    def is_usable(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Record a use, at most once per ``LAST_USED_RESOLUTION``."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
