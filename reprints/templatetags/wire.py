"""The wire's panel on the admin home page: what waits in the inbox, which feeds fail."""

from django import template
from django.urls import reverse

from reprints.models import Feed, IngestItem, ItemStatus

register = template.Library()

FAILING_SHOWN = 5


@register.inclusion_tag("admin/reprints/wire_dashboard.html", takes_context=True)
def wire_dashboard(context) -> dict:
    user = context["request"].user
    if not user.has_perm("reprints.view_ingestitem"):
        return {"show": False}
    failing = Feed.objects.filter(active=True, consecutive_failures__gt=0).select_related("source")
    return {
        "show": True,
        "new_items": IngestItem.objects.filter(status=ItemStatus.NEW).count(),
        "inbox_url": f"{reverse('admin:reprints_ingestitem_changelist')}?status__exact=new",
        "failing": list(failing.order_by("-consecutive_failures", "pk")[:FAILING_SHOWN]),
        "failing_count": failing.count(),
        "feeds_url": f"{reverse('admin:reprints_feed_changelist')}?health=failing",
        "can_see_feeds": user.has_perm("reprints.view_feed"),
    }
