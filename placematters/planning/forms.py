from django import forms

from placematters.asset_mapping.content import factor_choices
from placematters.asset_mapping.models import Segment
from placematters.planning.content import step_choices
from placematters.planning.models import ActionStatus, Intensity, LifeStage
from placematters.planning.presenters import finding_label
from placematters.web.forms import DateInput, GovukForm

DATE_ERROR = "Enter a real date, for example 2027-03-31"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return membership.user.display_name


class FindingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, priority) -> str:
        return finding_label(priority)


class ElementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, element) -> str:
        return f"{element.get_kind_display()}: {element.title}"


class PlanActionForm(GovukForm):
    title = forms.CharField(
        label="What will be done",
        max_length=200,
        error_messages={"required": "Enter what will be done"},
    )
    description = forms.CharField(
        label="More detail (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    why = forms.CharField(
        label="Why (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The inequality or finding this action answers, in a sentence or two",
    )
    priority = FindingChoiceField(
        label="Priority finding it answers (optional)",
        queryset=None,
        required=False,
        empty_label="No finding linked",
        error_messages={"invalid_choice": "Choose one of this partnership's priority findings"},
    )
    segment = forms.ChoiceField(
        label="Segment of the triangle (optional)",
        choices=[("", "Not given"), *Segment.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a segment of the triangle from the list"},
    )
    assets = forms.ModelMultipleChoiceField(
        label="Assets it builds on (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose assets from this partnership's register"},
    )
    communities = forms.ModelMultipleChoiceField(
        label="Target communities (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose target communities of this partnership"},
    )
    determinant = forms.ChoiceField(
        label="What drives health: the factor it works on (optional)",
        choices=[("", "Not given"), *factor_choices()],
        required=False,
        error_messages={"invalid_choice": "Choose a factor from the list of what drives health"},
    )
    ihe_step = forms.TypedChoiceField(
        label="The step of local action on health inequalities it advances (optional)",
        choices=[("", "Not given"), *step_choices()],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the twelve steps"},
    )
    life_stages = forms.MultipleChoiceField(
        label="Stages of life it serves (optional)",
        choices=LifeStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A life course approach: the plan should reach people at every stage of life",
        error_messages={"invalid_choice": "Choose stages of life from the list"},
    )
    logic_elements = ElementChoiceField(
        label="What it delivers in the logic model (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Usually the activity it carries out, and any output or outcome it aims at",
        error_messages={"invalid_choice": "Choose elements of this partnership's logic model"},
    )
    start_date = forms.DateField(
        label="Start (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
    )
    due_date = forms.DateField(
        label="Due by",
        widget=DateInput(),
        help_text="For example 2027-03-31",
        error_messages={
            "required": "Enter the date the action is due, for example 2027-03-31",
            "invalid": DATE_ERROR,
        },
    )
    owner = MemberChoiceField(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="No owner yet",
        help_text="The member who answers for this action",
        error_messages={"invalid_choice": "Choose a member of this partnership"},
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation leading it (optional)",
        queryset=None,
        required=False,
        empty_label="Not given",
        error_messages={"invalid_choice": "Choose one of this partnership's organisations"},
    )
    intensity = forms.ChoiceField(
        label="Intensity (proportionate universalism)",
        choices=Intensity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose universal, targeted or intensive"},
    )
    intensity_note = forms.CharField(
        label="How the effort is scaled to need (optional)",
        max_length=300,
        required=False,
        help_text="For example: extra sessions in the two most deprived wards",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )

    def __init__(
        self,
        *args,
        findings,
        assets,
        communities,
        members,
        organisations,
        logic_elements,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["logic_elements"].queryset = logic_elements
        self.fields["priority"].queryset = findings
        self.fields["assets"].queryset = assets
        self.fields["communities"].queryset = communities
        self.fields["owner"].queryset = members
        self.fields["organisation"].queryset = organisations


class MilestoneForm(GovukForm):
    title = forms.CharField(
        label="Milestone", max_length=200, error_messages={"required": "Enter the milestone"}
    )
    due_date = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the milestone, for example 2027-01-31",
            "invalid": DATE_ERROR,
        },
    )


class FilterForm(GovukForm):
    owner = forms.ChoiceField(label="Owner", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *ActionStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    finding = forms.ChoiceField(label="Linked finding", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, members, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone")] + [
            (str(member.pk), member.user.display_name) for member in members
        ]
        self.fields["owner"].error_messages["invalid_choice"] = "Choose an owner from the list"
        self.fields["finding"].choices = [("", "Any finding")] + [
            (str(priority.pk), finding_label(priority)) for priority in findings
        ]
        self.fields["finding"].error_messages["invalid_choice"] = "Choose a finding from the list"


class AttachAllocationForm(GovukForm):
    action = forms.ModelChoiceField(
        label="Action in the plan",
        queryset=None,
        empty_label="Choose an action",
        error_messages={
            "required": "Choose the action to attach the allocation to",
            "invalid_choice": "Choose one of this partnership's actions",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
