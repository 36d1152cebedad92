from django import forms

from placematters.asset_mapping.content import factor_choices
from placematters.asset_mapping.models import AssetType, ConnectorKind, Segment
from placematters.asset_mapping.presenters import normalise_postcode, within_uk
from placematters.partnerships.models import gss_code_validator
from placematters.web.forms import DateInput, GovukForm

ANY = [("", "Any")]
STALE_CHOICES = [("", "Any"), ("stale", "Needs checking"), ("current", "Checked recently")]
DISTANCE_CHOICES = [("0.5", "500 metres"), ("1", "1 kilometre"), ("2", "2 kilometres"),
                    ("5", "5 kilometres")]  # fmt: skip
DEFAULT_DISTANCE = "1"


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organisation) -> str:
        return organisation.name


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class AssetForm(GovukForm):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the name of the asset"}
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is and what it does, in a sentence or two",
    )
    segment = forms.ChoiceField(
        label="Segment of the triangle",
        choices=Segment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the segment of the triangle the asset belongs to"},
        help_text="Civic-level: what public bodies do for everyone. Service-based: services "
        "with good evidence. Community-centred: what the community has and does.",
    )
    asset_type = forms.ChoiceField(
        label="Type of asset",
        choices=AssetType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of asset"},
    )
    owner_organisation = OrganisationChoiceField(
        label="Owner organisation",
        queryset=None,
        required=False,
        empty_label="Not a partner organisation",
    )
    owner_name = forms.CharField(
        label="Owner (if not a partner organisation)", max_length=200, required=False
    )
    contact_name = forms.CharField(max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact e-mail address",
        required=False,
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )
    contact_phone = forms.CharField(label="Contact telephone", max_length=40, required=False)
    website = forms.URLField(
        label="Website",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address starting with https://"},
    )
    address = forms.CharField(max_length=300, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(
        max_length=10, required=False, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    latitude = forms.DecimalField(
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text="Optional, in decimal degrees, for example 52.62840",
        error_messages={"invalid": "Enter the latitude as a number, for example 52.62840"},
    )
    longitude = forms.DecimalField(
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text="Optional, for example 1.29230 (west of Greenwich is negative)",
        error_messages={"invalid": "Enter the longitude as a number, for example 1.29230"},
    )
    area_code = forms.CharField(
        label="Area code",
        max_length=9,
        required=False,
        help_text="Instead of an address: the GSS code of the area, for example E01026512",
    )
    areas_served = forms.CharField(
        required=False,
        help_text="GSS codes of the areas the asset serves, separated by commas",
    )
    target_groups = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Who it is for"
    )
    reach = forms.IntegerField(
        label="Reach",
        required=False,
        min_value=0,
        help_text="About how many people it reaches in a year",
        error_messages={
            "invalid": "Enter the reach as a whole number",
            "min_value": "The reach cannot be less than 0",
        },
    )
    capacity = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    eligibility = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.CharField(required=False, help_text="For example, free, or £2 a session")
    opening_times = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    determinants = forms.MultipleChoiceField(
        label="What drives health: factors the asset addresses",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence_links = forms.CharField(
        label="Evidence links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Web addresses of evaluations or reports, one a line",
    )
    last_verified = forms.DateField(
        label="Date the details were last checked",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 2026-03-31"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["determinants"].choices = factor_choices()

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a real UK postcode, for example NR1 2DH")
        return postcode

    def clean_area_code(self) -> str:
        code = self.cleaned_data["area_code"].strip().upper()
        if code:
            try:
                gss_code_validator(code)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    "Enter a GSS code: a letter then 8 digits, for example E01026512"
                ) from error
        return code

    def clean_areas_served(self) -> list[str]:
        codes = [
            code.strip().upper()
            for code in self.cleaned_data["areas_served"].replace(";", ",").split(",")
            if code.strip()
        ]
        bad = [code for code in codes if not gss_code_validator.regex.match(code)]
        if bad:
            raise forms.ValidationError(
                f"These are not GSS codes: {', '.join(bad)}. A GSS code is a letter then 8 "
                "digits, for example E01026512"
            )
        return codes

    def clean_evidence_links(self) -> list[str]:
        links = _lines(self.cleaned_data["evidence_links"])
        field = forms.URLField(assume_scheme="https")
        cleaned = []
        for link in links:
            try:
                cleaned.append(field.clean(link))
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    f"'{link}' is not a web address. Enter one address a line, starting with "
                    "https://"
                ) from error
        return cleaned

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, "Enter both the latitude and the longitude, or neither")
        elif latitude is not None and not within_uk(latitude, longitude):
            self.add_error(
                "latitude",
                "Enter a point in the UK: latitude between 49.8 and 60.9, longitude between "
                "-8.7 and 1.8",
            )
        return data


class FilterForm(GovukForm):
    """The register's filters, sent as a GET form so they work without JavaScript."""

    segment = forms.ChoiceField(choices=ANY + Segment.choices, required=False)
    asset_type = forms.ChoiceField(
        label="Type of asset", choices=ANY + AssetType.choices, required=False
    )
    determinant = forms.ChoiceField(label="Factor addressed", choices=(), required=False)
    area = forms.CharField(
        label="Area code", max_length=9, required=False, help_text="GSS code, for example E01026512"
    )
    stale = forms.ChoiceField(label="Last checked", choices=STALE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["determinant"].choices = ANY + factor_choices()


class MapFilterForm(FilterForm):
    distance = forms.ChoiceField(
        label="Nearby means within",
        choices=DISTANCE_CHOICES,
        required=False,
        initial=DEFAULT_DISTANCE,
    )


class AssessmentForm(GovukForm):
    summary = forms.CharField(
        label="Your assessment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Separate paragraphs with a blank line",
    )


class ConnectorForm(GovukForm):
    kind = forms.ChoiceField(
        label="What it joins",
        choices=ConnectorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which segments the connector joins"},
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Enter a name"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    assets = forms.ModelMultipleChoiceField(
        label="Assets it links", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assets"].queryset = assets
        self.fields["assets"].label_from_instance = lambda asset: asset.name


class OpenReferralUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload an Open Referral UK file",
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        help_text="A JSON file: one list per table (as Place Matters exports), or a list of "
        "services with their organisation, locations and contacts nested inside.",
        error_messages={
            "required": "Select an Open Referral UK JSON file",
            "empty": "The selected file is empty",
            "invalid": "Select an Open Referral UK JSON file",
        },
    )
