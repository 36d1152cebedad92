"""Checklist items: the partnership's working copy of each stage's checklist."""

from django.db import models

from placematters.partnerships.models import Membership, Partnership
from placematters.toolkit.content import stage_choices


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


CLOSED_STATUSES = (Status.DONE, Status.NOT_APPLICABLE)


class ChecklistItem(models.Model):
    """One item in a stage's checklist.

    Items seeded from the reviewed content keep its ``content_key`` and ``content_version``;
    items a partnership adds itself have no content key.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="checklist_items"
    )
    stage = models.CharField(max_length=40, choices=stage_choices)
    position = models.PositiveIntegerField(default=0)
    content_key = models.CharField(max_length=60, blank=True)
    content_version = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Markdown")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage", "position", "id"]
        indexes = [models.Index(fields=["partnership", "stage"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "content_key"],
                condition=~models.Q(content_key=""),
                name="one_item_per_content_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return not self.content_key


class EvidenceLink(models.Model):
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.label
