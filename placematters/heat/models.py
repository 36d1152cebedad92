"""Health equity assessments (HEAT): an assessment worked through in four steps, its grid of
findings (group x access, experience, outcomes) and the likely impact on each group.

A group is a key: a reference group from content/heat.yaml, or ``community-<id>`` for one of
the partnership's target communities; its title is stored beside it so a finding still reads
when the community is renamed or removed.
"""

from django.db import models

from placematters.partnerships.models import Partnership
from placematters.planning.models import PlanAction


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Complete"


class Dimension(models.TextChoices):
    ACCESS = "access", "Access"
    EXPERIENCE = "experience", "Experience"
    OUTCOMES = "outcomes", "Outcomes"


class Effect(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    WIDEN = "widen", "Widen the gap"
    NARROW = "narrow", "Narrow the gap"
    NO_CHANGE = "no_change", "No change"


class Assessment(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="heat_assessments"
    )
    title = models.CharField(max_length=200)
    programme = models.CharField(
        max_length=200, blank=True, help_text="Blank: the assessment covers the action plan"
    )
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # The steps saved ("draft") or finished ("done"), by step key
    steps = models.JSONField(default=dict, blank=True)
    # Step 1: Prepare
    description = models.TextField(blank=True)
    involved = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    # Step 3: Refine and apply
    changes = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    # Step 4: Review
    reviewer = models.CharField(max_length=200, blank=True)
    review_notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    review_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_heat_assessment_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    group = models.CharField(max_length=60)
    group_title = models.CharField(max_length=200)
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    text = models.TextField(blank=True)
    no_data = models.BooleanField(default=False)
    is_priority = models.BooleanField(default=False)
    gap_action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="heat_gaps"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "group", "dimension"], name="unique_heat_finding_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_title}: {self.get_dimension_display()}"


class Impact(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="impacts")
    group = models.CharField(max_length=60)
    group_title = models.CharField(max_length=200)
    effect = models.CharField(max_length=20, choices=Effect.choices, default=Effect.UNKNOWN)
    mitigation = models.TextField(blank=True)
    mitigating_actions = models.ManyToManyField(
        PlanAction, blank=True, related_name="heat_mitigations"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group"], name="unique_heat_impact")
        ]

    def __str__(self) -> str:
        return f"{self.group_title}: {self.get_effect_display()}"
