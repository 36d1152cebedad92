"""The web upload of indicator files: the file form (checks and storage) and the column mapping.

An upload is checked before anything is kept: the extension (.csv or .xlsx), the size
(``settings.MAX_UPLOAD_MB``), that it is not empty, and that its content is what the extension
says (a CSV must be UTF-8 text with a header line and whole records; an .xlsx must be a
workbook with a header row). A good file is stored under ``MEDIA_ROOT/uploads/<partnership
id>/`` with a generated name (a random prefix and the slugified stem of the user's file name,
never their path); a bad one leaves nothing behind.
"""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.text import slugify

from placematters.indicators.importers import ImportFailed
from placematters.indicators.importers.base import FIELDS, KEEP_LAST, STOP, scan_csv
from placematters.indicators.models import Polarity, ValueType
from placematters.web.forms import GovukForm

SUFFIXES = (".csv", ".xlsx")
#: Random hex characters before the file's own (slugified) name.
PREFIX_LENGTH = 12
UPLOAD_FOLDER = "uploads"


def upload_folder(partnership) -> Path:
    """Where a partnership's uploaded files are kept."""
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / str(partnership.pk)


def stored_name(original: str) -> str:
    """A safe, unique file name for an upload: ``<random hex>-<slug of its stem><suffix>``."""
    path = Path(original.replace("\\", "/")).name
    suffix = Path(path).suffix.lower()
    stem = slugify(Path(path).stem)[:60] or "upload"
    return f"{secrets.token_hex(PREFIX_LENGTH // 2)}-{stem}{suffix}"


def display_name(source_file: str) -> str:
    """The name to show for a stored upload: its own name without the random prefix."""
    name = Path(source_file).name
    prefix, dash, rest = name.partition("-")
    if dash and len(prefix) == PREFIX_LENGTH and all(c in "0123456789abcdef" for c in prefix):
        return rest
    return name


def is_upload_of(partnership, path: str | Path) -> bool:
    """Whether ``path`` is a file in the partnership's upload folder (and nowhere else)."""
    folder = upload_folder(partnership).resolve()
    try:
        return Path(path).resolve().parent == folder
    except (OSError, ValueError):
        return False


@dataclass
class StoredUpload:
    """A checked, stored upload: where it is, what the user called it, and its column names."""

    path: Path
    original_name: str
    headers: list[str] = field(default_factory=list)


#: The choice about rows that give different figures for one observation (ADR 0005).
DUPLICATE_CHOICES = [
    (STOP, "Stop and list them, so that I can fix the file (recommended)"),
    (KEEP_LAST, "Keep the later row, and report how many rows were replaced"),
]
DUPLICATES_LABEL = (
    "If two rows give different figures for the same indicator, area, period, sex, age and category"
)
DUPLICATES_HELP = (
    "Rows that repeat an earlier row exactly, or give the same figures to fewer decimal "
    "places, are always left out, and the import says how many."
)


class DuplicatesField(forms.ChoiceField):
    """The duplicates choice; left unanswered (a form posted by a script) it means "stop"."""

    def clean(self, value):
        return super().clean(value) or STOP


def duplicates_field() -> forms.ChoiceField:
    return DuplicatesField(
        label=DUPLICATES_LABEL,
        choices=DUPLICATE_CHOICES,
        initial=STOP,
        required=False,
        widget=forms.RadioSelect,
        help_text=DUPLICATES_HELP,
    )


class FingertipsForm(GovukForm):
    """A live download from the Fingertips API: an indicator and an area type."""

    prefix = "fingertips"
    indicator_id = forms.IntegerField(
        label="Fingertips indicator ID",
        min_value=1,
        help_text="The number in the indicator's definition on fingertips.phe.org.uk, such "
        "as 93356.",
        error_messages={
            "required": "Enter the Fingertips indicator ID",
            "invalid": "The indicator ID must be a whole number, such as 93356",
            "min_value": "The indicator ID must be a whole number, such as 93356",
        },
    )
    area_type_id = forms.IntegerField(
        label="Area type ID",
        min_value=1,
        help_text="For example 402 for upper-tier local authorities, 501 for lower-tier.",
        error_messages={
            "required": "Enter the Fingertips area type ID",
            "invalid": "The area type ID must be a whole number, such as 402",
            "min_value": "The area type ID must be a whole number, such as 402",
        },
    )
    parent_area_type_id = forms.IntegerField(
        label="Parent area type ID (optional)",
        min_value=1,
        required=False,
        help_text="Leave empty to compare with England (15). For example 6 for regions.",
        error_messages={
            "invalid": "The parent area type ID must be a whole number, such as 6",
            "min_value": "The parent area type ID must be a whole number, such as 6",
        },
    )
    duplicates = duplicates_field()

    def request(self) -> dict:
        """What the import task needs: the three IDs (the parent only when given)."""
        data = self.cleaned_data
        found = {"indicator_id": data["indicator_id"], "area_type_id": data["area_type_id"]}
        if data.get("parent_area_type_id"):
            found["parent_area_type_id"] = data["parent_area_type_id"]
        return found


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text="A CSV (saved as 'CSV UTF-8') or an Excel workbook (.xlsx), with column "
        "names on the first line.",
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
        },
    )
    duplicates = duplicates_field()

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.stored: StoredUpload | None = None
        self.fields["file"].help_text += f" The largest file you can upload is {self.limit_mb} MB."

    @property
    def limit_mb(self) -> int:
        return int(settings.MAX_UPLOAD_MB)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = Path(upload.name.replace("\\", "/")).name
        suffix = Path(name).suffix.lower()
        if suffix not in SUFFIXES:
            shown = suffix or "no extension"
            raise forms.ValidationError(
                f"The selected file must be a CSV or an Excel .xlsx file ({name} has {shown})"
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > self.limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.limit_mb} MB"
            )
        self.stored = self._store(upload, name, suffix)
        return upload

    def _store(self, upload, name: str, suffix: str) -> StoredUpload:
        """Write the file to the upload folder, check its content, and remove it if it is bad."""
        folder = upload_folder(self.partnership)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / stored_name(name)
        with open(path, "xb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            headers = read_headers(path, suffix, name)
        except forms.ValidationError:
            path.unlink(missing_ok=True)
            raise
        return StoredUpload(path=path, original_name=name, headers=headers)


def read_headers(path: Path, suffix: str, name: str) -> list[str]:
    """The file's column names, or a ValidationError saying why it cannot be read."""
    if suffix == ".xlsx":
        return _workbook_headers(path, name)
    with open(path, "rb") as handle:
        start = handle.read(8)
    if start.startswith(b"PK\x03\x04") or start.startswith(b"\xd0\xcf\x11\xe0"):
        raise forms.ValidationError(
            f"{name} is a spreadsheet, not a CSV file: name it .xlsx, or save it as 'CSV UTF-8'"
        )
    try:
        scanned = scan_csv(path)
    except ImportFailed as failure:
        raise forms.ValidationError(_first_problem(name, failure)) from None
    if b"\x00" in scanned.data:
        raise forms.ValidationError(f"{name} is not a text file (it holds binary data)")
    if not len(scanned.lines):
        raise forms.ValidationError(f"{name} has column names but no rows of data")
    return [header for header in scanned.header if header]


def _first_problem(name: str, failure: ImportFailed) -> str:
    first = str(failure.errors[0]) if failure.errors else str(failure)
    more = len(failure.errors) - 1
    return f"{name} cannot be read: {first}" + (f" (and {more} more problems)" if more > 0 else "")


def _workbook_headers(path: Path, name: str) -> list[str]:
    from openpyxl import load_workbook

    not_workbook = f"{name} is not an Excel workbook"
    if not zipfile.is_zipfile(path):
        raise forms.ValidationError(f"{not_workbook}: if it is a CSV file, name it .csv")
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise forms.ValidationError(f"{not_workbook} (it is a zip file of something else)")
        workbook = load_workbook(path, read_only=True, data_only=True)
    except forms.ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise forms.ValidationError(f"{not_workbook}, or it is damaged") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_row=2, values_only=True)
        first = next(rows, None)
        second = next(rows, None)
    finally:
        workbook.close()
    headers = [
        str(cell).strip() for cell in (first or ()) if cell is not None and str(cell).strip()
    ]
    if not headers:
        raise forms.ValidationError(f"The first sheet of {name} is empty")
    if second is None or all(cell is None for cell in second):
        raise forms.ValidationError(f"The first sheet of {name} has column names but no rows")
    return headers


# --------------------------------------------------------------------------------------------
# The column mapping

#: Our fields in the order the mapping page asks for them, with a label and a hint.
FIELD_TEXT: dict[str, tuple[str, str]] = {
    "area_code": ("Area code", "The GSS code of each area, such as E07000147. Required."),
    "period": ("Time period", "Such as 2019, 2019/20 or 2017 - 19. Required."),
    "value": ("Value", "Required unless the file has a count and a denominator."),
    "count": ("Count (numerator)", "The number of events or people, if the file has it."),
    "denominator": ("Denominator", "The population the count is out of, if the file has it."),
    "indicator_name": (
        "Indicator name",
        "The column naming each row's indicator. If the whole file is one indicator, leave "
        "this as 'Not in this file' and type its name below.",
    ),
    "indicator_id": ("Indicator ID", "A code for the indicator, such as a Fingertips ID."),
    "area_name": ("Area name", ""),
    "area_type": ("Area type", "Such as district or county."),
    "parent_code": ("Parent area code", "The area each area is compared with, such as a region."),
    "sex": ("Sex", "Persons when not given."),
    "age": ("Age", "All ages when not given."),
    "category_type": ("Breakdown type", "Such as 'Deprivation deciles'."),
    "category": ("Breakdown category", "Such as 'Most deprived decile'."),
    "lower_95": ("Lower 95% confidence limit", "Computed from count and denominator if absent."),
    "upper_95": ("Upper 95% confidence limit", "Computed from count and denominator if absent."),
    "lower_998": ("Lower 99.8% confidence limit", ""),
    "upper_998": ("Upper 99.8% confidence limit", ""),
    "value_note": ("Value note", "Notes about a value, such as suppression."),
    "compared_to_england": ("Published comparison with England", ""),
    "compared_to_parent": ("Published comparison with the parent area", ""),
    "period_sortable": ("Sortable period", "A number that puts periods in order."),
}
REQUIRED_FIELDS = ("area_code", "period", "value", "indicator_name")
NOT_IN_FILE = ""


def field_text() -> dict[str, tuple[str, str]]:
    """Label and hint of every importer field (any field added later gets a plain label)."""
    extra = {name: (name.replace("_", " ").capitalize(), "") for name in FIELDS}
    return {**FIELD_TEXT, **{k: v for k, v in extra.items() if k not in FIELD_TEXT}}


class MappingForm(GovukForm):
    """One select per importer field, pre-selected by ``suggest_mapping``; required ones checked."""

    indicator_constant = forms.CharField(
        label="Indicator name for the whole file",
        required=False,
        max_length=300,
        help_text="Only when no column names the indicator, for example 'Adults who smoke'.",
    )
    value_type = forms.ChoiceField(
        label="Type of value",
        required=False,
        choices=[("", "Work it out from the data"), *ValueType.choices],
        help_text="Used to compute missing values and confidence limits from counts.",
    )
    polarity = forms.ChoiceField(
        label="Is a higher value better or worse?",
        required=False,
        choices=[("", "Work it out, or no judgement"), *Polarity.choices],
    )
    multiplier = forms.ChoiceField(
        label="Values are given per",
        required=False,
        choices=[
            ("", "Work it out from the data"),
            ("1", "1 (a fraction, or a number that is not a rate)"),
            ("100", "100 (a percentage)"),
            ("1000", "1,000"),
            ("10000", "10,000"),
            ("100000", "100,000"),
        ],
        help_text="For rates and proportions, such as 'per 100,000 population'.",
    )

    def __init__(self, *args, headers: list[str], suggested: dict[str, str], **kwargs):
        initial = {**suggested, **kwargs.pop("initial", {})}
        super().__init__(*args, initial=initial, **kwargs)
        choices = [(NOT_IN_FILE, "Not in this file"), *((h, h) for h in headers)]
        mapped = {}
        for name, (label, hint) in field_text().items():
            mapped[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=choices,
                help_text=hint,
                error_messages={"invalid_choice": f"Choose a column of the file for {label}"},
            )
        # The column selects first, then the constant and the metadata.
        self.fields = {**mapped, **self.fields}
        self.order_fields(list(self.fields))

    @property
    def column_fields(self):
        return [self[name] for name in field_text()]

    @property
    def extra_fields(self):
        return [
            self[name] for name in ("indicator_constant", "value_type", "multiplier", "polarity")
        ]

    def clean(self):
        data = super().clean()
        given = {name for name in field_text() if data.get(name)}
        if "area_code" not in given:
            self.add_error("area_code", "Choose the column that holds the area code")
        if "period" not in given:
            self.add_error("period", "Choose the column that holds the time period")
        if "value" not in given and not {"count", "denominator"} <= given:
            self.add_error(
                "value", "Choose the column that holds the value, or both count and denominator"
            )
        if not {"indicator_name", "indicator_id"} & given and not data.get("indicator_constant"):
            self.add_error(
                "indicator_name",
                "Choose the column that names the indicator, or type the indicator's name for "
                "the whole file",
            )
        return data

    def mapping(self) -> dict[str, str]:
        """The importer's mapping: our field -> their column, constants and metadata."""
        data = self.cleaned_data
        result = {name: data[name] for name in field_text() if data.get(name)}
        constant = (data.get("indicator_constant") or "").strip()
        if constant and not {"indicator_name", "indicator_id"} & set(result):
            result["indicator_name"] = f"={constant}"
        for name in ("value_type", "multiplier", "polarity"):
            if data.get(name):
                result[name] = data[name]
        return result
