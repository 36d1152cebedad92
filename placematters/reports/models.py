"""A summary report drawn as a file (PDF or Word) in the background, and where it is kept."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class ReportRender(models.Model):
    """One request to draw the partnership's summary report as a file, and how far it has got."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being created"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="report_renders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, 0 to 100")
    file = models.FileField(upload_to="reports/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    #: Set when the file is drawn from a frozen version rather than the live report.
    snapshot = models.ForeignKey(
        "reports.Snapshot",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renders",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Summary report ({self.get_kind_display()}) for {self.partnership_id}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


class Snapshot(models.Model):
    """The summary report and the action plan frozen as they stood on a date: read-only.

    ``report`` is the report written out by ``frozen.report_to_dict``; ``plan`` is one entry per
    action (``frozen.action_to_dict``). The taker's name is kept as well as the link, so the
    snapshot still says who took it if that account is later removed.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="report_snapshots"
    )
    label = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    taken_on = models.DateField()
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    taken_by_name = models.CharField(max_length=200)
    content_version = models.CharField(max_length=40, blank=True)
    report = models.JSONField()
    plan = models.JSONField(default=list)

    class Meta:
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("label"), "partnership", name="unique_report_snapshot_label"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.taken_on:%Y-%m-%d})"
