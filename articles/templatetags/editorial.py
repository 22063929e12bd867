"""The editors' dashboard on the admin home page: what is waiting for whom."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, ArticleStatus, scheduled_q

register = template.Library()


@register.inclusion_tag("admin/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context) -> dict:
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"counts": []}
    totals = Article.objects.aggregate(
        draft=Count("pk", filter=Q(status=ArticleStatus.DRAFT)),
        review=Count("pk", filter=Q(status=ArticleStatus.REVIEW)),
        scheduled=Count("pk", filter=scheduled_q()),
        mine=Count("pk", filter=Q(status=ArticleStatus.DRAFT, created_by=user.pk)),
    )
    changelist = reverse("admin:articles_article_changelist")
    rows = [
        ("review", _("Waiting for review"), "state=review"),
        ("scheduled", _("Scheduled"), "state=scheduled"),
        ("mine", _("My drafts"), "state=draft&mine=1"),
        ("draft", _("All drafts"), "state=draft"),
    ]
    return {
        "counts": [
            {"label": label, "count": totals[key], "url": f"{changelist}?{query}"}
            for key, label, query in rows
        ]
    }


@register.filter
def saved_by(revision) -> str:
    """Who saved a revision: a name, or "system import" for the command and the wire."""
    user = revision.user
    if user is None:
        return _("system import")
    return user.get_full_name() or user.get_username()
