"""Outcomes Based Accountability: population results with their indicators, performance
measures with values over time, and a turn-the-curve worksheet per measure.

A population result is a plain-language condition of well-being for everyone in the area; its
indicators are the partnership's imported indicators (the area's value series, or the gap
between the most and least deprived as the slope index of inequality). A performance measure
tells whether one service or action works, in one of the three OBA categories.
"""

from django.db import models

from placematters.indicators.models import Indicator
from placematters.partnerships.models import Partnership
from placematters.planning.models import PlanAction


class Result(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="population_results"
    )
    statement = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "statement"], name="unique_population_result"
            )
        ]

    def __str__(self) -> str:
        return self.statement


class SeriesKind(models.TextChoices):
    VALUE = "value", "The area's value"
    SII = "sii", "The gap by deprivation (slope index of inequality)"


class ResultIndicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="result_links")
    area_code = models.CharField(max_length=9)
    kind = models.CharField(max_length=10, choices=SeriesKind.choices, default=SeriesKind.VALUE)
    baseline_period = models.CharField(
        max_length=30, blank=True, help_text="The period taken as the baseline; blank = first"
    )
    target = models.FloatField(
        null=True, blank=True, help_text="Optional: SPC assurance is judged against it"
    )

    class Meta:
        ordering = ["indicator__name", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "indicator", "area_code", "kind"],
                name="unique_result_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.area_code})"


class Category(models.TextChoices):
    HOW_MUCH = "how_much", "How much did we do?"
    HOW_WELL = "how_well", "How well did we do it?"
    BETTER_OFF = "better_off", "Is anyone better off?"


class Improvement(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither (no direction)"


class Measure(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="performance_measures"
    )
    result = models.ForeignKey(
        Result, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    name = models.CharField(max_length=200)
    service = models.CharField(max_length=200, blank=True)
    action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    improvement = models.CharField(
        max_length=10, choices=Improvement.choices, default=Improvement.INCREASE
    )
    unit = models.CharField(max_length=60, blank=True)
    target = models.FloatField(null=True, blank=True)
    rebase_from = models.DateField(
        null=True, blank=True, help_text="Process limits are recalculated from this period"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_measure_name")
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_measure_period")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Worksheet(models.Model):
    """The turn-the-curve worksheet for one measure: free text, saved as a draft."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="worksheet")
    story = models.TextField(blank=True)
    partners = models.TextField(blank=True)
    what_works = models.TextField(blank=True)
    ideas = models.TextField(blank=True)
    action_plan = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Turn-the-curve worksheet for {self.measure}"
