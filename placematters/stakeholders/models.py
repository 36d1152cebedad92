"""Stakeholders on the power/interest grid, the partnership's agreed infrastructure, and the
register of work partners have already done.

All belong to stage 1 (mapping the system): who needs to be involved, how the partnership
governs itself, and what it can build on rather than repeat. Positions are scores from 1 to
5; the quadrant is computed from them (see ``grid.py``), never stored, so it cannot drift from
the scores.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from placematters.partnerships.models import (
    Membership,
    PartnerOrganisation,
    Partnership,
    Sector,
)

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Kind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


class Approach(models.TextChoices):
    """How the partnership engages a stakeholder now: one of the four quadrants' ways, or none."""

    NOT_ENGAGED = "not_engaged", "Not engaged yet"
    MANAGE_CLOSELY = "manage_closely", "Manage closely"
    KEEP_SATISFIED = "keep_satisfied", "Keep satisfied"
    KEEP_INFORMED = "keep_informed", "Keep informed"
    MONITOR = "monitor", "Monitor"


class Stakeholder(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders",
        help_text="The partner organisation this stakeholder is, or belongs to, if any.",
    )
    role = models.CharField("role", max_length=200, blank=True)
    sector = models.CharField(max_length=30, choices=Sector.choices, blank=True)
    power = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    interest = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    influence_notes = models.TextField(blank=True)
    lived_experience = models.BooleanField(default=False)
    contact = models.CharField(max_length=300, blank=True)
    approach = models.CharField(
        max_length=20, choices=Approach.choices, default=Approach.NOT_ENGAGED
    )
    owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders_owned",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_stakeholder_per_partnership"
            ),
            models.CheckConstraint(
                condition=models.Q(power__gte=1, power__lte=5), name="stakeholder_power_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Infrastructure(models.Model):
    """The partnership's agreed governance and meetings (one per partnership)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="infrastructure"
    )
    decision_making = models.TextField(blank=True)
    decision_recording = models.TextField(blank=True)
    reports_to = models.CharField(max_length=300, blank=True)
    meeting_frequency = models.CharField(max_length=200, blank=True)
    next_meeting = models.DateField(null=True, blank=True)
    terms_of_reference_url = models.URLField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Agreed infrastructure of {self.partnership}"


class Lead(models.Model):
    """A named lead: a member of the partnership or a stakeholder, with their responsibility."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="leads")
    member = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="leads"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.CASCADE, related_name="leads"
    )
    responsibility = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(member__isnull=False, stakeholder__isnull=True)
                    | models.Q(member__isnull=True, stakeholder__isnull=False)
                ),
                name="lead_is_a_member_or_a_stakeholder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.responsibility}"

    @property
    def name(self) -> str:
        if self.member_id:
            return self.member.user.display_name
        return self.stakeholder.name


class Commitment(models.Model):
    """What one partner organisation commits to the work, in time and resources."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="commitments"
    )
    commitment = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_commitment_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}'s commitment"


class WorkKind(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
    ASSET_MAP = "asset_map", "Asset map"
    STRATEGY = "strategy", "Strategy"
    EVALUATION = "evaluation", "Evaluation"
    ENGAGEMENT_REPORT = "engagement_report", "Engagement report"
    OTHER = "other", "Other"


class ExistingWork(models.Model):
    """An assessment, strategy or report a partner has already done, which the partnership
    can build on instead of repeating (the checklist item 'reuse-existing-work')."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="existing_work"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=WorkKind.choices)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="existing_work",
        help_text="The partner organisation that did or holds the work, if any.",
    )
    year = models.PositiveSmallIntegerField(help_text="The year it was published or finished")
    url = models.URLField("link", max_length=500, blank=True)
    covers = models.TextField(help_text="What it covers")
    reuse = models.TextField(blank=True, help_text="How the partnership will reuse it")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_existing_work_title"
            )
        ]

    def __str__(self) -> str:
        return self.title
