"""Template helpers available in every template (registered as builtins in settings)."""

import re

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip

TAG_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "table": "govuk-table",
}


def _add_classes(html: str) -> str:
    """Give sanitised elements the design system's classes (nh3 strips any class attribute)."""
    for tag, css in TAG_CLASSES.items():
        html = re.sub(rf"<{tag}(?=[\s>])", f'<{tag} class="{css}"', html)
    return html


@register.filter(is_safe=True)
def markdown(text: str | None) -> SafeString:
    """Render user-written Markdown as sanitised HTML (no raw HTML, no scripts, safe links).

    Headings are shifted down to level 3 and below so they never break the page's outline.
    """
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(_add_classes(clean))


STATUS_TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--light-blue",
    "done": "govuk-tag--green",
    "not_applicable": "govuk-tag--purple",
}


@register.inclusion_tag("web/includes/status_tag.html")
def status_tag(item) -> dict:
    return {"label": item.get_status_display(), "css": STATUS_TAG_CLASSES.get(item.status, "")}
