from django import forms

from placematters.engagement.actions import OTHER_PARTNERSHIP_ACTION
from placematters.engagement.content import (
    GEOGRAPHY,
    OWN,
    approach_choices,
    level_choices,
    load_communities,
)
from placematters.engagement.models import (
    ActionStatus,
    ActivityKind,
    ActivityStatus,
    HeardKind,
    PlanStatus,
)
from placematters.planning.presenters import status_tag
from placematters.web.forms import DateInput, GovukForm

DATE_ERRORS = {"invalid": "Enter a real date, for example 2027-03-31"}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return membership.user.display_name


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, community) -> str:
        return community.name + (" (priority)" if community.is_priority else "")


class CommunitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, community) -> str:
        return community.name


class PlanActionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, action) -> str:
        return f"{action.title} ({status_tag(action.status).text})"


def reference_choices(areas) -> list:
    """Grouped choices: each reference list, then the areas of focus, then 'your own'."""
    groups = [
        (item.title, [(f"{item.key}:{group.key}", group.name) for group in item.groups])
        for item in load_communities().lists
    ]
    if areas:
        groups.append(
            (
                "The partnership's areas of focus",
                [
                    (f"{GEOGRAPHY}:{area.gss_code}", f"People living in {area.name}")
                    for area in areas
                ],
            )
        )
    groups.append(("Your own", [(f"{OWN}:", "A community of our own (name it below)")]))
    return [("", "Choose a community"), *groups]


class CommunityAddForm(GovukForm):
    community = forms.ChoiceField(
        label="Community",
        help_text="Choose from the reference lists, your areas of focus, or add your own",
        error_messages={"required": "Choose a community", "invalid_choice": "Choose a community"},
    )
    name = forms.CharField(
        label="Name of your own community",
        required=False,
        max_length=200,
        help_text="Only if you chose 'a community of our own', for example 'Seasonal farm workers'",
    )
    why = forms.CharField(
        label="Why it is a priority",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the data or local knowledge says about this community",
    )
    is_priority = forms.BooleanField(label="Mark as a priority community", required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = reference_choices(areas)

    def clean(self):
        data = super().clean()
        choice = data.get("community")
        if choice:
            source, _, key = choice.partition(":")
            data["source"], data["reference_key"] = source, key
            if source == OWN and not data.get("name", "").strip():
                self.add_error("name", "Enter the name of your own community")
        return data

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "reference_key": data["reference_key"],
            "name": data.get("name", ""),
            "why": data.get("why", ""),
            "is_priority": data.get("is_priority", False),
        }


class CommunityEditForm(GovukForm):
    why = forms.CharField(
        label="Why it is a priority", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_priority = forms.BooleanField(label="Mark as a priority community", required=False)


class PlanEntryForm(GovukForm):
    community = CommunityChoiceField(
        queryset=None,
        empty_label="Choose a community",
        error_messages={"required": "Choose a community"},
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the engagement is for and which decisions people can influence",
        error_messages={"required": "Enter the purpose"},
    )
    level = forms.ChoiceField(
        label="Level of participation on offer",
        choices=level_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a level of participation"},
    )
    method = forms.CharField(
        max_length=300,
        help_text="How and where, for example 'Drop-in sessions at the community larder, "
        "with an interpreter'",
        error_messages={"required": "Enter the method"},
    )
    approach = forms.ChoiceField(
        label="Community-centred approach",
        choices=approach_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an approach"},
    )
    lead = MemberChoiceField(queryset=None, required=False, empty_label="No lead yet")
    starts_on = forms.DateField(
        label="Start date", required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label="End date", required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    status = forms.ChoiceField(choices=PlanStatus.choices, initial=PlanStatus.PLANNED)

    def __init__(self, *args, communities, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["lead"].queryset = members


class LogEntryForm(GovukForm):
    title = forms.CharField(
        label="What happened",
        max_length=200,
        help_text="For example, 'Coffee morning at the Cromer community centre'",
        error_messages={"required": "Enter what happened"},
    )
    happened_on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": "Enter the date it happened"},
    )
    communities = CommunitiesField(
        label="Communities who took part",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one community that took part"},
    )
    participants = forms.CharField(
        label="Who took part",
        required=False,
        max_length=300,
        help_text="In broad terms, for example 'parents of young children, two outreach workers'",
    )
    participant_count = forms.IntegerField(
        label="How many people took part",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the number of people as a whole number",
            "min_value": "The number of people cannot be below 0",
        },
    )
    level_reached = forms.ChoiceField(
        label="Level of participation actually reached",
        choices=level_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level reached"},
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    links = forms.CharField(
        label="Links to notes, photos or reports",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One web address per line, starting with https://",
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = communities

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class HeardForm(GovukForm):
    kind = forms.ChoiceField(
        label="Theme or quote",
        choices=HeardKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose theme or quote"},
    )
    text = forms.CharField(
        label="What was heard",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was heard"},
    )
    consent = forms.BooleanField(
        label="The person agreed to their words being quoted",
        required=False,
        help_text="Without consent a quote is never shown in exports or summaries",
    )


class DecisionForm(GovukForm):
    text = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was decided"},
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": "Enter the date of the decision"},
    )
    decided_by = forms.CharField(
        label="Who decided",
        max_length=200,
        help_text="A person, board or meeting, for example 'Partnership board'",
        error_messages={"required": "Enter who decided"},
    )
    plan_actions = PlanActionsField(
        label="Actions in the action plan that carry it out",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their progress comes from the action plan: done when every one is done",
        error_messages={"invalid_choice": OTHER_PARTNERSHIP_ACTION},
    )
    action_reference = forms.CharField(
        label="Or an action outside the plan",
        required=False,
        max_length=300,
        help_text="A short description or reference, for work the action plan does not hold",
    )
    action_status = forms.ChoiceField(
        label="Progress of the action outside the plan",
        choices=ActionStatus.choices,
        required=False,
    )

    def __init__(self, *args, plan_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_actions"].queryset = plan_actions
        if not plan_actions.exists():
            del self.fields["plan_actions"]


class CapacityActivityForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a type"},
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(
        max_length=200,
        help_text="The community group or person who owns it",
        error_messages={"required": "Enter who owns it"},
    )
    community = CommunityChoiceField(queryset=None, required=False, empty_label="No one community")
    status = forms.ChoiceField(choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED)
    starts_on = forms.DateField(
        label="Start date", required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label="End date",
        required=False,
        widget=DateInput(),
        help_text="For funding, when it ends",
        error_messages=DATE_ERRORS,
    )
    amount = forms.DecimalField(
        label="Amount in pounds",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter an amount in pounds, for example 1500 or 99.50",
            "min_value": "Enter an amount of £0 or more",
            "max_decimal_places": "Enter pence as two digits at most",
            "max_digits": "Enter an amount below £100,000,000",
        },
    )
    people = forms.IntegerField(
        label="People trained, funded or volunteering",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the number of people as a whole number",
            "min_value": "The number of people cannot be below 0",
        },
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
