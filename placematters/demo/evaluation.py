"""An illustrative evaluation framework for the demo partnership, through the real actions.

Invented for illustration (every text says so): entries for the demo logic model's short-term
outcome (the four-week quits measure), the medium-term smoking outcome (the smoking gap by
deprivation, when the demo holds it), the long-term outcome (under-75 mortality) and the
impact, and a framework record agreed by the owner two weeks before ``today``. The mental
wellbeing outcome is left without an entry, and the long-term outcome's resources unchecked,
so the page's checks have something to show. Loading is idempotent: nothing is added once the
partnership has a framework record; a missing entry is added only for an outcome without one.
"""

import datetime

from django.utils import timezone

from placematters.demo.logic_model import ELEMENTS
from placematters.evaluation import actions, queries
from placematters.measures.models import SeriesKind

TITLES = {key: title for key, _kind, title, *_rest in ELEMENTS}
QUITS_MEASURE = "People who quit at four weeks (illustrative)"
MORTALITY = "under 75"

ENTRIES = [
    {
        "outcome": "quits",
        "measure": QUITS_MEASURE,
        "data_source": "The stop-smoking service's monthly returns (illustrative)",
        "target": "15 quits a month, every month, by the end of the year (illustrative)",
        "frequency": "monthly",
        "responsible": "editor@demo.example",
        "questions": "Illustrative: are people from the most deprived wards quitting as often "
        "as others? Which sessions work best?",
        "soft_outcomes": "Illustrative: confidence to stay smoke-free, and feeling connected to "
        "others at the drop-in, heard through a short conversation at twelve weeks.",
        "breakdown_groups": "Deprivation quintile, ward, sex",
        "resources": "enough",
        "resources_note": "Illustrative: two advisers and three halls cover weekly clinics in "
        "the two most deprived wards.",
    },
    {
        "outcome": "prevalence",
        "indicator": SeriesKind.SII,
        "data_source": "OHID Fingertips, from the Annual Population Survey (illustrative)",
        "target": "The gap by deprivation narrows each year to 2030 (illustrative)",
        "frequency": "yearly",
        "responsible": "owner@demo.example",
        "questions": "Illustrative: is smoking falling fastest where it is highest?",
        "breakdown_groups": "Deprivation decile (the slope index of inequality)",
        "resources": "stretched",
        "resources_note": "Illustrative: the advisers' time covers the coastal wards only.",
    },
    {
        "outcome": "mortality",
        "indicator": SeriesKind.VALUE,
        "data_source": "OHID Fingertips, from ONS death registrations (illustrative)",
        "target": "Below the England value by 2032 (illustrative)",
        "frequency": "yearly",
        "responsible": "owner@demo.example",
        "breakdown_groups": "Sex, deprivation quintile",
    },
    {
        "outcome": "impact",
        "data_source": "OHID Fingertips: life expectancy at birth by ward (illustrative)",
        "target": "A narrower gap in life expectancy between the most and least deprived "
        "wards by 2035 (illustrative)",
        "frequency": "at_end",
        "responsible": "owner@demo.example",
        "questions": "Illustrative: what did the partnership's work contribute, alongside "
        "national tobacco policy?",
        "resources": "stretched",
    },
]


def _indicator(partnership, kind: str):
    choices = [link for link in queries.indicator_choices(partnership) if link.kind == kind]
    if kind == SeriesKind.VALUE:
        choices = [link for link in choices if MORTALITY in link.indicator.name.lower()]
    return choices[0] if choices else None


def demo_evaluation_load(*, partnership, by, today: datetime.date | None = None) -> None:
    if queries.framework(partnership) is not None:
        return
    today = today or timezone.localdate()
    outcomes = {item.title: item for item in queries.outcomes(partnership)}
    members = {m.user.email: m for m in queries.member_choices(partnership)}
    measures = {m.name: m for m in queries.measure_choices(partnership)}
    for spec in ENTRIES:
        outcome = outcomes.get(TITLES[spec["outcome"]])
        if outcome is None or queries.entry(partnership, outcome.pk) is not None:
            continue
        measure = measures.get(spec.get("measure", ""))
        indicator = _indicator(partnership, spec["indicator"]) if "indicator" in spec else None
        texts = {
            key: value
            for key, value in spec.items()
            if key not in ("outcome", "measure", "indicator", "responsible")
        }
        actions.evaluation_entry_save(
            by=by,
            partnership=partnership,
            outcome=outcome,
            measure=measure,
            indicator=indicator,
            responsible=members.get(spec["responsible"]),
            baseline=queries.baseline_suggestion(partnership, measure, indicator),
            **texts,
        )
    actions.evaluation_framework_update(
        by=by,
        partnership=partnership,
        design="contribution",
        design_notes="Illustrative: the partnership tests each link of its logic model against "
        "the figures and what people say, and compares the district with similar districts.",
        review_when="Every quarter at the partnership board (illustrative)",
        review_by="The partnership board, reporting to the health and wellbeing board "
        "(illustrative)",
        sharing="Illustrative: a short report to residents through the community centre's "
        "newsletter, and a learning note to other Norfolk localities that includes what "
        "did not work.",
    )
    if queries.entries(partnership).exists():
        actions.evaluation_framework_agree(
            by=by,
            partnership=partnership,
            agreed_on=min(today - datetime.timedelta(days=14), timezone.localdate()),
        )
