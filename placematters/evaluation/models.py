"""The evaluation framework: how the partnership will know whether each outcome in its logic
model has happened, and for whom.

One entry per outcome (short-, medium- or long-term outcome, or impact) names the performance
measure and/or population indicator, the data source, baseline, target, how often it is looked
at, the member responsible, the evaluation questions, the soft outcomes, the groups the figure
is broken down by, and a judgement of whether the resources named can achieve it. One framework
record per partnership holds the design, the review and sharing arrangements and whether the
framework is agreed (stage 3's "agreed evaluation framework").
"""

from django.db import models

from placematters.logic_model.models import LogicElement
from placematters.measures.models import Measure, ResultIndicator
from placematters.partnerships.models import Membership, Partnership


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every six months"
    YEARLY = "yearly", "Yearly"
    AT_END = "at_end", "Once at the end"


class Resources(models.TextChoices):
    UNCHECKED = "unchecked", "Not yet checked"
    ENOUGH = "enough", "Enough"
    STRETCHED = "stretched", "Stretched"
    NOT_ENOUGH = "not_enough", "Not enough"


class Design(models.TextChoices):
    BEFORE_AFTER = "before_after", "Before and after"
    COMPARISON = "comparison", "Comparison with similar areas"
    CONTRIBUTION = "contribution", "Contribution analysis"
    MIXED = "mixed", "A mix of these, or another design"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class EvaluationEntry(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluation_entries"
    )
    outcome = models.OneToOneField(
        LogicElement, on_delete=models.CASCADE, related_name="evaluation_entry"
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluation_entries"
    )
    indicator = models.ForeignKey(
        ResultIndicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_entries",
    )
    data_source = models.CharField(max_length=300, blank=True)
    baseline = models.CharField(max_length=300, blank=True)
    target = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    responsible = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_entries",
    )
    questions = models.TextField(blank=True)
    soft_outcomes = models.TextField(blank=True)
    breakdown_groups = models.CharField(max_length=300, blank=True)
    resources = models.CharField(
        max_length=20, choices=Resources.choices, default=Resources.UNCHECKED
    )
    resources_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome_id"]

    def __str__(self) -> str:
        return f"Evaluation of {self.outcome}"


class EvaluationFramework(models.Model):
    """The partnership's evaluation design and arrangements (one per partnership)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="evaluation_framework"
    )
    design = models.CharField(max_length=20, choices=Design.choices, blank=True)
    design_notes = models.TextField(blank=True)
    review_when = models.CharField(max_length=300, blank=True)
    review_by = models.CharField(max_length=300, blank=True)
    sharing = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Evaluation framework of {self.partnership}"
