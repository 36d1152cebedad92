"""Template tags other apps use to show engagement beside their own records."""

from django import template

from placematters.engagement import presenters, queries

register = template.Library()


@register.simple_tag
def heard_for_action(partnership, action) -> list[dict]:
    """What was heard that a plan action answers, as it may be shown (quotes need consent)."""
    return [
        {
            "heard": item,
            "text": presenters.heard_text(item),
            "decision": presenters.decision_text(item.decision),
        }
        for item in queries.heard_for_action(partnership, action)
    ]
