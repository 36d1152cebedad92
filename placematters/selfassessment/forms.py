from django import forms

from placematters.selfassessment.models import Rating
from placematters.web.forms import GovukForm


class StepRatingForm(GovukForm):
    rating = forms.ChoiceField(
        label="How far has the partnership got with this step?",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose not started, developing, established or embedded",
            "invalid_choice": "Choose not started, developing, established or embedded",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What shows the step is at this level: papers, decisions, data or examples. "
        "Needed for any rating other than not started.",
    )
