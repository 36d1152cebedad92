"""Navigation context shared by every page."""

from django.http import HttpRequest
from django.urls import reverse

from placematters.partnerships.queries import memberships_for_user

SECTIONS = [
    ("Dashboard", "toolkit:dashboard", ("dashboard",)),
    ("Stages", "toolkit:stages", ("stages", "stage", "item_detail", "item_edit", "item_create")),
    (
        "Data",
        "analysis:overview",
        (
            "overview",
            "area_profile",
            "indicator",
            "priority_",
            "imports",
            "upload",
            "mapping",
            "batch",
            "footprint",
            "derive",
            "allocation",
        ),
    ),
    ("Assets", "asset_mapping:asset_triangle", ("asset_",)),
    (
        "Stakeholders",
        "stakeholders:stakeholder_list",
        ("stakeholder_", "infrastructure_", "existing_work_"),
    ),
    ("Engagement", "engagement:engagement_home", ("engagement_",)),
    (
        "Action plan",
        "planning:plan_home",
        ("plan_", "heat_", "logic_", "measures_", "selfassessment_", "evaluation_"),
    ),
    ("Summary report", "reports:report_home", ("report_",)),
    ("Sharing", "sharing:sharing_home", ("sharing_",)),
    ("Activity", "partnerships:activity", ("activity",)),
    ("Members", "partnerships:members", ("members", "invite", "member_edit", "member_remove")),
    ("Settings", "partnerships:settings", ("settings", "area_add", "area_remove", "organisation_")),
]

#: Pages within a section that holds several tools, shown as a second row of links:
#: section label -> (label, URL name taking the slug, URL-name prefixes that make it current).
SUBSECTIONS = {
    "Stakeholders": [
        ("Stakeholder grid", "stakeholders:stakeholder_list", ("stakeholder_",)),
        ("Agreed infrastructure", "stakeholders:infrastructure_overview", ("infrastructure_",)),
        ("Partners' existing work", "stakeholders:existing_work_list", ("existing_work_",)),
    ],
    "Action plan": [
        ("All actions", "planning:plan_home", ("plan_home", "plan_action", "plan_milestone")),
        ("My actions", "planning:plan_mine", ("plan_mine",)),
        ("Timeline", "planning:plan_timeline", ("plan_timeline",)),
        ("Logic model", "logic_model:logic_model", ("logic_",)),
        ("Health equity assessment (HEAT)", "heat:heat_home", ("heat_",)),
        ("Measures and scorecard", "measures:measures_scorecard", ("measures_",)),
        ("Evaluation framework", "evaluation:evaluation_home", ("evaluation_",)),
        ("12-step self-assessment", "selfassessment:selfassessment_overview", ("selfassessment_",)),
    ],
}


def _links(entries, slug: str, url_name: str) -> list[dict]:
    """Label, URL and whether it is current (the URL name starts with one of its prefixes)."""
    return [
        {
            "label": label,
            "url": reverse(name, args=[slug]),
            "current": any(url_name.startswith(prefix) for prefix in prefixes),
        }
        for label, name, prefixes in entries
    ]


def navigation(request: HttpRequest) -> dict:
    partnership = getattr(request, "partnership", None)
    if partnership is None:
        return {}
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    links = _links(SECTIONS, partnership.slug, url_name)
    current = next((link["label"] for link in links if link["current"]), None)
    section_links = _links(SUBSECTIONS.get(current, []), partnership.slug, url_name)
    others = [m for m in memberships_for_user(request.user) if m.partnership_id != partnership.pk]
    return {
        "partnership": partnership,
        "membership": request.membership,
        "partnership_navigation": links,
        "section_navigation": section_links,
        "section_label": current,
        "other_memberships": others,
    }
