"""Which Place Matters tool helps with which checklist item.

Each entry maps a checklist item's content key (from content/stages.yaml) to the links shown
under that item: the words of the link, the URL name (it takes the partnership slug only) and
an optional fragment. A tool added later registers its links here and nowhere else.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ToolLink:
    label: str
    url_name: str
    fragment: str = ""


TOOL_LINKS: dict[str, tuple[ToolLink, ...]] = {
    "find-data": (ToolLink("Open the data overview", "analysis:overview"),),
    "break-down-data": (ToolLink("Open the data overview", "analysis:overview"),),
    "data-overview": (ToolLink("Open the data overview", "analysis:overview"),),
    "prioritise-intelligence": (
        ToolLink("Open the prioritised intelligence", "analysis:overview", "priorities"),
    ),
    "identify-stakeholders": (
        ToolLink("Open the stakeholder grid", "stakeholders:stakeholder_list"),
    ),
    "agree-governance": (
        ToolLink("Open the agreed infrastructure", "stakeholders:infrastructure_overview"),
    ),
    "secure-leadership": (
        ToolLink("Name the partnership's leads", "stakeholders:infrastructure_overview", "leads"),
    ),
    "reuse-existing-work": (
        ToolLink("Open the register of partners' existing work", "stakeholders:existing_work_list"),
    ),
    "civic-assets": (
        ToolLink(
            "Open the triangle and civic assessment",
            "asset_mapping:asset_triangle",
            "assessment-civic",
        ),
        ToolLink("Open the asset register", "asset_mapping:asset_list"),
    ),
    "service-assets": (
        ToolLink(
            "Open the triangle and service assessment",
            "asset_mapping:asset_triangle",
            "assessment-service",
        ),
        ToolLink("Open the asset register", "asset_mapping:asset_list"),
    ),
    "community-assets": (
        ToolLink(
            "Open the triangle and community assessment",
            "asset_mapping:asset_triangle",
            "assessment-community",
        ),
        ToolLink("Open the asset map", "asset_mapping:asset_map"),
    ),
    # Community engagement (stage 2)
    "choose-target-communities": (
        ToolLink("Choose target communities", "engagement:engagement_home", "communities"),
    ),
    "engagement-routes": (
        ToolLink("Open the engagement plan", "engagement:engagement_home", "plan"),
    ),
    "engagement-level": (
        ToolLink("Open the engagement plan", "engagement:engagement_home", "plan"),
        ToolLink("Open the coverage check", "engagement:engagement_coverage"),
    ),
    "plan-engagement": (
        ToolLink("Open the engagement plan", "engagement:engagement_home", "plan"),
    ),
    "record-what-was-heard": (ToolLink("Open the engagement log", "engagement:engagement_log"),),
    "you-said-we-did": (
        ToolLink("Open \u201cyou said, we did\u201d", "engagement:engagement_trail"),
    ),
    "build-capacity": (
        ToolLink("Open capacity and sustainability", "engagement:engagement_capacity"),
    ),
    "co-produce-plan": (
        ToolLink("Record community-owned actions", "engagement:engagement_capacity"),
    ),
    "check-reach": (ToolLink("Open the coverage check", "engagement:engagement_coverage"),),
    # Local area action plan (stages 1 and 4)
    "start-action-plan": (ToolLink("Open the action plan", "planning:plan_home"),),
    "draft-logic-model": (ToolLink("Open the logic model", "logic_model:logic_model"),),
    "link-actions-outcomes": (
        ToolLink("Check the logic model's activities lead to outcomes", "logic_model:logic_model"),
    ),
    "complete-action-plan": (
        ToolLink("Open the action plan", "planning:plan_home"),
        ToolLink("Open the timeline", "planning:plan_timeline"),
    ),
    "proportionate-universalism": (
        ToolLink("Set each action's intensity in the action plan", "planning:plan_home"),
        ToolLink("Share a budget or capacity by need", "analysis:allocation"),
    ),
    "life-course": (
        ToolLink("Check the plan's life-course coverage", "planning:plan_home", "life-course"),
    ),
    "monitor-delivery": (
        ToolLink("Open the action plan timeline", "planning:plan_timeline"),
        ToolLink("Monitor the measures (SPC charts)", "measures:measures_scorecard"),
    ),
    "summary-report": (
        ToolLink("Open the summary report (page, PDF and Word)", "reports:report_home"),
        ToolLink(
            "Rate the partnership against the 12 steps (the report's annex)",
            "selfassessment:selfassessment_overview",
        ),
    ),
    # OBA results and performance measures (stage 3)
    "population-results": (
        ToolLink("Choose population results and indicators", "measures:measures_scorecard"),
    ),
    "performance-measures": (ToolLink("Set performance measures", "measures:measures_scorecard"),),
    "baselines": (ToolLink("See baselines and forecasts", "measures:measures_scorecard"),),
    # Health equity assessment (stage 3)
    "run-heat": (ToolLink("Open the health equity assessments", "heat:heat_home"),),
    "heat-actions": (
        ToolLink("See unresolved impacts and review dates", "heat:heat_home", "unresolved"),
    ),
    # Building on what communities already have and own (stages 2 and 4)
    "build-on-community-assets": (
        ToolLink("Open the community-centred assets", "asset_mapping:asset_list"),
    ),
    "community-ownership": (
        ToolLink("Record community-owned actions", "engagement:engagement_capacity"),
    ),
    "sustainability": (
        ToolLink("Record capacity building and small grants", "engagement:engagement_capacity"),
    ),
    # Evaluation framework (stage 3)
    "evaluation-framework": (
        ToolLink("Open the evaluation framework", "evaluation:evaluation_home", "framework"),
    ),
    "check-resources": (
        ToolLink("Check outcomes against resources", "evaluation:evaluation_home", "resources"),
    ),
    "soft-outcomes": (
        ToolLink("Record soft outcomes for each outcome", "evaluation:evaluation_home", "equity"),
    ),
    "accountability-for-equity": (
        ToolLink("Name who reports each outcome by group", "evaluation:evaluation_home", "equity"),
    ),
    "share-learning": (
        ToolLink("Publish to the good-practice bank", "sharing:sharing_home"),
        ToolLink("Compare progress with other localities", "sharing:sharing_compare"),
    ),
}


def tool_links_for(content_key: str | None) -> tuple[ToolLink, ...]:
    """The tool links for a checklist item; none for items the partnership added itself."""
    return TOOL_LINKS.get(content_key or "", ())
