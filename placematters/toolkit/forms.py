from django import forms

from placematters.toolkit.models import Status
from placematters.web.forms import DateInput, GovukForm


class StatusForm(GovukForm):
    status = forms.ChoiceField(
        choices=Status.choices, error_messages={"required": "Choose a status"}
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return membership.user.display_name


class ItemForm(GovukForm):
    """The working fields of a checklist item; title and description only for custom items."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    owner = MemberChoiceField(
        queryset=None,
        required=False,
        empty_label="No owner yet",
        help_text="The member who will make sure this gets done",
    )
    due_date = forms.DateField(
        required=False,
        widget=DateInput(),
        help_text="For example, 2027-03-31",
        error_messages={"invalid": "Enter a real date, for example 2027-03-31"},
    )
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="You can use Markdown: **bold**, *italic*, lists starting with - and "
        "links like [text](https://example.org).",
    )

    def __init__(self, *args, members, custom: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        if not custom:
            del self.fields["title"]
            del self.fields["description"]


class NewItemForm(GovukForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What needs to happen, in a sentence or two (optional)",
    )
    owner = MemberChoiceField(queryset=None, required=False, empty_label="No owner yet")
    due_date = forms.DateField(
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 2027-03-31"},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class EvidenceForm(GovukForm):
    label = forms.CharField(
        label="Link text",
        max_length=200,
        help_text="What the evidence is, for example 'Joint strategic needs assessment 2025'",
        error_messages={"required": "Enter the link text"},
    )
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a web address starting with https://",
        },
    )
