"""The admin home page's inbox: Contact Us messages nobody has read yet."""

from django import template
from django.urls import reverse

from pages.models import ContactMessage

register = template.Library()


@register.inclusion_tag("admin/inbox.html", takes_context=True)
def unread_messages(context) -> dict:
    if not context["request"].user.has_perm("pages.view_contactmessage"):
        return {"show": False}
    status = ContactMessage.Status.NEW
    return {
        "show": True,
        "count": ContactMessage.objects.filter(status=status).count(),
        "url": f"{reverse('admin:pages_contactmessage_changelist')}?status__exact={status}",
    }
