"""HEAT on other apps' pages: the action plan's warning of likely widenings not yet mitigated
(``{% heat_unresolved_impacts partnership %}``) and, on an action, the impacts it mitigates
(``{% heat_mitigations_for_action partnership action as mitigated %}``)."""

from django import template

from placematters.heat import queries

register = template.Library()


@register.inclusion_tag("heat/partials/unresolved_on_plan.html")
def heat_unresolved_impacts(partnership) -> dict:
    return {"partnership": partnership, "unresolved": queries.unresolved_impacts(partnership)}


@register.simple_tag
def heat_mitigations_for_action(partnership, action) -> list:
    return queries.impacts_mitigated_by(partnership, action)
