"""Community engagement: target communities, the plan, the log of what was heard, the
"you said, we did" trail and the capacity-building that makes the work last."""

from django.db import models

from placematters.engagement.content import approach_choices, level_choices
from placematters.partnerships.models import Membership, Partnership


class Source(models.TextChoices):
    PROTECTED = "protected", "Protected characteristics (Equality Act 2010)"
    INCLUSION_HEALTH = "inclusion-health", "Inclusion health groups"
    CORE20PLUS5_ADULTS = "core20plus5-adults", "Core20PLUS5 (adults)"
    CORE20PLUS5_CYP = "core20plus5-cyp", "Core20PLUS5 (children and young people)"
    GEOGRAPHY = "geography", "Areas of focus"
    OWN = "own", "The partnership's own community"


class TargetCommunity(models.Model):
    """A community the partnership means to engage, from a reference list or its own."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="target_communities"
    )
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=30, choices=Source.choices)
    reference_key = models.CharField(max_length=60, blank=True)
    why = models.TextField("why it is a priority", blank=True)
    is_priority = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_priority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_target_community_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class PlanEntry(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="engagement_plan"
    )
    community = models.ForeignKey(
        TargetCommunity, on_delete=models.CASCADE, related_name="plan_entries"
    )
    purpose = models.TextField()
    level = models.CharField(max_length=20, choices=level_choices)
    method = models.CharField(max_length=300)
    approach = models.CharField(max_length=40, choices=approach_choices)
    lead = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.method} with {self.community}"


class LogEntry(models.Model):
    """One engagement that happened."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="engagement_log"
    )
    title = models.CharField("what happened", max_length=200)
    happened_on = models.DateField()
    communities = models.ManyToManyField(TargetCommunity, related_name="log_entries")
    participants = models.CharField("who took part", max_length=300, blank=True)
    participant_count = models.PositiveIntegerField(null=True, blank=True)
    level_reached = models.CharField(max_length=20, choices=level_choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return self.title


class LogLink(models.Model):
    """A link to notes, photos or a report of an engagement (files live elsewhere)."""

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class HeardKind(models.TextChoices):
    THEME = "theme", "Theme"
    QUOTE = "quote", "Quote"


class Heard(models.Model):
    """A theme or a quote heard at an engagement. Quotes carry whether consent was given."""

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="heard")
    kind = models.CharField(max_length=10, choices=HeardKind.choices)
    text = models.TextField()
    consent = models.BooleanField(
        default=False, help_text="For quotes: the person agreed to their words being shared"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name_plural = "heard"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_quote(self) -> bool:
        return self.kind == HeardKind.QUOTE


class ActionStatus(models.TextChoices):
    NONE = "", "No action yet"
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"


class Decision(models.Model):
    """What was decided in response to something heard, and the action that followed.

    The action is one or more of the partnership's plan actions (``plan_actions``; done when
    every linked action is done), or a free-text reference with its progress kept by hand for
    an action outside the plan, or both.
    """

    heard = models.OneToOneField(Heard, on_delete=models.CASCADE, related_name="decision")
    text = models.TextField()
    decided_on = models.DateField()
    decided_by = models.CharField(max_length=200)
    action_reference = models.CharField(max_length=300, blank=True)
    action_status = models.CharField(
        max_length=20, choices=ActionStatus.choices, blank=True, default=ActionStatus.NONE
    )
    # A string reference: planning.models imports this module for TargetCommunity.
    plan_actions = models.ManyToManyField(
        "planning.PlanAction", blank=True, related_name="decisions"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.text[:80]


class ActivityKind(models.TextChoices):
    COMMUNITY_ACTION = "community_action", "Community-owned action"
    TRAINING = "training", "Training"
    SMALL_GRANT = "small_grant", "Small grant"
    VOLUNTEER_ROLE = "volunteer_role", "Volunteer or peer role"
    OTHER = "other", "Other support"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class CapacityActivity(models.Model):
    """A community-owned action or an activity that builds community capacity."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="capacity_activities"
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, help_text="The group or person who owns it")
    community = models.ForeignKey(
        TargetCommunity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="capacity_activities",
    )
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    people = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "id"]
        verbose_name_plural = "capacity activities"

    def __str__(self) -> str:
        return self.title
