from django import forms

from placematters.evaluation import queries
from placematters.evaluation.models import Design, Frequency, Resources
from placematters.web.forms import DateInput, GovukForm


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, link) -> str:
        return queries.indicator_text(link)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return queries.member_text(membership)


class EntryForm(GovukForm):
    measure = forms.ModelChoiceField(
        label="Performance measure (optional)",
        queryset=None,
        required=False,
        empty_label="No performance measure",
        help_text="One of the partnership's performance measures, from Measures and scorecard",
        error_messages={"invalid_choice": "Choose one of this partnership's performance measures"},
    )
    indicator = IndicatorChoiceField(
        label="Population indicator (optional)",
        queryset=None,
        required=False,
        empty_label="No population indicator",
        help_text="An indicator of one of the partnership's population results. Choose a gap "
        "by deprivation (SII) to track whether the inequality narrows.",
        error_messages={
            "invalid_choice": "Choose one of the indicators of this partnership's population "
            "results"
        },
    )
    data_source = forms.CharField(
        label="Data source (optional)",
        max_length=300,
        required=False,
        help_text="Where the figures come from, for example OHID Fingertips or the service's "
        "own records",
        error_messages={"max_length": "The data source must be 300 characters or fewer"},
    )
    baseline = forms.CharField(
        label="Baseline (optional)",
        max_length=300,
        required=False,
        help_text="The value at the start, with the period it is for",
        error_messages={"max_length": "The baseline must be 300 characters or fewer"},
    )
    target = forms.CharField(
        label="Target (optional)",
        max_length=300,
        required=False,
        help_text="What the partnership aims for, and by when",
        error_messages={"max_length": "The target must be 300 characters or fewer"},
    )
    frequency = forms.ChoiceField(
        label="How often it is looked at (optional)",
        choices=[("", "Not decided yet"), *Frequency.choices],
        required=False,
        error_messages={"invalid_choice": "Choose how often the figure will be looked at"},
    )
    responsible = MemberChoiceField(
        label="Member responsible (optional)",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        help_text="The member who collects the figures and reports them, broken down by group",
        error_messages={
            "invalid_choice": "Choose a member of this partnership as the person responsible"
        },
    )
    breakdown_groups = forms.CharField(
        label="Groups the figure is broken down by (optional)",
        max_length=300,
        required=False,
        help_text="So that gaps are tracked as closely as averages, for example deprivation "
        "quintile, ward, sex, ethnic group",
        error_messages={"max_length": "The groups must be 300 characters or fewer"},
    )
    questions = forms.CharField(
        label="Evaluation questions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the partnership wants to learn, for example: who has benefited, and "
        "by how much?",
    )
    soft_outcomes = forms.CharField(
        label="Soft outcomes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Changes that are harder to count, such as people's confidence, connection "
        "or wellbeing, and how you will hear about them",
    )
    resources = forms.ChoiceField(
        label="Can the resources named achieve this outcome?",
        choices=Resources.choices,
        widget=forms.RadioSelect,
        help_text="Follow the logic model back from this outcome to the inputs that lead to it",
        error_messages={
            "required": "Choose whether the resources named are enough",
            "invalid_choice": "Choose whether the resources named are enough",
        },
    )
    resources_note = forms.CharField(
        label="Note on resources (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, measures=(), indicators=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["indicator"].queryset = indicators
        self.fields["responsible"].queryset = members


class FrameworkForm(GovukForm):
    design = forms.ChoiceField(
        label="Evaluation design (optional)",
        choices=Design.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Before and after compares the figures with the baseline; comparison with "
        "similar areas asks whether places without the plan changed as much; contribution "
        "analysis tests the logic model's story link by link against the evidence",
        error_messages={
            "invalid_choice": "Choose how the partnership will tell whether the plan made a "
            "difference"
        },
    )
    design_notes = forms.CharField(
        label="More about the design (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_when = forms.CharField(
        label="When results are reviewed (optional)",
        max_length=300,
        required=False,
        help_text="For example: every quarter at the partnership board",
        error_messages={"max_length": "When results are reviewed must be 300 characters or fewer"},
    )
    review_by = forms.CharField(
        label="Who reviews them (optional)",
        max_length=300,
        required=False,
        help_text="For example: the partnership board with the health and wellbeing board",
        error_messages={"max_length": "Who reviews the results must be 300 characters or fewer"},
    )
    sharing = forms.CharField(
        label="How findings are shared (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="With residents, partners and others: include what did not work",
    )


class AgreeForm(GovukForm):
    agreed_on = forms.DateField(
        label="Date the partnership agreed the framework",
        widget=DateInput(),
        help_text="For example 2026-11-01",
        error_messages={
            "required": "Enter the date the partnership agreed the framework",
            "invalid": "Enter a real date, for example 2026-11-01",
        },
    )
