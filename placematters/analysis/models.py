"""Derived analysis (trends, inequality summaries) and the partnership's priorities.

``Trend`` and ``InequalitySummary`` are recomputed from observations by
:func:`placematters.analysis.actions.analysis_refresh` (at every import of the indicator) and
never edited. ``Priority`` is partnership data, written through actions with an audit event.
"""

from django.conf import settings
from django.db import models


class Trend(models.Model):
    """The Fingertips recent-trend marker of one series (indicator, area and breakdown)."""

    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="trends"
    )
    area_code = models.CharField(max_length=9, db_index=True)
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, default="All ages")
    category_type = models.CharField(max_length=150, blank=True)
    category = models.CharField(max_length=150, blank=True)
    label = models.CharField(
        max_length=40,
        help_text="placematters.stats.recent_trend wording, e.g. 'No significant change'",
    )
    points = models.JSONField(
        default=list, help_text="The last five points: [{period, value, lower_95, upper_95}]"
    )
    chi_square = models.FloatField(null=True, blank=True)
    slope = models.FloatField(null=True, blank=True)
    significant = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "sex", "age", "category_type", "category"],
                name="unique_trend",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code}: {self.label}"


class InequalitySummary(models.Model):
    """Gap, ratio, SII and RII across deprivation quantiles for one observation group.

    Signs: ``gap`` = most deprived - least deprived, ``ratio`` = most / least; ``sii`` is the
    fitted value at the most deprived end minus the fitted value at the least deprived end and
    ``rii`` their ratio (most / least), so all four read the same way. Whether that is good or
    bad depends on the indicator's polarity, which presenters describe.
    """

    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="inequality_summaries"
    )
    area_code = models.CharField(max_length=9, db_index=True)
    period = models.CharField(max_length=30)
    period_sortable = models.PositiveIntegerField(default=0)
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, default="All ages")
    category_type = models.CharField(max_length=150)
    n_quantiles = models.PositiveSmallIntegerField()
    most_deprived_value = models.FloatField(null=True, blank=True)
    least_deprived_value = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    ratio = models.FloatField(null=True, blank=True)
    sii = models.FloatField(null=True, blank=True)
    sii_lower = models.FloatField(null=True, blank=True)
    sii_upper = models.FloatField(null=True, blank=True)
    rii = models.FloatField(null=True, blank=True)
    rii_lower = models.FloatField(null=True, blank=True)
    rii_upper = models.FloatField(null=True, blank=True)
    confidence = models.FloatField(default=0.95)
    method = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period", "sex", "age", "category_type"],
                name="unique_inequality_summary",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.period} {self.category_type}: SII {self.sii}"


class Priority(models.Model):
    """A finding the partnership marks as a priority (its "prioritised intelligence")."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="priorities"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="priorities"
    )
    area_code = models.CharField(max_length=9)
    period = models.CharField(max_length=30, blank=True)
    sex = models.CharField(
        max_length=20, blank=True, help_text="The sex of the finding's figures; blank: not recorded"
    )
    age = models.CharField(
        max_length=40, blank=True, help_text="The age of the finding's figures; blank: not recorded"
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "area_code", "period", "sex", "age"],
                name="unique_priority",
            )
        ]

    def __str__(self) -> str:
        return f"Priority: {self.indicator} in {self.area_code} ({self.period})"


class Derivation(models.Model):
    """How a derived indicator was computed from deaths and population (to recompute it for
    other areas, such as the partnership's footprint)."""

    class Method(models.TextChoices):
        DSR = "dsr", "Directly standardised rate (ESP 2013)"
        LIFE_EXPECTANCY = "life_expectancy", "Life expectancy (Chiang II)"

    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="derivation"
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=7, help_text="persons, male or female")
    age_from = models.PositiveSmallIntegerField(default=0)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    area_codes = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.year} for indicator {self.indicator_id}"
