"""The illustrative self-assessment: ten steps rated, one with a change; loading twice adds
nothing and never overrides a rating the partnership gave itself."""

import pytest

from placematters.demo.selfassessment import demo_selfassessment_load
from placematters.selfassessment import actions, queries
from placematters.selfassessment.models import StepRating

pytestmark = pytest.mark.django_db


def test_demo_rates_most_steps_illustratively_and_is_idempotent(owner, partnership):
    actions.step_rating_record(
        by=owner, partnership=partnership, step=1, rating="embedded", evidence="Our own"
    )
    demo_selfassessment_load(partnership=partnership, by=owner)
    ratings = queries.current_ratings(partnership)
    assert sorted(ratings) == list(range(1, 11))
    assert ratings[1] == "embedded"  # the partnership's own rating is kept
    assert len(queries.step_history(partnership, 1)) == 1
    demo_rows = StepRating.objects.filter(partnership=partnership).exclude(step=1)
    assert all(row.evidence.startswith("Illustrative: ") or not row.evidence for row in demo_rows)
    standing = queries.standings_by_part(partnership)[0][1][1]
    assert standing.current.rating == "established" and standing.previous.rating == "developing"

    count = StepRating.objects.count()
    demo_selfassessment_load(partnership=partnership, by=owner)
    assert StepRating.objects.count() == count
