from django import forms

from placematters.partnerships.models import Sector
from placematters.stakeholders.actions import web_address_error
from placematters.stakeholders.content import load_grid
from placematters.stakeholders.models import Approach, Kind, WorkKind
from placematters.web.forms import DateInput, GovukForm

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]
SCORE_ERRORS = {
    "required": "Choose a score from 1 (lowest) to 5 (highest)",
    "invalid_choice": "Choose a score from 1 (lowest) to 5 (highest)",
}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return membership.user.display_name


def score_field(label: str, help_text: str, widget=forms.RadioSelect) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=widget,
        help_text=help_text,
        error_messages=SCORE_ERRORS,
    )


class StakeholderForm(GovukForm):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the stakeholder's name"}
    )
    kind = forms.ChoiceField(
        label="Person or organisation",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a person or an organisation"},
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation (optional)",
        queryset=None,
        required=False,
        empty_label="Not a partner organisation",
        help_text="If this stakeholder is, or works for, one of the partnership's organisations",
        error_messages={"invalid_choice": "Choose one of this partnership's organisations"},
    )
    role = forms.CharField(
        label="Role (optional)",
        max_length=200,
        required=False,
        help_text="For example 'Director of Public Health' or 'residents' association'",
    )
    sector = forms.ChoiceField(
        label="Sector (optional)",
        choices=[("", "Not given"), *Sector.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a sector from the list"},
    )
    power = score_field("Power", load_grid().scale["power"])
    interest = score_field("Interest", load_grid().scale["interest"])
    influence_notes = forms.CharField(
        label="Influence notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What they can influence, who they listen to, and anything that could move them",
    )
    lived_experience = forms.BooleanField(
        label="This stakeholder has lived experience of the issues the partnership works on",
        required=False,
    )
    contact = forms.CharField(
        label="Contact (optional)",
        max_length=300,
        required=False,
        help_text="How to reach them, for example a work e-mail address or a phone number",
    )
    approach = forms.ChoiceField(
        label="How the partnership engages them now",
        choices=Approach.choices,
        widget=forms.RadioSelect,
        help_text="The grid suggests an approach for each quadrant; the page flags any difference",
        error_messages={"required": "Choose how the partnership engages them now"},
    )
    owner = MemberChoiceField(
        label="Owner in the partnership (optional)",
        queryset=None,
        required=False,
        empty_label="No owner yet",
        help_text="The member who looks after the relationship",
        error_messages={"invalid_choice": "Choose a member of this partnership"},
    )
    last_reviewed = forms.DateField(
        label="Last reviewed (optional)",
        required=False,
        widget=DateInput(),
        help_text="When the partnership last checked this stakeholder's position, "
        "for example 2026-11-01",
        error_messages={"invalid": "Enter a real date, for example 2026-11-01"},
    )

    def __init__(self, *args, organisations, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["owner"].queryset = members


class MoveForm(GovukForm):
    power = score_field("Power", "", widget=forms.Select)
    interest = score_field("Interest", "", widget=forms.Select)


class InfrastructureForm(GovukForm):
    decision_making = forms.CharField(
        label="How decisions are made",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: by consensus at the partnership meeting; the chair decides "
        "between meetings",
    )
    decision_recording = forms.CharField(
        label="How decisions are recorded",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: a decision log kept by the secretariat, shared after each meeting",
    )
    reports_to = forms.CharField(
        label="Board it reports to",
        max_length=300,
        required=False,
        help_text="For example: the Health and Wellbeing Board",
    )
    meeting_frequency = forms.CharField(
        label="How often the partnership meets",
        max_length=200,
        required=False,
        help_text="For example: every 6 weeks",
    )
    next_meeting = forms.DateField(
        label="Date of the next meeting",
        required=False,
        widget=DateInput(),
        help_text="For example, 2027-01-15",
        error_messages={"invalid": "Enter a real date, for example 2027-01-15"},
    )
    terms_of_reference_url = forms.URLField(
        label="Terms of reference (web address)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="A link to where the agreed terms of reference are kept",
        error_messages={
            "invalid": "Enter the web address of the terms of reference, starting with https://"
        },
    )


class LeadForm(GovukForm):
    who = forms.ChoiceField(
        label="Lead",
        error_messages={
            "required": "Choose a member or a stakeholder as the lead",
            "invalid_choice": "Choose a member or a stakeholder from the list",
        },
    )
    responsibility = forms.CharField(
        label="Responsibility",
        max_length=300,
        help_text="For example: chairs the partnership; champions health equity in the council",
        error_messages={"required": "Enter what this lead is responsible for"},
    )

    def __init__(self, *args, members, stakeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {f"member-{m.pk}": m for m in members}
        self.stakeholders = {f"stakeholder-{s.pk}": s for s in stakeholders}
        groups = [
            (
                "Members of the partnership",
                [(key, m.user.display_name) for key, m in self.members.items()],
            ),
            ("Stakeholders", [(key, s.name) for key, s in self.stakeholders.items()]),
        ]
        self.fields["who"].choices = [("", "Choose a lead")] + [
            group for group in groups if group[1]
        ]

    def lead(self) -> dict:
        """The chosen person as the action's keyword arguments."""
        who = self.cleaned_data["who"]
        return {"member": self.members.get(who), "stakeholder": self.stakeholders.get(who)}


class CommitmentForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose a partner organisation",
            "invalid_choice": "Choose one of this partnership's organisations",
        },
    )
    commitment = forms.CharField(
        label="What it commits",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Time and resources, for example: an analyst one day a week; meeting rooms",
        error_messages={"required": "Enter what the organisation commits, in time or resources"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ExistingWorkForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example: Joint strategic needs assessment: coastal communities chapter",
        error_messages={"required": "Enter the title of the work"},
    )
    kind = forms.ChoiceField(
        label="What kind of work is it?",
        choices=WorkKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of work it is",
            "invalid_choice": "Choose what kind of work it is",
        },
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation that did it (optional)",
        queryset=None,
        required=False,
        empty_label="Not one of the partner organisations",
        error_messages={"invalid_choice": "Choose one of this partnership's organisations"},
    )
    year = forms.IntegerField(
        label="Year",
        help_text="The year it was published or finished, for example 2024",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year it was published or finished, for example 2024",
            "invalid": "Enter the year as a number, for example 2024",
        },
    )
    url = forms.CharField(
        label="Link (optional)",
        max_length=500,
        required=False,
        help_text="Where it can be read, starting with https://",
        error_messages={"max_length": "The web address must be 500 characters or fewer"},
    )
    covers = forms.CharField(
        label="What it covers",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The places, groups and topics it looks at",
        error_messages={"required": "Enter what the work covers"},
    )
    reuse = forms.CharField(
        label="How the partnership will reuse it (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: use its ward profiles instead of collecting the data again",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_url(self) -> str:
        """Checked here too, so a bad link is reported with the form's other errors."""
        url = self.cleaned_data["url"].strip()
        error = web_address_error(url)
        if error:
            raise forms.ValidationError(error)
        return url
