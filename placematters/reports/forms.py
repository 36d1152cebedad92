from django import forms

from placematters.reports.models import ReportRender
from placematters.web.forms import GovukForm


class RenderForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which file do you want?",
        choices=ReportRender.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you want a PDF or a Word document",
            "invalid_choice": "Select whether you want a PDF or a Word document",
        },
    )


class SnapshotForm(GovukForm):
    """The name and note of a frozen version; the action checks the name is new."""

    label = forms.CharField(
        label="Name of this version",
        help_text="For example, the meeting it is for: Board meeting 3 March",
        max_length=120,
        error_messages={
            "required": "Enter a name for this version, for example the meeting it is for",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Why this version is being kept, or what was agreed with it",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 1000 characters or fewer"},
    )


class CompareForm(GovukForm):
    """Which later version to compare a snapshot with: the plan and report now, or another
    snapshot."""

    against = forms.ChoiceField(
        label="Compare with",
        required=False,
        error_messages={
            "invalid_choice": "Select a later frozen version from the list, or the report and "
            "plan now"
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].choices = [("", "The report and plan now"), *choices]
