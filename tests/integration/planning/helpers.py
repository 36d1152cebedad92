"""Plain helpers for the action-plan tests: a finding, an asset and a community to link."""

from placematters.analysis import actions as analysis_actions
from placematters.asset_mapping import actions as asset_actions
from placematters.engagement import actions as engagement_actions
from placematters.indicators.models import Indicator


def finding(owner, partnership, name="Under 75 mortality"):
    indicator = Indicator.objects.create(
        partnership=partnership, name=name, value_type="dsr", polarity="lower_is_better"
    )
    return analysis_actions.priority_mark(
        by=owner, partnership=partnership, indicator=indicator, area_code="E07000147"
    )


def asset(owner, partnership, name="Stop smoking service"):
    return asset_actions.asset_create(
        by=owner, partnership=partnership, name=name, segment="service", asset_type="institutions"
    )


def community(owner, partnership, name="Coastal wards"):
    return engagement_actions.target_community_add(
        by=owner, partnership=partnership, source="own", name=name
    )
