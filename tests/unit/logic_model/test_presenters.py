from placematters.logic_model.chain import a
from placematters.logic_model.presenters import (
    confidence_words,
    kind_label,
    link_words,
    measure_words,
    model_summary,
)


def test_labels_and_articles():
    assert kind_label("outcome_short") == "Short-term outcome"
    assert a("output") == "an output" and a("activity") == "an activity"
    assert a("outcome_long") == "a long-term outcome" and a("impact") == "an impact"
    assert confidence_words("untested") == "Assumption untested"


def test_measure_words():
    assert measure_words("", "") == "No measure"
    assert measure_words("Smoking prevalence", "") == "Indicator: Smoking prevalence"
    assert measure_words("Smoking prevalence", "Quits") == "Indicator: Smoking prevalence; Quits"
    assert measure_words("", "Quits") == "Quits"


def test_link_words():
    assert link_words("Quits", "high", "NICE", "") == "Quits (High confidence; evidence: NICE)"
    assert link_words("Quits", "low", "", "") == "Quits (Low confidence; no evidence given)"


def test_model_summary():
    assert model_summary(0, 0, 0) == "The partnership has not yet drafted its logic model."
    assert model_summary(1, 1, 1) == (
        "The logic model has 1 element and 1 link between them; "
        "the checks raise 1 warning still to resolve."
    )
    assert model_summary(5, 4, 0).endswith("4 links between them; the checks raise no warnings.")
