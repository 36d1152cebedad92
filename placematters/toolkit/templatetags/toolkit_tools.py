"""The `tool_links` tag: links from a checklist item to the tools that help with it."""

from django import template
from django.urls import reverse

from placematters.toolkit.tools import tool_links_for

register = template.Library()


@register.inclusion_tag("toolkit/includes/tool_links.html")
def tool_links(item, partnership) -> dict:
    links = [
        {
            "label": link.label,
            "url": reverse(link.url_name, args=[partnership.slug])
            + (f"#{link.fragment}" if link.fragment else ""),
        }
        for link in tool_links_for(item.content_key)
    ]
    return {"links": links}
