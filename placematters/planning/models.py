"""The local area action plan: actions with What, Why, When by and Who by, and milestones.

Each action says what will be done, why (free text and links to a priority finding, a triangle
segment, assets, target communities, a determinant factor and the IHE step it advances), when
by (start, due date, milestones) and who by (an owner member and a partner organisation). Links
to logic-model elements (the activities or outcomes the action delivers) live here; HEAT
impacts link to the actions that mitigate them (``heat_mitigations``) and measures to the actions
they track, from their own apps.
"""

from django.conf import settings
from django.db import models

from placematters.analysis.models import Priority
from placematters.asset_mapping.models import Asset, Segment
from placematters.engagement.models import TargetCommunity
from placematters.logic_model.models import LogicElement
from placematters.partnerships.models import Membership, PartnerOrganisation, Partnership


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"


class Intensity(models.TextChoices):
    """Proportionate universalism: how far the action is scaled to need."""

    UNIVERSAL = "universal", "Universal: offered to everyone"
    TARGETED = "targeted", "Targeted: more for groups or areas with greater need"
    INTENSIVE = "intensive", "Intensive: the most support where need is greatest"


class LifeStage(models.TextChoices):
    """The stages of life an action serves (IHE/PHE step 6: a life course approach)."""

    START_WELL = "start_well", "Start well: pregnancy and the early years"
    SCHOOL_AGE = "school_age", "Live well at school age: children and young people"
    WORKING_AGE = "working_age", "Work and live well: adults of working age"
    OLDER_AGE = "older_age", "Age well: older people"


class PlanAction(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="plan_actions"
    )
    # What
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Why
    why = models.TextField(blank=True)
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    segment = models.CharField(max_length=20, choices=Segment.choices, blank=True)
    assets = models.ManyToManyField(Asset, blank=True, related_name="plan_actions")
    communities = models.ManyToManyField(TargetCommunity, blank=True, related_name="plan_actions")
    determinant = models.CharField(
        max_length=60, blank=True, help_text="A factor key from asset_mapping's determinants"
    )
    ihe_step = models.PositiveSmallIntegerField(null=True, blank=True)
    # LifeStage values, in LifeStage's order
    life_stages = models.JSONField(default=list, blank=True)
    logic_elements = models.ManyToManyField(LogicElement, blank=True, related_name="plan_actions")
    # When by
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    # Who by
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    # How much, and how it is going
    intensity = models.CharField(
        max_length=20, choices=Intensity.choices, default=Intensity.UNIVERSAL
    )
    intensity_note = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_plan_action_title"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(start_date__lte=models.F("due_date")),
                name="plan_action_starts_before_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ActionAllocation(models.Model):
    """A proportionate-universalism allocation attached to an action: the basis it was worked
    out on and its result, kept as they were when attached (the data behind them may change).

    ``parameters`` is the calculator's query string as a dict, so the same allocation can be
    opened again; ``rows`` holds [area code, area name, need value, share (%), amount], the
    greatest need first.
    """

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="allocations")
    basis = models.TextField()
    measure_label = models.CharField(max_length=300)
    geography = models.CharField(max_length=60)
    total = models.FloatField()
    parameters = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.basis}"
