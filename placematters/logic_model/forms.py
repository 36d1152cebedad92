from django import forms

from placematters.logic_model.chain import KINDS, LABELS
from placematters.logic_model.models import Confidence
from placematters.logic_model.presenters import kind_label
from placematters.web.forms import GovukForm


class ElementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, element) -> str:
        return f"{element.title} ({kind_label(element.kind)})"


class ElementForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of element",
        choices=[(kind, LABELS[kind]) for kind in KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of element this is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the element's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator = forms.ModelChoiceField(
        label="Indicator that measures it (optional)",
        queryset=None,
        required=False,
        empty_label="No indicator",
        help_text="One of the indicators the partnership holds",
        error_messages={"invalid_choice": "Choose one of the indicators this partnership holds"},
    )
    measure = forms.CharField(
        label="Other measure (optional)",
        max_length=300,
        required=False,
        help_text="How else you will know it has happened, for example a survey or a count",
        error_messages={"max_length": "The measure must be 300 characters or fewer"},
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class LinkForm(GovukForm):
    source = ElementChoiceField(
        label="From",
        queryset=None,
        empty_label="Choose an element",
        error_messages={
            "required": "Choose the element the link starts from",
            "invalid_choice": "Choose the element the link starts from from this logic model",
        },
    )
    target = ElementChoiceField(
        label="Leads to",
        queryset=None,
        empty_label="Choose an element",
        error_messages={
            "required": "Choose the element it leads to",
            "invalid_choice": "Choose the element it leads to from this logic model",
        },
    )
    confidence = forms.ChoiceField(
        label="Confidence in this link",
        choices=Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how confident the partnership is in this link"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the partnership believes this step leads to the next",
    )
    evidence_url = forms.CharField(
        label="Web address of the evidence (optional)",
        max_length=500,
        required=False,
        error_messages={"max_length": "The web address must be 500 characters or fewer"},
    )

    def __init__(self, *args, elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = elements
        self.fields["target"].queryset = elements
