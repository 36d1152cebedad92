"""GOV.UK Design System rendering for Django forms.

Every form in the project renders through :class:`GovukFormRenderer`; forms that inherit
:class:`GovukForm` (or :class:`GovukModelForm`) also get the design system's input classes and
error states.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES: list[tuple[type, str]] = [
    (forms.RadioSelect, ""),
    (forms.CheckboxSelectMultiple, ""),
    (forms.CheckboxInput, ""),
    (forms.Select, "govuk-select"),
    (forms.Textarea, "govuk-textarea"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


def widget_class(widget: forms.Widget) -> str:
    return next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = widget_class(widget or self.field.widget)
        if css:
            classes = [attrs.get("class", ""), css, f"{css}--error" if self.errors else ""]
            attrs["class"] = " ".join(part for part in classes if part)
        return attrs


class GovukFormMixin:
    bound_field_class = GovukBoundField
    template_name_div = "web/forms/form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.template_name = "web/forms/widgets/radios.html"
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.template_name = "web/forms/widgets/checkboxes.html"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )
