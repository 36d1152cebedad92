"""Forms of the analysis app: deriving an indicator from imported deaths and population."""

from django import forms

from placematters.web.forms import GovukForm

# --- Deriving an indicator from deaths and population (the derive page) ----------------------

MEASURES = [
    ("dsr", "Death rate from all causes, directly standardised (European Standard Population)"),
    ("le", "Life expectancy at birth"),
]
AGES = [("all", "All ages"), ("under75", "Under 75 (ages 0 to 74)")]
SEX_NAMES = {"persons": "Persons", "female": "Females", "male": "Males"}


def parse_codes(text: str) -> list[str]:
    """GSS codes from pasted text (spaces, commas, semicolons or new lines), upper-cased, each
    once, in the order given."""
    words = (text or "").replace(",", " ").replace(";", " ").split()
    return list(dict.fromkeys(word.upper() for word in words))


class DeriveForm(GovukForm):
    """Choose the measure, areas, year, sex and name of a derived indicator.

    ``choices`` is :func:`placematters.analysis.queries.derive_choices` (year -> sexes held);
    ``focus`` the partnership's areas of focus as (code, name); ``unknown`` a function giving
    the codes that match no area held (:func:`~placematters.analysis.queries.unknown_area_codes`).
    The clean data carry ``area_codes`` and ``age_to`` ready for the actions.
    """

    measure = forms.ChoiceField(
        label="Measure",
        choices=MEASURES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the measure to derive"},
    )
    ages = forms.ChoiceField(
        label="Ages (death rate only)",
        choices=AGES,
        initial="all",
        widget=forms.RadioSelect,
        required=False,
        help_text="Life expectancy is always at birth, from every age band.",
    )
    areas = forms.ChoiceField(
        label="Areas",
        choices=[("focus", "The partnership's areas of focus"), ("codes", "A list of GSS codes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the areas to derive the indicator for"},
    )
    codes = forms.CharField(
        label="GSS codes (if you chose a list)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="Local authority, region or country codes, separated by spaces, commas or "
        "new lines, for example E07000148 E92000001. Deaths are held for local authorities "
        "and above.",
    )
    year = forms.TypedChoiceField(
        label="Year",
        coerce=int,
        error_messages={"required": "Choose the year", "invalid_choice": "Choose a year held"},
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=list(SEX_NAMES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sex"},
    )
    name = forms.CharField(
        label="Name of the new indicator",
        max_length=300,
        error_messages={
            "required": "Enter a name for the new indicator",
            "max_length": "Enter a name of 300 characters or fewer",
        },
    )

    def __init__(self, *args, choices: dict[int, list[str]], focus, unknown, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = choices
        self.focus = list(focus)
        self.unknown = unknown
        self.fields["year"].choices = [("", "Choose a year"), *((y, y) for y in choices)]
        if self.focus:
            names = ", ".join(name for _, name in self.focus[:6])
            more = f" and {len(self.focus) - 6} more" if len(self.focus) > 6 else ""
            self.fields["areas"].choices = [
                ("focus", f"The partnership's areas of focus ({names}{more})"),
                ("codes", "A list of GSS codes"),
            ]

    def clean(self):
        data = super().clean()
        year, sex = data.get("year"), data.get("sex")
        if year is not None and sex and sex not in self.held.get(year, []):
            held = ", ".join(SEX_NAMES[s].lower() for s in self.held.get(year, [])) or "none"
            self.add_error(
                "sex", f"Deaths and population for {year} are held for {held} only: choose one"
            )
        if data.get("areas") == "focus":
            if not self.focus:
                self.add_error(
                    "areas",
                    "The partnership has no areas of focus: add them in Settings, or choose a "
                    "list of GSS codes",
                )
            data["area_codes"] = [code for code, _ in self.focus]
        elif data.get("areas") == "codes":
            codes = parse_codes(data.get("codes", ""))
            unknown = self.unknown(codes) if codes else []
            if not codes:
                self.add_error("codes", "Enter at least one GSS code, like E07000148")
            elif unknown:
                listed = ", ".join(unknown[:10]) + (" and more" if len(unknown) > 10 else "")
                self.add_error(
                    "codes",
                    f"No area is held with the code{'s' if len(unknown) > 1 else ''} {listed}: "
                    "check the codes, or ask an administrator to import the geography",
                )
            data["area_codes"] = codes
        under_75 = data.get("measure") == "dsr" and data.get("ages") == "under75"
        data["age_to"] = 74 if under_75 else None
        return data


# --- Proportionate allocation (the allocation page) -----------------------------------------

ALLOCATION_UNITS = [("1", "1 (whole pounds or places)"), ("10", "10"), ("100", "100"),
                    ("1000", "1,000")]  # fmt: skip


class AllocationForm(GovukForm):
    """Choose the areas, the need measure, the total and the rule of a proportionate allocation.

    ``measures`` are (value, label) pairs: ``imd_score``, ``imd_decile`` and ``indicator-<id>``.
    A GET form: every choice travels in the query string, into the download links too.
    """

    areas = forms.ChoiceField(
        label="Areas to share across",
        choices=[
            ("lsoa", "The footprint's LSOAs (small areas)"),
            ("focus", "The districts and wards among the areas of focus"),
        ],
        initial="lsoa",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the areas to share the total across",
            "invalid_choice": "Choose LSOAs or districts and wards",
        },
    )
    measure = forms.ChoiceField(
        label="Need measure",
        help_text="Higher need gets a larger share. IMD 2019 score: higher is more deprived. "
        "IMD decile: decile 1 (most deprived) gets the most. An indicator: higher values "
        "count as greater need.",
        error_messages={
            "required": "Choose the need measure",
            "invalid_choice": "Choose a need measure from the list",
        },
    )
    total = forms.DecimalField(
        label="Total to share (budget in pounds, or capacity such as places or hours)",
        min_value=1,
        max_value=10**12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the total to share, for example 100000",
            "invalid": "Enter the total as a number, for example 100000",
            "min_value": "The total must be 1 or more",
            "max_value": "The total must be 1,000,000,000,000 or less",
        },
    )
    unit = forms.ChoiceField(
        label="Round each share to the nearest",
        choices=ALLOCATION_UNITS,
        initial="1",
        error_messages={"invalid_choice": "Choose a rounding unit from the list"},
    )
    floor = forms.DecimalField(
        label="Universal floor (% of the total shared equally, or per head)",
        min_value=0,
        max_value=100,
        initial=50,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the universal floor as a percentage from 0 to 100",
            "invalid": "Enter the universal floor as a number from 0 to 100, for example 50",
            "min_value": "The universal floor must be 0%% or more",
            "max_value": "The universal floor must be 100%% or less",
        },
    )
    gradient = forms.DecimalField(
        label="Gradient (IMD score or indicator): power the need is raised to",
        help_text="0 gives everyone the same share, 1 shares in proportion to need, 2 leans "
        "harder towards the greatest need.",
        min_value=0,
        max_value=5,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the gradient, a number from 0 to 5",
            "invalid": "Enter the gradient as a number from 0 to 5, for example 1",
            "min_value": "The gradient must be 0 or more",
            "max_value": "The gradient must be 5 or less",
        },
    )
    ratio = forms.DecimalField(
        label="Gradient (IMD decile): weight of the most deprived decile against the least",
        help_text="1 gives every decile the same weight; 2 gives decile 1 twice the weight of "
        "decile 10, rising evenly between.",
        min_value=1,
        max_value=10,
        initial=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the ratio, a number from 1 to 10",
            "invalid": "Enter the ratio as a number from 1 to 10, for example 2",
            "min_value": "The ratio must be 1 or more",
            "max_value": "The ratio must be 10 or less",
        },
    )
    population = forms.BooleanField(
        label="Weight by population (IMD 2019 mid-2015 population): the floor is shared per "
        "head and need is multiplied by population",
        required=False,
    )

    def __init__(self, *args, measures: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures

    def clean(self):
        data = super().clean()
        total, unit = data.get("total"), data.get("unit")
        if total is not None and unit and total % int(unit) != 0:
            self.add_error(
                "total",
                f"The total must be a whole multiple of the rounding unit ({int(unit):,}), "
                f"for example {int(total) - int(total) % int(unit):,}",
            )
        return data
