"""First-run setup for `make run`: demo content when empty, and an admin login to use."""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

from articles.models import Article
from newsroom.site_url import absolute_url


class Command(BaseCommand):
    help = (
        "Load demo content if there are no articles, and create a superuser if there is none "
        "(ADMIN_USERNAME / ADMIN_PASSWORD / ADMIN_EMAIL, else a random password printed once)."
    )

    def handle(self, *args, **options) -> None:
        if not Article.objects.exists():
            self.stdout.write("The database has no articles: loading demo content…")
            call_command("seed_demo", stdout=self.stdout, stderr=self.stderr)
        self.ensure_superuser()

    def ensure_superuser(self) -> None:
        """Create the first administrator, or say where to log in as the existing one."""
        User = get_user_model()
        # Wherever ADMIN_URL put it: a moved admin is exactly the one a newcomer cannot guess.
        admin_url = absolute_url(reverse("admin:index"))
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: {admin_url} (an administrator account already exists; "
                "reset a password with `.venv/bin/python manage.py changepassword USERNAME`)."
            )
            return
        username = os.environ.get("ADMIN_USERNAME") or "admin"
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("ADMIN_EMAIL") or f"{username}@example.org"
        User.objects.create_superuser(username=username, email=email, password=password)
        shown = "(from ADMIN_PASSWORD)" if os.environ.get("ADMIN_PASSWORD") else password
        line = "=" * 64
        self.stdout.write(
            self.style.SUCCESS(
                f"{line}\n Admin login created — this password is shown only once:\n"
                f"   URL:      {admin_url}\n   Username: {username}\n   Password: {shown}\n{line}"
            )
        )
