"""The partnership's self-assessment against the twelve steps of local action on health
inequalities (UCL Institute of Health Equity and Public Health England).

A rating is never overwritten: each change is a new dated row, so the latest row for a step is
its current rating and the one before it shows what changed and when. The steps themselves are
reviewed content in ``placematters/planning/content/ihe_steps.yaml``; a row stores the step's
number only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from placematters.partnerships.models import Partnership


class Rating(models.TextChoices):
    """How far a step is part of the way the partnership works, from nothing yet to routine."""

    NOT_STARTED = "not_started", "Not started"
    DEVELOPING = "developing", "Developing"
    ESTABLISHED = "established", "Established"
    EMBEDDED = "embedded", "Embedded"


class StepRating(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="step_ratings"
    )
    step = models.PositiveSmallIntegerField(help_text="The step's number, 1 to 12")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    evidence = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="step_ratings",
    )
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step", "-rated_at", "-id"]
        indexes = [models.Index(fields=["partnership", "step", "-rated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__gte=1, step__lte=12), name="step_rating_step_1_to_12"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values), name="step_rating_known_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.step}: {self.get_rating_display()}"
