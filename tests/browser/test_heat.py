"""HEAT in the browser: an editor completes a health equity assessment from scratch through the
four steps, adds a data-gap action from an empty cell and leaves a likely widening without a
mitigation, which the action plan then shows, while another widening is mitigated by a linked
action; axe-core on every page visited (an error state
included) and no Content Security Policy errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Coastal clinics equity check"


def test_an_editor_completes_an_assessment_through_the_four_steps(page, demo, axe, csp_errors):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/heat/")
    expect(
        page.get_by_role("heading", level=1, name="Health equity assessments (HEAT)")
    ).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Start an assessment").click()
    expect(
        page.get_by_role("heading", level=1, name="Start a health equity assessment")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a title for the assessment")).to_be_visible()
    axe.check(page)
    page.get_by_label("Title of the assessment").fill(TITLE)
    page.get_by_label("Programme assessed (optional)").fill("Drop-in stop-smoking clinics")
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text(f"{TITLE} has been started.")).to_be_visible()
    axe.check(page)

    # Step 1: Prepare
    page.get_by_role("link", name="1. Prepare").click()
    expect(page.get_by_role("heading", level=1, name="Prepare")).to_be_visible()
    axe.check(page)
    page.get_by_label("Describe the work").fill("Weekly drop-in clinics in the coastal wards.")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: Assess (a data-gap action first: it posts its own form)
    expect(page.get_by_role("heading", level=1, name="Assess")).to_be_visible()
    expect(page.get_by_text("Prepare has been saved.")).to_be_visible()
    axe.check(page)
    page.get_by_role(
        "button", name="No data: add a data-gap action for Sexual orientation, access"
    ).click()
    expect(page.get_by_text(re.compile("has been added to the action plan"))).to_be_visible()
    gap = page.get_by_role("group", name="Sexual orientation")
    expect(gap.get_by_text("No data", exact=True)).to_be_visible()
    expect(gap.get_by_role("link", name=re.compile("Data-gap action"))).to_be_visible()
    axe.check(page)
    # every grid box is named by its group and dimension
    age = page.get_by_role("group", name="Age", exact=True)
    expect(age.get_by_role("textbox")).to_have_count(3)
    expect(age.get_by_role("textbox", name="Age: Outcomes", exact=True)).to_be_visible()
    page.get_by_label("Age: Access", exact=True).fill("Few people over 75 reach the clinics.")
    page.get_by_label("HEAT priority for Age, access", exact=True).check()
    # an error: a HEAT priority with no finding
    page.get_by_label("HEAT priority for Disability, access", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    error = "Write the finding for Disability, access before marking it as a HEAT priority"
    expect(page.get_by_role("link", name=error)).to_be_visible()
    expect(page.get_by_label("Disability: Access", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    axe.check(page)
    page.get_by_label("HEAT priority for Disability, access", exact=True).uncheck()
    page.get_by_label("Disability: Experience", exact=True).fill("The halls have no hearing loops.")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3: Refine and apply, with a likely widening left without a mitigation
    expect(page.get_by_role("heading", level=1, name="Refine and apply")).to_be_visible()
    axe.check(page)
    page.get_by_label("Likely impact on Age", exact=True).select_option("widen")
    page.get_by_label("Mitigation for Age (optional)", exact=True).fill(
        "A home visit for anyone over 75."
    )
    page.get_by_text("Actions that carry out the mitigation for Age", exact=True).click()
    page.get_by_role(
        "group", name="Actions in the plan that carry out the mitigation for Age (optional)"
    ).get_by_label("Stop-smoking clinics in the coastal wards (illustrative)").check()
    page.get_by_label("Likely impact on Disability", exact=True).select_option("widen")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Refine and apply has been saved as a draft.")).to_be_visible()

    # a saved widening offers to add an action to the plan that mitigates it
    page.get_by_role("link", name="3. Refine and apply").click()
    page.get_by_role("button", name="Add an action to mitigate this impact on Disability").click()
    expect(
        page.get_by_text(re.compile("has been added to the action plan and linked"))
    ).to_be_visible()
    axe.check(page)
    disability = page.get_by_role(
        "group", name="Actions in the plan that carry out the mitigation for Disability (optional)"
    )
    expect(
        disability.get_by_label("Mitigate the likely widening of the gap for Disability")
    ).to_be_checked()
    page.get_by_label("What will you change to reduce the inequalities found?").fill(
        "Move two clinics to venues with hearing loops."
    )
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: Review and complete
    expect(page.get_by_role("heading", level=1, name="Review")).to_be_visible()
    axe.check(page)
    page.get_by_label("Who will review the assessment").fill("Public health lead")
    page.get_by_role("button", name="Save and complete").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text(f"{TITLE} is complete.")).to_be_visible()
    expect(page.locator("#review-dates")).to_be_visible()
    findings = page.get_by_role("table", name=re.compile("Findings by group"))
    expect(findings.get_by_role("row", name=re.compile("Disability"))).to_contain_text(
        "Widens the gap: no mitigation"
    )
    axe.check(page)

    page.get_by_role("link", name="Health equity assessments").click()
    unresolved = page.get_by_role("table", name=re.compile("Groups whose gap"))
    expect(unresolved.get_by_role("row", name=re.compile(f"Disability {TITLE}"))).to_be_visible()
    expect(unresolved.get_by_role("row", name=re.compile(f"Age {TITLE}"))).to_have_count(0)
    axe.check(page)

    # the action plan warns of the likely widening without a mitigation, and links to it
    page.get_by_role("navigation", name="Partnership menu").get_by_role(
        "link", name="Action plan"
    ).click()
    warning = page.get_by_role("region", name=re.compile("no mitigation"))
    expect(warning).to_contain_text("Disability")
    expect(warning).not_to_contain_text("Age:")
    axe.check(page)
    warning.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    assert not csp_errors
