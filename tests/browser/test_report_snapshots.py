"""Frozen versions of the report and plan in the browser: the demo owner freezes the report
(after a refused empty name), opens the frozen version, moves an action on in the live plan,
compares and sees the change, then deletes the version; axe-core on every page visited."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from placematters.planning.models import PlanAction
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOUSING = "Health input to the housing standards review (illustrative)"


def test_freeze_the_demo_report_change_the_plan_and_compare(page, demo, axe, csp_errors):
    sign_in(page, "owner@demo.example")
    menu = page.get_by_role("navigation", name="Partnership menu")
    menu.get_by_role("link", name="Summary report").click()
    expect(page.get_by_role("heading", level=2, name="Frozen versions")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Freeze this version").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a name for this version")).to_be_visible()
    axe.check(page)

    page.get_by_label("Name of this version").fill("Board meeting")
    page.get_by_label("Note (optional)").fill("The plan as agreed by the board")
    page.get_by_role("button", name="Freeze this version").click()
    expect(page.get_by_role("heading", level=1, name="Board meeting")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Frozen on .* by Olu Owens.*: read-only"))).to_be_visible()
    frozen_plan = page.get_by_role("region", name="The action plan as committed")
    expect(frozen_plan.get_by_role("row", name=re.compile("housing standards"))).to_contain_text(
        "Not started"
    )
    expect(page.get_by_role("heading", level=2, name="4. Implementation")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Frozen versions").click()
    expect(page.get_by_role("link", name="Board meeting", exact=True)).to_be_visible()
    axe.check(page)

    committed = PlanAction.objects.filter(partnership=demo).count()
    menu.get_by_role("link", name="Action plan").click()
    page.get_by_role("link", name=HOUSING).first.click()
    page.get_by_role("button", name="Change action").click()
    page.get_by_role("radio", name="On track", exact=True).check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("On track: green")).to_be_visible()

    menu.get_by_role("link", name="Summary report").click()
    page.get_by_role("link", name=re.compile("See the frozen versions")).click()
    page.get_by_role("link", name=re.compile(r"Compare with now\W+Board meeting")).click()
    expect(
        page.get_by_role("heading", level=1, name="What was committed and what happened")
    ).to_be_visible()
    today = timezone.localdate()
    expect(page.locator("#plan-summary-sentence")).to_have_text(
        re.compile(
            rf"^Of {committed} actions committed on {today.day} {today:%B %Y}, .*; "
            r"no actions were added since\.$"
        )
    )
    expect(page.get_by_role("row", name=re.compile("housing standards review"))).to_contain_text(
        "Status changed from Not started to On track"
    )
    expect(page.locator("#changed-headings")).to_contain_text(
        "The action plan: what, why, when by and who by"
    )
    axe.check(page)

    page.get_by_role("link", name="Open the frozen version Board meeting").click()
    page.get_by_role("link", name="Delete this frozen version").click()
    expect(
        page.get_by_role("heading", level=1, name="Delete the frozen version Board meeting?")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Delete frozen version").click()
    expect(page.get_by_text("The frozen version Board meeting has been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Board meeting", exact=True)).to_have_count(0)
    expect(
        page.get_by_role("link", name="Partnership board (illustrative)", exact=True)
    ).to_be_visible()
    axe.check(page)
    assert not csp_errors
