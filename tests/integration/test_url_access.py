"""Walk every URL pattern in the project as each kind of visitor and check the status.

Every view declares who may open it (its ``access`` attribute, set by the decorators in
``placematters.partnerships.access``). This test finds every pattern through Django's resolver,
so a new page is covered the moment it is routed, and fails if a view declares nothing or if
a URL takes a parameter this test does not know how to fill.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from placematters.analysis import actions as analysis_actions
from placematters.asset_mapping import actions as asset_actions
from placematters.indicators import actions as indicator_actions
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.access import PUBLIC, SIGNED_IN
from placematters.partnerships.models import Role, Sector
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import membership_of
from placematters.stakeholders import actions as stakeholder_actions
from placematters.toolkit import actions as toolkit_actions
from tests.integration.engagement.world import engagement_world
from tests.integration.evaluation.world import evaluation_world
from tests.integration.heat.world import heat_world
from tests.integration.logic_model.world import logic_model_world
from tests.integration.measures.world import measures_world
from tests.integration.planning.world import planning_world
from tests.integration.reports.world import reports_world
from tests.integration.selfassessment.world import selfassessment_world
from tests.integration.sharing.world import sharing_world

VISITORS = ["anonymous", "outsider", "viewer", "editor", "owner"]
ROLE_OF = {"viewer": Role.VIEWER, "editor": Role.EDITOR, "owner": Role.OWNER}


@dataclass(frozen=True)
class Route:
    name: str
    view: object
    parameters: tuple[str, ...]


def _walk(patterns, namespace: str = "") -> list[Route]:
    routes = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name"
            parameters = tuple(entry.pattern.converters) or tuple(entry.pattern.regex.groupindex)
            routes.append(Route(f"{namespace}{entry.name}", entry.callback, parameters))
    return routes


ROUTES = _walk(get_resolver().url_patterns)

VIEW, EDIT, MANAGE, MEMBERS = (
    Permission.VIEW,
    Permission.EDIT_WORK,
    Permission.MANAGE_PARTNERSHIP,
    Permission.MANAGE_MEMBERS,
)
# Who should be able to open each page, written independently of the views' own declarations:
# a new URL fails this test until its expected access is added here.
EXPECTED_ACCESS = {
    "home": PUBLIC,
    "invitation_accept": PUBLIC,
    "accounts:sign_in": PUBLIC,
    "accounts:sign_out": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "partnerships:home": SIGNED_IN,
    "partnerships:create": SIGNED_IN,
    "partnerships:switch": SIGNED_IN,
    "partnerships:settings": VIEW,
    "partnerships:settings_edit": MANAGE,
    "partnerships:area_add": MANAGE,
    "partnerships:area_remove": MANAGE,
    "partnerships:organisation_add": MANAGE,
    "partnerships:organisation_edit": MANAGE,
    "partnerships:organisation_remove": MANAGE,
    "partnerships:members": VIEW,
    "partnerships:invite": MEMBERS,
    "partnerships:invitation_revoke": MEMBERS,
    "partnerships:member_edit": MEMBERS,
    "partnerships:member_remove": MEMBERS,
    "partnerships:leave": VIEW,
    "partnerships:activity": VIEW,
    "toolkit:dashboard": VIEW,
    "toolkit:stages": VIEW,
    "toolkit:stage": VIEW,
    "toolkit:item_create": EDIT,
    "toolkit:item_detail": VIEW,
    "toolkit:item_edit": EDIT,
    "toolkit:item_status": EDIT,
    "toolkit:item_delete": EDIT,
    "toolkit:evidence_add": EDIT,
    "toolkit:evidence_remove": EDIT,
    "indicators:imports": VIEW,
    "indicators:upload": EDIT,
    "indicators:mapping": EDIT,
    "indicators:batch": VIEW,
    "indicators:batch_delete": EDIT,
    "analysis:overview": VIEW,
    "analysis:area_profile": VIEW,
    "analysis:area_profile_download": VIEW,
    "analysis:indicator": VIEW,
    "analysis:indicator_download": VIEW,
    "analysis:priority_mark": EDIT,
    "analysis:priority_unmark": EDIT,
    "analysis:footprint": VIEW,
    "analysis:footprint_download": VIEW,
    "analysis:footprint_map_download": VIEW,
    "analysis:footprint_indicator": VIEW,
    "analysis:footprint_indicator_download": VIEW,
    "analysis:derive": EDIT,
    "analysis:allocation": VIEW,
    "analysis:allocation_download": VIEW,
    "stakeholders:stakeholder_list": VIEW,
    "stakeholders:stakeholder_download": VIEW,
    "stakeholders:stakeholder_add": EDIT,
    "stakeholders:stakeholder_edit": EDIT,
    "stakeholders:stakeholder_move": EDIT,
    "stakeholders:stakeholder_delete": EDIT,
    "stakeholders:infrastructure_overview": VIEW,
    "stakeholders:infrastructure_edit": EDIT,
    "stakeholders:infrastructure_lead_add": EDIT,
    "stakeholders:infrastructure_lead_remove": EDIT,
    "stakeholders:infrastructure_commitment_add": EDIT,
    "stakeholders:infrastructure_commitment_edit": EDIT,
    "stakeholders:infrastructure_commitment_remove": EDIT,
    "stakeholders:existing_work_list": VIEW,
    "stakeholders:existing_work_download": VIEW,
    "stakeholders:existing_work_add": EDIT,
    "stakeholders:existing_work_edit": EDIT,
    "stakeholders:existing_work_remove": EDIT,
    "asset_mapping:asset_list": VIEW,
    "asset_mapping:asset_list_csv": VIEW,
    "asset_mapping:asset_create": EDIT,
    "asset_mapping:asset_detail": VIEW,
    "asset_mapping:asset_edit": EDIT,
    "asset_mapping:asset_verify": EDIT,
    "asset_mapping:asset_delete": EDIT,
    "asset_mapping:asset_triangle": VIEW,
    "asset_mapping:asset_triangle_csv": VIEW,
    "asset_mapping:asset_assessment_edit": EDIT,
    "asset_mapping:asset_connector_create": EDIT,
    "asset_mapping:asset_connector_edit": EDIT,
    "asset_mapping:asset_connector_delete": EDIT,
    "asset_mapping:asset_map": VIEW,
    "asset_mapping:asset_map_csv": VIEW,
    "asset_mapping:asset_coverage": VIEW,
    "asset_mapping:asset_coverage_csv": VIEW,
    "asset_mapping:asset_openreferral_export": VIEW,
    "asset_mapping:asset_openreferral_import": EDIT,
    "engagement:engagement_home": VIEW,
    "engagement:engagement_community_add": EDIT,
    "engagement:engagement_community_edit": EDIT,
    "engagement:engagement_community_remove": EDIT,
    "engagement:engagement_plan_add": EDIT,
    "engagement:engagement_plan_edit": EDIT,
    "engagement:engagement_plan_remove": EDIT,
    "engagement:engagement_log": VIEW,
    "engagement:engagement_log_add": EDIT,
    "engagement:engagement_log_detail": VIEW,
    "engagement:engagement_log_remove": EDIT,
    "engagement:engagement_heard_add": EDIT,
    "engagement:engagement_heard_remove": EDIT,
    "engagement:engagement_decision": EDIT,
    "engagement:engagement_trail": VIEW,
    "engagement:engagement_coverage": VIEW,
    "engagement:engagement_coverage_download": VIEW,
    "engagement:engagement_capacity": VIEW,
    "engagement:engagement_capacity_add": EDIT,
    "engagement:engagement_capacity_edit": EDIT,
    "logic_model:logic_model": VIEW,
    "logic_model:logic_model_download": VIEW,
    "logic_model:logic_element_add": EDIT,
    "logic_model:logic_element_edit": EDIT,
    "logic_model:logic_element_remove": EDIT,
    "logic_model:logic_link_add": EDIT,
    "logic_model:logic_link_edit": EDIT,
    "logic_model:logic_link_remove": EDIT,
    "planning:plan_home": VIEW,
    "planning:plan_mine": VIEW,
    "planning:plan_action_add": EDIT,
    "planning:plan_timeline": VIEW,
    "planning:plan_timeline_download": VIEW,
    "planning:plan_action_detail": VIEW,
    "planning:plan_action_edit": EDIT,
    "planning:plan_action_remove": EDIT,
    "planning:plan_milestone_add": EDIT,
    "planning:plan_milestone_done": EDIT,
    "planning:plan_milestone_remove": EDIT,
    "reports:report_home": VIEW,
    "reports:report_render_create": VIEW,
    "reports:report_render_status": VIEW,
    "reports:report_render_download": VIEW,
    "reports:report_action_plan_xlsx": VIEW,
    "workspace:export": MANAGE,
    "workspace:import": SIGNED_IN,
    "reports:snapshot_list": VIEW,
    "reports:snapshot_take": MANAGE,
    "reports:snapshot_detail": VIEW,
    "reports:snapshot_plan_download": VIEW,
    "reports:snapshot_render_create": VIEW,
    "reports:snapshot_compare": VIEW,
    "reports:snapshot_delete": MANAGE,
    "planning:plan_allocation_attach": EDIT,
    "planning:plan_allocation_download": VIEW,
    "planning:plan_allocation_remove": EDIT,
    "selfassessment:selfassessment_overview": VIEW,
    "selfassessment:selfassessment_download": VIEW,
    "selfassessment:selfassessment_steps_download": VIEW,
    "selfassessment:selfassessment_step": VIEW,
    "selfassessment:selfassessment_step_edit": EDIT,
    "measures:measures_scorecard": VIEW,
    "measures:measures_result_add": EDIT,
    "measures:measures_result_detail": VIEW,
    "measures:measures_indicator_add": EDIT,
    "measures:measures_measure_add": EDIT,
    "measures:measures_measure_detail": VIEW,
    "measures:measures_measure_download": VIEW,
    "measures:measures_value_add": EDIT,
    "measures:measures_rebase": EDIT,
    "measures:measures_worksheet": EDIT,
    "measures:measures_result_edit": EDIT,
    "measures:measures_result_remove": EDIT,
    "measures:measures_indicator_detail": VIEW,
    "measures:measures_indicator_spc_download": VIEW,
    "measures:measures_indicator_forecast_download": VIEW,
    "measures:measures_indicator_edit": EDIT,
    "measures:measures_indicator_remove": EDIT,
    "measures:measures_measure_edit": EDIT,
    "measures:measures_measure_remove": EDIT,
    "measures:measures_value_edit": EDIT,
    "measures:measures_value_remove": EDIT,
    "evaluation:evaluation_home": VIEW,
    "evaluation:evaluation_download": VIEW,
    "evaluation:evaluation_entry_edit": EDIT,
    "evaluation:evaluation_entry_remove": EDIT,
    "evaluation:evaluation_framework_edit": EDIT,
    "evaluation:evaluation_agree": MANAGE,
    "evaluation:evaluation_reopen": MANAGE,
    "heat:heat_home": VIEW,
    "heat:heat_start": EDIT,
    "heat:heat_overview": VIEW,
    "heat:heat_prepare": EDIT,
    "heat:heat_assess": EDIT,
    "heat:heat_refine": EDIT,
    "heat:heat_review": EDIT,
    "heat:heat_gap_action": EDIT,
    "heat:heat_mitigation_action": EDIT,
    "heat:heat_review_start": EDIT,
    "heat:heat_compare": VIEW,
    "heat:heat_download": VIEW,
    "sharing:bank_list": SIGNED_IN,
    "sharing:bank_publication": SIGNED_IN,
    "sharing:bank_use_template": SIGNED_IN,
    "sharing:sharing_home": VIEW,
    "sharing:sharing_publish": MANAGE,
    "sharing:sharing_preview": MANAGE,
    "sharing:sharing_withdraw": MANAGE,
    "sharing:sharing_comparison_choice": MANAGE,
    "sharing:sharing_compare": VIEW,
    "sharing:sharing_compare_download": VIEW,
}


def test_every_route_has_an_expected_access_that_its_view_declares():
    missing = [route.name for route in ROUTES if route.name not in EXPECTED_ACCESS]
    assert not missing, f"add these URLs to EXPECTED_ACCESS: {missing}"
    stale = set(EXPECTED_ACCESS) - {route.name for route in ROUTES}
    assert not stale, f"EXPECTED_ACCESS names URLs that no longer exist: {stale}"
    wrong = {
        route.name: getattr(route.view, "access", None)
        for route in ROUTES
        if getattr(route.view, "access", None) != EXPECTED_ACCESS[route.name]
    }
    assert not wrong, f"views whose declared access differs from the expectation: {wrong}"


@pytest.fixture
def world(owner, partnership, editor, viewer, outsider):
    """One partnership with one of everything a URL can point at."""
    area = partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000147", name="North Norfolk"
    )
    organisation = partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="Council", sector=Sector.LOCAL_AUTHORITY
    )
    invitation, token = partnership_actions.invitation_create(
        by=owner,
        partnership=partnership,
        email="pending@example.org",
        role=Role.VIEWER,
        send=False,
    )
    item = toolkit_actions.checklist_item_create(
        by=owner, partnership=partnership, stage="implementation", title="Our own item"
    )
    link = toolkit_actions.evidence_link_add(
        by=owner, item=item, label="Evidence", url="https://example.org/"
    )
    batch = indicator_actions.indicators_import_start(
        by=owner, partnership=partnership, path="uploads/world.csv", format="csv"
    )
    indicator = Indicator.objects.create(
        partnership=partnership, name="World indicator", value_type="proportion",
        polarity="lower_is_better",
    )  # fmt: skip
    priority = analysis_actions.priority_mark(
        by=owner, partnership=partnership, indicator=indicator, area_code="E07000147"
    )
    asset = asset_actions.asset_create(
        by=owner, partnership=partnership, name="World asset", segment="community",
        asset_type="physical",
    )  # fmt: skip
    connector = asset_actions.connector_create(
        by=owner, partnership=partnership, kind="integration", name="World connector"
    )
    stakeholder = stakeholder_actions.stakeholder_add(
        by=owner, partnership=partnership, name="World stakeholder", power=4, interest=2
    )
    lead = stakeholder_actions.infrastructure_lead_add(
        by=owner, partnership=partnership, stakeholder=stakeholder, responsibility="Chairs"
    )
    commitment = stakeholder_actions.infrastructure_commitment_set(
        by=owner, partnership=partnership, organisation=organisation, commitment="A day a week"
    )
    work = stakeholder_actions.existing_work_add(
        by=owner, partnership=partnership, title="World JSNA", kind="needs_assessment",
        year=2024, covers="The district",
    )  # fmt: skip
    values = {
        **engagement_world(owner, partnership),
        **logic_model_world(owner, partnership),
        **planning_world(owner, partnership),
        **selfassessment_world(owner, partnership),
        **measures_world(owner, partnership),
        **heat_world(owner, partnership),
        **evaluation_world(owner, partnership),
        **reports_world(owner, partnership),
        **sharing_world(owner, partnership),
        "stakeholder_id": stakeholder.pk,
        "lead_id": lead.pk,
        "commitment_id": commitment.pk,
        "work_id": work.pk,
        "asset_id": asset.pk,
        "connector_id": connector.pk,
        "segment": "civic",
        "area_code": "E07000147",
        "indicator_id": indicator.pk,
        "priority_id": priority.pk,
        "table": "trend",
        "fmt": "csv",
        "batch_id": batch.pk,
        "slug": partnership.slug,
        "stage_slug": "mapping-the-system",
        "item_id": item.pk,
        "link_id": link.pk,
        "area_id": area.pk,
        "organisation_id": organisation.pk,
        "membership_id": membership_of(viewer, partnership).pk,
        "invitation_id": invitation.pk,
        "token": token,
        "uidb64": "MQ",
    }
    people = {"owner": owner, "editor": editor, "viewer": viewer, "outsider": outsider}
    return values, people


def _url(route: Route, values: dict) -> str:
    unknown = set(route.parameters) - set(values)
    assert not unknown, f"{route.name}: the URL walk does not know how to fill {unknown}"
    return reverse(route.name, kwargs={name: values[name] for name in route.parameters})


def _is_post_only(client, url: str) -> bool:
    return client.get(url).status_code == 405


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_status_for_each_visitor(client, world, route, visitor):
    values, people = world
    url = _url(route, values)
    if visitor != "anonymous":
        client.force_login(people[visitor])
    access = EXPECTED_ACCESS.get(route.name, getattr(route.view, "access", None))
    get = client.get(url)
    post = client.post(url)

    if access == PUBLIC:
        assert get.status_code < 500 and post.status_code < 500
        return
    if visitor == "anonymous":
        for response in (get, post):
            if response.status_code == 405:
                continue
            assert response.status_code == 302, (route.name, response.status_code)
            assert response.url.startswith(reverse("accounts:sign_in"))
        return
    if access == SIGNED_IN:
        assert get.status_code in (200, 302, 404, 405) and post.status_code < 500
        if route.name != "partnerships:switch":
            assert get.status_code in (200, 302, 405)
        return

    assert isinstance(access, Permission), f"{route.name}: unknown access rule {access!r}"
    allowed_get = {200, 302, 405}
    if visitor == "outsider":
        expected = 404
    elif not role_allows(ROLE_OF[visitor], access):
        expected = 403
    else:
        expected = None
    for method, response in (("GET", get), ("POST", post)):
        if response.status_code == 405:
            continue
        if expected is not None:
            assert response.status_code == expected, (route.name, visitor, method)
            if expected == 403:
                assert "You cannot do this" in response.text
                assert "owner" in response.text
        elif method == "GET":
            assert response.status_code in allowed_get, (route.name, visitor, response.status_code)
        else:
            assert response.status_code in {200, 302, 400}, (route.name, visitor, method)
    assert not (get.status_code == 405 and post.status_code == 405), route.name
