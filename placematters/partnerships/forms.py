from django import forms

from placematters.partnerships.models import Role, Sector, gss_code_validator
from placematters.web.forms import GovukForm


class PartnershipForm(GovukForm):
    name = forms.CharField(
        max_length=200,
        help_text="For example, North Norfolk locality partnership",
        error_messages={"required": "Enter the partnership's name"},
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partnership is for and who takes part (optional)",
    )


class AreaForm(GovukForm):
    gss_code = forms.CharField(
        label="GSS code",
        max_length=9,
        help_text="The area's 9-character code from the Office for National Statistics, "
        "for example E07000147 for North Norfolk",
        error_messages={"required": "Enter the area's GSS code"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label="Area name",
        max_length=200,
        error_messages={"required": "Enter the area's name"},
    )

    def clean_gss_code(self) -> str:
        code = self.cleaned_data["gss_code"].strip().upper()
        gss_code_validator(code)
        return code


class OrganisationForm(GovukForm):
    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
    )
    sector = forms.ChoiceField(
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation's sector"},
    )


ROLE_HELP = (
    "Owners manage the partnership and its members. Editors work on the toolkit. "
    "Viewers can read everything but change nothing."
)


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the e-mail address of the person to invite",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
        error_messages={"required": "Choose the role the person will have"},
    )


class MemberForm(GovukForm):
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
        error_messages={"required": "Choose a role"},
    )
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="No organisation",
        help_text="The partner organisation this person works for (optional)",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AcceptInvitationForm(GovukForm):
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Avoid common words and your name.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
    )
    password_again = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter your password again"},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords do not match")
        return data
