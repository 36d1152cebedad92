"""An illustrative theory of change logic model for the demo partnership, through the real
actions.

Invented for illustration (every element's description says so): a stop-smoking and
healthy-homes chain from inputs to impact, with evidence and a confidence note on each link,
an assumption and an external factor. The medium-term outcome on mental wellbeing is
deliberately left without a measure so the page's checks have something to show. Outcomes are
measured by the demo's smoking prevalence, under-75 mortality and life expectancy indicators
when the demo holds them (else by the indicator's name as text). Loading is idempotent:
nothing is added when the model already has elements.
"""

from placematters.demo.data import SPECS, external_id
from placematters.indicators import queries as indicator_queries
from placematters.logic_model import actions, queries

ELEMENTS = [
    # (key, kind, title, description, indicator spec key, measure)
    ("advisers", "input", "Stop-smoking advisers", "Two advisers from the "
     "council's public health grant.", "", ""),
    ("venues", "input", "Community venues", "Halls offered by partners.", "", ""),
    ("clinics", "activity", "Drop-in stop-smoking clinics", "Weekly clinics in the coastal "
     "wards.", "", ""),
    ("homes", "activity", "Smoke-free homes pledge", "Families pledge to smoke outside.", "", ""),
    ("sessions", "output", "Clinic sessions delivered", "", "", "Sessions run each quarter"),
    ("pledges", "output", "Pledges signed", "", "", "Pledge cards returned"),
    ("quits", "outcome_short", "More four-week quits", "", "", "Four-week quit rate"),
    ("prevalence", "outcome_medium", "Fewer adults smoke", "", "smoking", ""),
    ("wellbeing", "outcome_medium", "Better mental wellbeing in the coastal wards",
     "Left unmeasured on purpose so the check shows.", "", ""),
    ("mortality", "outcome_long", "Fewer early deaths from smoking-related disease", "",
     "under-75-mortality", ""),
    ("impact", "impact", "Longer, healthier lives and a narrower gap", "", "life-expectancy", ""),
    ("assume", "assumption", "People who smoke will come to a drop-in", "", "", ""),
    ("external", "external", "National tobacco policy and prices", "", "", ""),
]  # fmt: skip

LINKS = [
    # (from, to, confidence, evidence, evidence URL)
    ("advisers", "clinics", "high", "Illustrative: staffing agreed by the council.", ""),
    ("venues", "clinics", "medium", "Illustrative: three halls offered so far.", ""),
    ("clinics", "sessions", "high", "Illustrative: the pilot ran 40 sessions.", ""),
    ("homes", "pledges", "low", "", ""),
    ("sessions", "quits", "high", "NICE guideline NG209 on tobacco treatment.",
     "https://www.nice.org.uk/guidance/ng209"),
    ("pledges", "wellbeing", "untested", "Illustrative: families said so at engagement events.",
     ""),
    ("quits", "prevalence", "medium", "Illustrative: quits add up over several years.", ""),
    ("prevalence", "mortality", "high", "Smoking is the largest single cause of preventable "
     "death.", "https://www.gov.uk/government/publications/smoking-and-tobacco-applying-all-our-health"),
    ("mortality", "impact", "medium", "Illustrative.", ""),
    ("assume", "clinics", "untested", "", ""),
    ("external", "prevalence", "medium", "Illustrative: price rises cut smoking.", ""),
]  # fmt: skip


def _indicator(partnership, key: str):
    spec = next((spec for spec in SPECS if spec.key == key), None) if key else None
    if spec is None:
        return None
    found = indicator_queries.indicators_in_scope(partnership, external_ids=[external_id(spec)])
    return found[0] if found else None


def demo_logic_model_load(*, partnership, by) -> None:
    if queries.elements(partnership).exists():
        return
    made = {}
    for key, kind, title, description, indicator_key, measure in ELEMENTS:
        indicator = _indicator(partnership, indicator_key)
        if indicator_key and indicator is None:
            spec = next(spec for spec in SPECS if spec.key == indicator_key)
            measure = spec.name
        made[key] = actions.logic_element_add(
            by=by,
            partnership=partnership,
            kind=kind,
            title=title,
            description=f"Illustrative. {description}".strip(),
            indicator=indicator,
            measure=measure,
        )
    for source, target, confidence, evidence, url in LINKS:
        actions.logic_link_add(
            by=by,
            partnership=partnership,
            source=made[source],
            target=made[target],
            confidence=confidence,
            evidence=evidence,
            evidence_url=url,
        )
