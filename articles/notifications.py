"""E-mail about the workflow: who is told when a story moves.

* submitted for review: the editors (everyone who may publish), but not the sender;
* published or scheduled: the writer who created it;
* sent back to draft: the writer, with the editor's note.

Sent with Django's mail framework (the console backend while developing) once the save
has been committed, so a message never announces a change that was rolled back; a send
that fails is logged and never undoes or breaks the save.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from newsroom.site import get_sitewide
from newsroom.site_url import absolute_url

from .models import Article, ArticleEvent, EventAction

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "articles.publish_article"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"  # groups and user permissions
TEMPLATES = {
    EventAction.SUBMITTED: "articles/emails/submitted.txt",
    EventAction.PUBLISHED: "articles/emails/published.txt",
    EventAction.SCHEDULED: "articles/emails/published.txt",
    EventAction.RETURNED: "articles/emails/returned.txt",
}
SUBJECTS = {
    EventAction.SUBMITTED: "Waiting for review: {title}",
    EventAction.PUBLISHED: "Published: {title}",
    EventAction.SCHEDULED: "Scheduled: {title}",
    EventAction.RETURNED: "Sent back to you: {title}",
}


def editors_to_tell(actor_id: int | None) -> list[str]:
    User = get_user_model()
    editors = User.objects.with_perm(PUBLISH_PERMISSION, backend=MODEL_BACKEND)
    return sorted(
        {email for pk, email in editors.values_list("pk", "email") if email and pk != actor_id}
    )


def recipients(article: Article, event: ArticleEvent) -> list[str]:
    actor_id = event.user_id
    if event.action == EventAction.SUBMITTED:
        return editors_to_tell(actor_id)
    writer = article.created_by
    if writer is None or not writer.email or not writer.is_active or writer.pk == actor_id:
        return []
    return [writer.email]


def messages_for(
    article: Article, events: Iterable[ArticleEvent], note: str = ""
) -> list[EmailMessage]:
    site = get_sitewide().settings
    admin_url = absolute_url(reverse("admin:articles_article_change", args=[article.pk]))
    found = []
    for event in events:
        if event.action not in TEMPLATES or not (to := recipients(article, event)):
            continue
        who = event.user.get_full_name() or event.user.get_username() if event.user else ""
        context = {
            "article": article,
            "event": event,
            "who": who or "The newsroom",
            "note": note,
            "admin_url": admin_url,
            "public_url": absolute_url(article.get_absolute_url()),
            "site": site,
        }
        subject = f"[{site.name}] " + SUBJECTS[event.action].format(title=article.title)
        body = render_to_string(TEMPLATES[event.action], context)
        found.append(EmailMessage(subject[:200].replace("\n", " "), body, to=to))
    return found


def notify(*, article: Article, events: Iterable[ArticleEvent], note: str = "") -> None:
    """Send the e-mails these workflow events call for, after the current transaction
    commits. Never raises."""
    events = list(events)
    if not any(event.action in TEMPLATES for event in events):
        return

    def send() -> None:
        try:
            messages = messages_for(article, events, note)
            if messages:
                get_connection().send_messages(messages)
        except Exception:  # a mail server's failure must not fail the save it follows
            logger.exception("workflow e-mail not sent for article %s", article.pk)

    transaction.on_commit(send, robust=True)
