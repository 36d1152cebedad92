"""Every box of the Assess grid is named by its group and dimension, and no two groups share a
name (a target community named like a reference group says it is a target community)."""

import re

import pytest
from django.urls import reverse

from placematters.heat import actions, queries
from placematters.heat.models import Finding
from tests.integration.planning.helpers import community

pytestmark = pytest.mark.django_db


def test_a_community_named_like_a_reference_group_is_told_apart(owner, partnership):
    age = community(owner, partnership, name="Age")
    coastal = community(owner, partnership, name="Coastal wards")
    titles = {row.key: row.title for row in queries.groups(partnership)}
    assert titles["age"] == "Age"
    assert titles[f"community-{age.pk}"] == "Age (target community)"
    assert titles[f"community-{coastal.pk}"] == "Coastal wards"
    assert len(set(titles.values())) == len(titles)


def test_every_grid_box_is_labelled_with_its_group_and_dimension(client, editor, partnership):
    found = actions.heat_assessment_start(by=editor, partnership=partnership, title="Check")
    client.force_login(editor)
    url = reverse("heat:heat_assess", args=[partnership.slug, found.pk])
    page = client.get(url).content.decode()
    boxes = re.findall(r'<textarea[^>]*id="([^"]+)"', page)
    assert len(boxes) == 3 * len(queries.groups(partnership))
    assert 'id_age__access"><span class="govuk-visually-hidden">Age: </span>Access</label>' in page
    for box in boxes:
        assert f'<label class="govuk-label govuk-label--s" for="{box}">' in page
    names = re.findall(r'<button type="submit" form="[^"]+"[^>]*>(.*?)</button>', page)
    assert len(names) == len(boxes) and len(set(names)) == len(names)


def test_an_error_in_the_grid_is_shown_on_its_box(client, editor, partnership):
    found = actions.heat_assessment_start(by=editor, partnership=partnership, title="Check")
    client.force_login(editor)
    url = reverse("heat:heat_assess", args=[partnership.slug, found.pk])
    page = client.post(url, {"age__access__priority": "on", "finish": "yes"}).content.decode()
    assert 'href="#id_age__access"' in page
    assert 'id="id_age__access_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Finding.objects.exists()


def test_the_same_gap_in_two_assessments_gives_two_plan_actions(owner, partnership):
    first = actions.heat_assessment_start(by=owner, partnership=partnership, title="First")
    second = actions.heat_assessment_start(by=owner, partnership=partnership, title="Second")
    one = actions.heat_gap_action_add(by=owner, assessment=first, group="age", dimension="access")
    two = actions.heat_gap_action_add(by=owner, assessment=second, group="age", dimension="access")
    assert one.title == "Find data on access for Age"
    assert two.title == "Find data on access for Age (Second)"
