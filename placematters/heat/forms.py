from django import forms

from placematters.heat.models import Effect
from placematters.web.forms import GovukForm

TEXT = {"rows": 2}
CHOOSE_EFFECT = "Choose widen, narrow, no change or unknown"


class StartForm(GovukForm):
    title = forms.CharField(
        label="Title of the assessment",
        max_length=200,
        error_messages={"required": "Enter a title for the assessment"},
    )
    programme = forms.CharField(
        label="Programme assessed (optional)",
        max_length=200,
        required=False,
        help_text="Leave blank to assess the partnership's action plan",
    )


class PrepareForm(StartForm):
    description = forms.CharField(
        label="Describe the work",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Its aims, the people and area it covers, where it is in its cycle",
    )
    involved = forms.CharField(
        label="Who is involved and who sponsors the assessment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label="Data, evidence and insight held, and the gaps (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GridForm(GovukForm):
    """One text box and one 'HEAT priority' box per group and dimension."""

    def __init__(self, *args, groups, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for group in groups:
            for key, title in dimensions:
                name = f"{group.key}__{key}"
                self.fields[name] = forms.CharField(
                    label=f"{group.title}: {title}", required=False, widget=forms.Textarea(TEXT)
                )
                self.fields[f"{name}__priority"] = forms.BooleanField(
                    label=f"HEAT priority for {group.title}, {title.lower()}",
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
                )
                self.cells.append((group.key, key, name))

    def cell_values(self) -> dict:
        data = self.cleaned_data
        return {
            (group, dimension): (data.get(name, ""), data.get(f"{name}__priority", False))
            for group, dimension, name in self.cells
        }


class RefineForm(GovukForm):
    """The likely impact on each group with its mitigation and the plan's actions that carry it
    out (when the plan has any), then the changes and measures."""

    def __init__(self, *args, groups, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = [group.key for group in groups]
        self.with_actions = actions is not None and actions.exists()
        for group in groups:
            self.fields[f"{group.key}__effect"] = forms.ChoiceField(
                label=f"Likely impact on {group.title}",
                choices=Effect.choices,
                required=False,
                error_messages={"invalid_choice": f"{CHOOSE_EFFECT} for {group.title}"},
            )
            self.fields[f"{group.key}__mitigation"] = forms.CharField(
                label=f"Mitigation for {group.title} (optional)",
                required=False,
                widget=forms.Textarea(TEXT),
            )
            if self.with_actions:
                self.fields[f"{group.key}__actions"] = forms.ModelMultipleChoiceField(
                    label=f"Actions in the plan that carry out the mitigation for {group.title} "
                    "(optional)",
                    queryset=actions,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={
                        "invalid_choice": "Choose actions from this partnership's action plan"
                    },
                )
        self.fields["changes"] = forms.CharField(
            label="What will you change to reduce the inequalities found?",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["measures"] = forms.CharField(
            label="How will you measure the effect for each group? (optional)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def impact_values(self) -> dict:
        """Group key to (effect, mitigation), with the list of mitigating actions third when
        the form offers them."""
        data = self.cleaned_data
        values = {}
        for group in self.groups:
            effect = data.get(f"{group}__effect") or "unknown"
            mitigation = data.get(f"{group}__mitigation", "")
            values[group] = (
                (effect, mitigation, list(data.get(f"{group}__actions") or []))
                if self.with_actions
                else (effect, mitigation)
            )
        return values


class ReviewForm(GovukForm):
    reviewer = forms.CharField(
        label="Who will review the assessment",
        max_length=200,
        required=False,
        help_text="A name or a role; reminders show 6 and 12 months after completion",
    )
    review_notes = forms.CharField(
        label="Notes for the review (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, what changed for each group, lessons and continued focus",
    )
