from django import forms

from placematters.measures.content import load_oba
from placematters.measures.models import Category, Improvement, SeriesKind
from placematters.web.forms import DateInput, GovukForm


class ResultForm(GovukForm):
    statement = forms.CharField(
        label="Population result",
        max_length=300,
        help_text="A condition of well-being for everyone in the area, in plain words, "
        "for example: Everyone in Coastal Bay lives a long and healthy life",
        error_messages={"required": "Enter the result, for example All children thrive"},
    )


class ResultIndicatorForm(GovukForm):
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=None,
        empty_label="Choose an indicator",
        error_messages={
            "required": "Choose an indicator",
            "invalid_choice": "Choose one of the indicators this partnership can see",
        },
    )
    area_code = forms.ChoiceField(
        label="Area",
        error_messages={
            "required": "Choose the area the indicator is for",
            "invalid_choice": "Choose one of the partnership's areas of focus",
        },
    )
    kind = forms.ChoiceField(
        label="What to track",
        choices=SeriesKind.choices,
        widget=forms.RadioSelect,
        initial=SeriesKind.VALUE,
        error_messages={"required": "Choose the area's value or the gap by deprivation"},
    )
    baseline_period = forms.CharField(
        label="Baseline period (optional)",
        required=False,
        max_length=30,
        help_text="As the indicator writes it, for example 2018-20. Blank takes the first "
        "period held",
    )
    target = forms.CharField(
        label="Target (optional)",
        max_length=30,
        required=False,
        help_text="The SPC chart says whether the series consistently meets it",
    )

    def __init__(self, *args, indicators, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["area_code"].choices = areas


class ResultIndicatorEditForm(ResultIndicatorForm):
    """The link's area, series, baseline and target; the indicator itself stays."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, indicators=None, areas=areas, **kwargs)
        del self.fields["indicator"]


class MeasureForm(GovukForm):
    name = forms.CharField(
        label="Measure",
        max_length=200,
        help_text="For example: Number of people setting a quit date",
        error_messages={"required": "Enter the name of the measure"},
    )
    category = forms.ChoiceField(
        label="Kind of measure",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how much, how well or is anyone better off"},
    )
    service = forms.CharField(
        label="Service it measures (optional if you choose an action)",
        max_length=200,
        required=False,
    )
    action = forms.ModelChoiceField(
        label="Action of the plan it measures (optional)",
        queryset=None,
        required=False,
        empty_label="No action",
        error_messages={"invalid_choice": "Choose an action from this partnership's plan"},
    )
    result = forms.ModelChoiceField(
        label="Population result it contributes to (optional)",
        queryset=None,
        required=False,
        empty_label="No result",
        error_messages={"invalid_choice": "Choose one of this partnership's population results"},
    )
    improvement = forms.ChoiceField(
        label="Which direction is better",
        choices=Improvement.choices,
        widget=forms.RadioSelect,
        initial=Improvement.INCREASE,
        error_messages={"required": "Choose whether higher or lower is better"},
    )
    unit = forms.CharField(
        label="Unit (optional)", max_length=60, required=False, help_text="For example: people or %"
    )
    target = forms.CharField(label="Target (optional)", max_length=30, required=False)

    def __init__(self, *args, actions, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        self.fields["result"].queryset = results


class ValueForm(GovukForm):
    period = forms.DateField(
        label="Period",
        widget=DateInput(),
        help_text="The first day of the period, for example 2026-04-01 for April 2026",
        error_messages={
            "required": "Enter the period, for example 2026-04-01",
            "invalid": "Enter the period as a real date, for example 2026-04-01",
        },
    )
    value = forms.CharField(
        label="Value",
        max_length=30,
        error_messages={"required": "Enter the value, for example 42 or 3.5"},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class ValueEditForm(GovukForm):
    value = forms.CharField(
        label="Value",
        max_length=30,
        error_messages={"required": "Enter the value, for example 42 or 3.5"},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class RebaseForm(GovukForm):
    rebase_from = forms.TypedChoiceField(
        label="Recalculate the limits from",
        coerce=str,
        required=False,
        help_text="Choose the first period after a known change to the process",
        error_messages={"invalid_choice": "Choose one of the periods holding a value"},
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rebase_from"].choices = [("", "Do not rebase (one set of limits)")] + [
            (period.isoformat(), period.strftime("%b %Y")) for period in periods
        ]


class WorksheetForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in load_oba()["worksheet"]:
            self.fields[part["key"]] = forms.CharField(
                label=part["title"],
                help_text=part["hint"],
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
