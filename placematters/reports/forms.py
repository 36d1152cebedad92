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
