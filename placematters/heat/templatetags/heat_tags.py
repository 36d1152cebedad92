"""HEAT on other apps' pages: the action plan's warning of likely widenings without a
mitigation (``{% heat_unresolved_impacts partnership %}``)."""

from django import template

from placematters.heat import queries

register = template.Library()


@register.inclusion_tag("heat/partials/unresolved_on_plan.html")
def heat_unresolved_impacts(partnership) -> dict:
    return {"partnership": partnership, "unresolved": queries.unresolved_impacts(partnership)}
