from django import forms
from django.conf import settings
from django.utils.text import slugify

from placematters.web.forms import GovukForm


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Workspace file",
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        help_text="The .json file downloaded from the “Export the workspace” page of a "
        "Place Matters partnership.",
        error_messages={
            "required": "Select a workspace file",
            "empty": "The selected file is empty",
            "invalid": "Select a workspace file",
        },
    )
    slug = forms.CharField(
        label="Web address name (optional)",
        required=False,
        max_length=70,
        help_text="Lower-case letters, numbers and hyphens. Leave blank to use the one in the "
        "file (a number is added if it is already taken).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = int(settings.MAX_UPLOAD_MB)
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"The selected file must be smaller than {limit} MB")
        return upload

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if slug and slugify(slug) != slug:
            raise forms.ValidationError(
                "Enter a web address name using only lower-case letters, numbers and hyphens"
            )
        return slug
