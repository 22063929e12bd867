"""``{% url %}`` remembered per process (``newsroom.addresses``), for reader templates.

``{% load addresses %}`` replaces Django's tag in the template that loads it, with the
same syntax and answers: a cold page renders the same handful of addresses (feeds, tag
pages) on every request, and resolving each took longer than the rest of its line.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from newsroom.addresses import reverse

register = template.Library()


class RememberedURLNode(URLNode):
    def render(self, context) -> str:
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        try:
            url = reverse(
                self.view_name.resolve(context),
                args=[arg.resolve(context) for arg in self.args],
                kwargs={key: value.resolve(context) for key, value in self.kwargs.items()},
                current_app=current_app,
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token) -> RememberedURLNode:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
