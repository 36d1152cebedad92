from django import template

from placematters.measures import presenters, queries

register = template.Library()


@register.simple_tag
def measure_number(value, unit=""):
    return presenters.number_text(value, unit)


@register.filter
def variation_text(code):
    return presenters.variation_text(code)


@register.filter
def assurance_text(code):
    return presenters.assurance_text(code)


@register.simple_tag
def measures_for_action(partnership, action) -> list:
    """The performance measures that monitor a plan action (for the action's page)."""
    return list(queries.measures_for_action(partnership, action))
