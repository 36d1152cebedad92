"""The evaluation framework's wording: labels and the report's sentences."""

from placematters.evaluation import presenters


def test_an_indicator_says_whether_it_is_the_gap_or_the_value():
    assert presenters.indicator_label("Smoking", "E07000147", True) == (
        "Smoking, gap by deprivation (SII), E07000147"
    )
    assert presenters.indicator_label("Smoking", "E07000147", False) == (
        "Smoking, the area's value, E07000147"
    )


def test_measured_by_names_the_measure_the_indicator_both_or_neither():
    assert presenters.measured_by("Quits", "") == "Measure: Quits"
    assert presenters.measured_by("", "Smoking") == "Indicator: Smoking"
    assert presenters.measured_by("Quits", "Smoking") == "Measure: Quits; Indicator: Smoking"
    assert presenters.measured_by("", "") == "Not yet chosen"


def test_resources_words_name_the_inputs_or_their_absence():
    assert presenters.resources_words("stretched", ["Advisers", "Halls"]) == (
        "Stretched (inputs: Advisers, Halls)"
    )
    assert presenters.resources_words("unchecked", []) == "Not yet checked (no input leads to it)"


def test_coverage_and_status_sentences():
    assert presenters.coverage_sentence(0, 0) == "The logic model has no outcomes to evaluate yet."
    assert presenters.coverage_sentence(1, 1) == (
        "1 of 1 outcome in the logic model has an evaluation entry."
    )
    assert presenters.coverage_sentence(2, 5) == (
        "2 of 5 outcomes in the logic model have an evaluation entry."
    )
    assert presenters.status_sentence(True, "4 March 2026", "") == (
        "The partnership agreed the evaluation framework on 4 March 2026."
    )


def test_the_resources_sentence_counts_judgements_and_outcomes_without_inputs():
    assert presenters.resources_sentence({}, 3) == "No outcome's resources have been checked yet."
    assert presenters.resources_sentence({"stretched": 1}, 1) == (
        "Resources check: 1 judged stretched. 1 outcome has no input leading to it in the logic "
        "model."
    )
    assert presenters.resources_sentence({"not_enough": 2, "enough": 1}, 2) == (
        "Resources check: 1 judged enough and 2 judged not enough. 2 outcomes have no input "
        "leading to them in the logic model."
    )


def test_soft_outcome_and_equity_sentences_agree_in_number():
    assert presenters.soft_outcomes_sentence(1, 3) == (
        "1 of 3 evaluation entries records soft outcomes."
    )
    assert presenters.soft_outcomes_sentence(0, 0).startswith("No outcome has an evaluation entry")
    assert presenters.equity_sentence(1, 2, 3) == (
        "1 of 3 evaluation entries tracks the gap by deprivation; 2 of 3 evaluation entries "
        "name the groups the figure is broken down by."
    )
