from django import forms

from placematters.asset_mapping.content import load_determinants
from placematters.asset_mapping.models import Segment
from placematters.sharing.models import AreaType, PublicationKind
from placematters.web.forms import GovukForm


def determinant_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(factor.key, factor.title) for factor in load_determinants().factors]


class PublicationForm(GovukForm):
    """What an owner publishes to the bank. The case-study questions are asked only for a case
    study; the redaction choices only for the plan or the logic model."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Two or three sentences on what others can learn from it.",
        error_messages={"required": "Enter a short summary of what others can learn from it"},
    )
    problem = forms.CharField(
        label="The problem", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the work set out to tackle, and for whom.",
    )  # fmt: skip
    approach = forms.CharField(
        label="The approach", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How the partnership went about it, and why that way.",
    )  # fmt: skip
    actions_taken = forms.CharField(
        label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measures_used = forms.CharField(
        label="How progress was measured", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    results = forms.CharField(
        label="Results", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed so far. Say so if it is too early to tell.",
    )  # fmt: skip
    contact = forms.CharField(
        label="Contact for others who want to know more",
        required=False,
        max_length=300,
        help_text="For example a team's shared mailbox. It is published as you write it.",
        error_messages={"max_length": "The contact must be 300 characters or fewer"},
    )
    determinant = forms.ChoiceField(
        label="What drives health it mostly works on",
        required=False,
        error_messages={"invalid_choice": "Choose a factor from the list of what drives health"},
    )
    segment = forms.ChoiceField(
        label="Segment of the population intervention triangle",
        required=False,
        choices=[("", "Not one segment"), *list(Segment.choices)],
        error_messages={"invalid_choice": "Choose a segment of the triangle from the list"},
    )
    target_groups = forms.CharField(
        label="Target groups",
        required=False,
        help_text="Separate groups with commas, for example: young carers, seasonal workers.",
    )
    area_type = forms.ChoiceField(
        label="Type of area",
        required=False,
        choices=[("", "Not given"), *list(AreaType.choices)],
        error_messages={"invalid_choice": "Choose rural district, coastal, urban or county"},
    )
    include_organisations = forms.BooleanField(
        label="Include the names of partner organisations",
        required=False,
        help_text="Left unticked, each organisation's name is taken out.",
    )
    include_communities = forms.BooleanField(
        label="Include the names of target communities",
        required=False,
        help_text='Left unticked, each community is shown as "target community 1", '
        '"target community 2" and so on.',
    )
    include_evidence_links = forms.BooleanField(
        label="Include the web addresses of the evidence for each link",
        required=False,
    )

    CASE_STUDY_ONLY = (
        "problem",
        "approach",
        "actions_taken",
        "measures_used",
        "results",
        "contact",
    )
    PLAN_ONLY = ("include_organisations", "include_communities")
    LOGIC_MODEL_ONLY = ("include_organisations", "include_evidence_links")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["determinant"].choices = determinant_choices("Not one factor")
        keep = {
            PublicationKind.CASE_STUDY: self.CASE_STUDY_ONLY,
            PublicationKind.PLAN: self.PLAN_ONLY,
            PublicationKind.LOGIC_MODEL: self.LOGIC_MODEL_ONLY,
        }[kind]
        optional = set(self.CASE_STUDY_ONLY + self.PLAN_ONLY + self.LOGIC_MODEL_ONLY)
        for name in optional - set(keep):
            del self.fields[name]


class ConfirmForm(GovukForm):
    confirm = forms.BooleanField(
        label="I have checked what will be published and it is right to share it with every "
        "partnership using Place Matters",
        error_messages={"required": "Confirm that you have checked what will be published"},
    )


class BankFilterForm(GovukForm):
    """The bank's search and filters, sent by GET so they work without JavaScript."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Type of publication",
        required=False,
        choices=[("", "All types"), *list(PublicationKind.choices)],
    )
    determinant = forms.ChoiceField(label="What drives health", required=False)
    segment = forms.ChoiceField(
        label="Triangle segment",
        required=False,
        choices=[("", "All segments"), *list(Segment.choices)],
    )
    target_group = forms.ChoiceField(label="Target group", required=False)
    area_type = forms.ChoiceField(
        label="Type of area",
        required=False,
        choices=[("", "All types of area"), *list(AreaType.choices)],
    )

    def __init__(self, *args, target_groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["determinant"].choices = determinant_choices("All factors")
        self.fields["target_group"].choices = [("", "All target groups")] + [
            (label, label) for label in target_groups
        ]


class TemplateTargetForm(GovukForm):
    partnership = forms.ChoiceField(
        label="Which partnership's plan should the actions be copied into?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the partnership whose plan the actions go into",
            "invalid_choice": "Choose one of the partnerships where you can change the plan",
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [
            (m.partnership.slug, m.partnership.name) for m in memberships
        ]


class ComparisonChoiceForm(GovukForm):
    opted_in = forms.TypedChoiceField(
        label="Show this partnership in the comparison of localities?",
        widget=forms.RadioSelect,
        choices=[
            ("yes", "Yes, show our progress beside the other partnerships that opted in"),
            ("no", "No, keep our progress to our own members"),
        ],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose yes or no"},
    )
