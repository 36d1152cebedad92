"""Indicators, their observations, and the import batches they arrive in.

An indicator with no partnership is shared reference data (imported by an administrator with a
management command); one with a partnership is that partnership's own, visible only to it.
"""

from pathlib import PurePath

from django.conf import settings
from django.db import models


class ValueType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    CRUDE_RATE = "crude_rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    ISR = "isr", "Indirectly standardised ratio"
    MEAN = "mean", "Mean"
    LIFE_EXPECTANCY = "life_expectancy", "Life expectancy"
    COUNT = "count", "Count"
    OTHER = "other", "Other"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"
    NO_JUDGEMENT = "no_judgement", "No judgement (higher or lower)"


class BenchmarkMethod(models.TextChoices):
    CI_95 = "ci95", "Confidence interval overlapping the benchmark, 95%"
    CI_998 = "ci998", "Confidence interval overlapping the benchmark, 99.8%"
    CI_TWO_LEVEL = "ci_two_level", "Confidence intervals at 95% and 99.8%"
    QUINTILES = "quintiles", "Quintiles"
    NONE = "none", "Not compared"


class ImportBatch(models.Model):
    """One import: all of its rows land, or none of them; a batch can be listed and deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=20, help_text="indicators, geography, imd, population...")
    format = models.CharField(max_length=30, blank=True)
    source_file = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    row_count = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.file_name}"

    @property
    def file_name(self) -> str:
        """The file's name without its folder (server paths are never shown)."""
        return PurePath(self.source_file).name


class Indicator(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE
    )
    external_id = models.CharField(
        max_length=30, blank=True, help_text="Fingertips indicator ID, where there is one"
    )
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    value_type = models.CharField(max_length=20, choices=ValueType.choices)
    unit = models.CharField(max_length=60, blank=True)
    multiplier = models.FloatField(default=1)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    benchmark_method = models.CharField(
        max_length=20, choices=BenchmarkMethod.choices, default=BenchmarkMethod.CI_95
    )
    period_type = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=300, blank=True)
    licence = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_external_indicator",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One value of an indicator for an area, period and breakdown (long 'fact' table)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="observations")
    area_code = models.CharField(max_length=9, db_index=True)
    area_name = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=30)
    period_sortable = models.PositiveIntegerField(help_text="e.g. 20150000 for 2015 or 2015-17")
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, default="All ages")
    category_type = models.CharField(max_length=150, blank=True)
    category = models.CharField(max_length=150, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_998 = models.FloatField(null=True, blank=True)
    upper_998 = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=200, blank=True)
    computed = models.BooleanField(
        default=False, help_text="Value or limits computed by Place Matters from count/denominator"
    )
    compared_to_england = models.CharField(
        max_length=20, blank=True, help_text="Computed once at import (Fingertips rules)"
    )
    compared_to_parent = models.CharField(
        max_length=20, blank=True, help_text="Computed once at import, against parent_code"
    )
    parent_code = models.CharField(
        max_length=9, blank=True, help_text="The parent area compared_to_parent compares with"
    )
    published_compared_to_england = models.CharField(
        max_length=40, blank=True, help_text="The source file's own label, as published"
    )
    published_compared_to_parent = models.CharField(
        max_length=40, blank=True, help_text="The source file's own label, as published"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator", "area_code", "period", "sex", "age", "category_type", "category",
                ],
                name="unique_observation",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["indicator", "area_code", "period_sortable"])]

    def __str__(self) -> str:
        return f"{self.area_code} {self.period}: {self.value}"
