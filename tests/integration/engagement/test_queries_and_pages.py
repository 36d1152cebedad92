"""Engagement queries (coverage, trail, summary sections) and the pages, through the client."""

import datetime

import pytest
from django.urls import reverse

from placematters.engagement import actions, queries
from placematters.engagement.models import LogEntry, TargetCommunity
from placematters.engagement.presenters import QUOTE_WITHHELD
from placematters.toolkit.content import load_content

DAY = datetime.date(2027, 3, 1)


@pytest.fixture
def story(owner, partnership):
    """Three priority communities: one involved, one only informed, one never engaged."""

    def add(name, priority=True):
        return actions.target_community_add(
            by=owner, partnership=partnership, source="own", name=name, is_priority=priority
        )

    involved, informed, missing, other = (
        add("Fishing families"),
        add("Traveller site"),
        add("Young carers"),
        add("Dog walkers", priority=False),
    )
    actions.plan_entry_add(
        by=owner,
        partnership=partnership,
        community=missing,
        purpose="Shape a health check",
        level="collaborating",
        method="Workshops",
        approach="volunteer-peer-roles",
    )
    first = actions.log_entry_add(
        by=owner,
        partnership=partnership,
        title="Harbour coffee morning",
        happened_on=DAY,
        communities=[involved, informed],
        level_reached="informing",
        participant_count=10,
    )
    second = actions.log_entry_add(
        by=owner,
        partnership=partnership,
        title="Harbour workshop",
        happened_on=DAY + datetime.timedelta(days=7),
        communities=[involved],
        level_reached="involving",
        participant_count=6,
    )
    theme = actions.heard_add(by=owner, entry=second, kind="theme", text="Buses are rare")
    actions.heard_add(by=owner, entry=second, kind="quote", text="Shared words", consent=True)
    actions.heard_add(by=owner, entry=first, kind="quote", text="Secret words", consent=False)
    actions.decision_record(
        by=owner,
        heard=theme,
        text="Ask for a bus",
        decided_on=DAY,
        decided_by="Board",
        action_reference="Letter",
        action_status="done",
    )
    return {"involved": involved, "informed": informed, "missing": missing, "other": other}


def test_coverage_names_each_communitys_highest_level_and_the_gaps(partnership, story):
    rows = {row.name: row for row in queries.coverage(partnership)}
    assert rows["Fishing families"].highest == "involving"
    assert rows["Fishing families"].engagements == 2
    assert rows["Traveller site"].highest == "informing"
    assert rows["Young carers"].highest == "" and rows["Young carers"].planned == "collaborating"
    assert [row.name for row in queries.coverage_gaps(partnership)] == [
        "Traveller site",
        "Young carers",
    ]


def test_queries_are_scoped_to_the_partnership(partnership, story, outsider):
    other = outsider.memberships.get().partnership
    assert queries.community(other, story["involved"].pk) is None
    assert queries.coverage(other) == []
    assert queries.log_entries(other).count() == 0
    assert queries.trail(other) == []


def test_trail_shows_heard_decided_done_and_the_gaps(partnership, story):
    trail = queries.trail(partnership)
    stages = sorted(row.stage for row in trail)
    assert stages == ["done", "heard", "heard"]
    assert len(queries.unanswered(partnership)) == 2


def test_summary_sections_cover_stage_two_and_withhold_unconsented_quotes(partnership, story):
    sections = queries.summary_sections(partnership)
    stage_two = {item.key for item in load_content().stage("strengthen-community-action").items}
    assert {section.item for section in sections} <= stage_two
    assert all(section.stage == "strengthen-community-action" for section in sections)
    text = repr(sections)
    assert "Secret words" not in text
    assert QUOTE_WITHHELD in text
    assert "“Shared words”" in text
    reach = next(section for section in sections if section.item == "check-reach")
    assert "Young carers" in reach.paragraphs[0]
    assert "Traveller site" in " ".join(reach.paragraphs)


def test_summary_sections_on_an_empty_partnership(partnership):
    sections = queries.summary_sections(partnership)
    assert sections and all(section.paragraphs for section in sections)


def test_pages_render_for_a_viewer_and_the_csv_withholds_nothing_secret(
    client, viewer, partnership, story
):
    client.force_login(viewer)
    slug = partnership.slug
    for name in (
        "engagement_home",
        "engagement_log",
        "engagement_trail",
        "engagement_coverage",
        "engagement_capacity",
    ):
        response = client.get(reverse(f"engagement:{name}", args=[slug]))
        assert response.status_code == 200, name
        assert "Secret words" not in response.text, name
    coverage = client.get(reverse("engagement:engagement_coverage", args=[slug]))
    assert "<svg" in coverage.text and "Young carers" in coverage.text
    trail = client.get(reverse("engagement:engagement_trail", args=[slug]))
    assert QUOTE_WITHHELD in trail.text
    download = client.get(reverse("engagement:engagement_coverage_download", args=[slug]))
    assert download["Content-Type"].startswith("text/csv")
    body = download.content.decode()
    assert body.startswith("Community,Priority,Engagements recorded")
    assert "Gap: Not yet engaged" in body


def test_viewer_is_refused_and_outsider_gets_404(client, viewer, outsider, partnership, story):
    url = reverse("engagement:engagement_log_add", args=[partnership.slug])
    client.force_login(viewer)
    assert client.post(url, {"title": "x"}).status_code == 403
    client.force_login(outsider)
    assert (
        client.get(reverse("engagement:engagement_home", args=[partnership.slug])).status_code
        == 404
    )
    assert LogEntry.objects.count() == 2


def test_logging_through_the_form_and_bad_input(client, editor, partnership, story):
    client.force_login(editor)
    url = reverse("engagement:engagement_log_add", args=[partnership.slug])
    bad = client.post(
        url,
        {
            "title": "Park visit",
            "happened_on": "2027-02-30",
            "level_reached": "consulting",
            "links": "https://example.org/a",
        },
    )
    assert bad.status_code == 200
    assert "Enter a real date" in bad.text
    assert "Choose at least one community that took part" in bad.text
    bad_link = client.post(
        url,
        {
            "title": "Park visit",
            "happened_on": "2027-02-03",
            "communities": [story["other"].pk],
            "level_reached": "consulting",
            "links": "ftp://nope",
        },
    )
    assert "is not a web address" in bad_link.text
    assert LogEntry.objects.count() == 2
    good = client.post(
        url,
        {
            "title": "Park visit",
            "happened_on": "2027-02-03",
            "communities": [story["other"].pk],
            "participant_count": "4",
            "level_reached": "consulting",
        },
    )
    assert good.status_code == 302
    assert LogEntry.objects.count() == 3


def test_adding_a_community_from_the_reference_list_through_the_form(client, editor, partnership):
    client.force_login(editor)
    url = reverse("engagement:engagement_community_add", args=[partnership.slug])
    missing_name = client.post(url, {"community": "own:"})
    assert "Enter the name of your own community" in missing_name.text
    response = client.post(
        url, {"community": "core20plus5-cyp:young-carers", "why": "Schools", "is_priority": "on"}
    )
    assert response.status_code == 302
    community = TargetCommunity.objects.get(partnership=partnership)
    assert (community.name, community.is_priority) == ("Young carers", True)
