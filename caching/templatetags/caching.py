"""``{% fragment %}``: part of a template rendered once per change of the site chrome."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader_tags import BlockNode

from caching.fragments import memoize, template_fragment_key

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, vary_on: list[FilterExpression]):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context: Context) -> str:
        values = [variable.resolve(context) for variable in self.vary_on]
        key = template_fragment_key(self.name, *values)
        # Kept even with FRAGMENT_CACHE off, as the chrome's data is: every page shows it
        # and only a chrome edit changes it. Not while developing (DEBUG), where the
        # template itself changes and the key would not notice.
        return memoize(key, lambda: self.nodelist.render(context), always=not settings.DEBUG)


@register.tag
def fragment(parser: Parser, token: Token) -> FragmentNode:
    """``{% fragment "header" var... %}…{% endfragment %}``: rendered once per content
    change of the site (``site``) and per value of the variables, like Django's
    ``{% cache %}`` but exact: an edit of the site chrome makes it fresh.

    What it renders may depend only on public content (``site``) and on the variables
    it names. So no ``{% block %}`` inside: a child template overriding it would change
    the output while the key stays the same, and one page's version would be served on
    every other page. Pass what varies as a variable instead.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    blocks = nodelist.get_nodes_by_type(BlockNode)
    if blocks:
        raise template.TemplateSyntaxError(
            f"{{% block {blocks[0].name} %}} inside {{% fragment {name!r} %}}: a page that "
            "overrides it would not change the fragment's key. Vary the fragment on a "
            "variable instead."
        )
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
