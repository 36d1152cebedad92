"""The indicator page's choice of sex, age and category type (a GET form, ``choose``)."""

from django import forms

from placematters.web.forms import GovukForm

NO_CATEGORY = ""


class IndicatorChoiceForm(GovukForm):
    """Sex, age and category type, offering only what is held for the indicator and area.

    Unknown values do not stop the page: :func:`choose` falls back to the default for each
    unknown value and says so in the field's error (shown in the error summary).
    """

    sex = forms.ChoiceField(label="Sex", required=False)
    age = forms.ChoiceField(label="Age", required=False)
    category = forms.ChoiceField(label="Breakdown by", required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [(sex, sex) for sex in choices.sexes]
        self.fields["age"].choices = [(age, age) for age in choices.ages]
        self.fields["category"].choices = [
            (NO_CATEGORY, "No category (the default breakdown)"),
            *((kind, kind) for kind in choices.category_types),
        ]
        if not choices.category_types:
            del self.fields["category"]


def choose(query, choices) -> tuple[IndicatorChoiceForm, dict]:
    """The form as shown and the effective choice ({sex, age, category_type}).

    A value missing from the query string takes the default (Persons or the only sex held, the
    indicator's most common age, no category); a value that is not held falls back to the
    default too, with an error on its field saying what is shown instead.
    """
    wanted = {
        "sex": query.get("sex", choices.default_sex),
        "age": query.get("age", choices.default_age),
        "category": query.get("category", NO_CATEGORY),
    }
    allowed = {
        "sex": choices.sexes,
        "age": choices.ages,
        "category": [NO_CATEGORY, *choices.category_types],
    }
    defaults = {"sex": choices.default_sex, "age": choices.default_age, "category": NO_CATEGORY}
    effective, problems = {}, {}
    for name, value in wanted.items():
        if value in allowed[name] or value == defaults[name]:
            effective[name] = value
        else:
            effective[name] = defaults[name]
            problems[name] = _fallback_message(name, value, defaults[name])
    form = IndicatorChoiceForm(effective, choices=choices)
    form.is_valid()
    for name, message in problems.items():
        if name in form.fields:
            form.add_error(name, message)
    return form, {
        "sex": effective["sex"],
        "age": effective["age"],
        "category_type": effective["category"],
        "is_default": effective == defaults,
    }


def _fallback_message(name: str, value: str, default: str) -> str:
    shown = default or "no category"
    what = {"sex": "sex", "age": "age", "category": "breakdown"}[name]
    value = " ".join(str(value).split())[:60]
    return f"There are no figures for the {what} '{value}': showing {shown} instead."
