"""The theory of change logic model: elements in the Kellogg chain and the links between them.

Elements are inputs, activities, outputs, short-, medium- and long-term outcomes and impact (the
chain, read left to right), plus assumptions and external factors (shown in a band beneath).
A link runs forward along the chain (or from an assumption or external factor to the element it
bears on) and carries its evidence and a confidence note.
"""

from django.db import models

from placematters.indicators.models import Indicator
from placematters.partnerships.models import Partnership


class ElementKind(models.TextChoices):
    INPUT = "input", "Input"
    ACTIVITY = "activity", "Activity"
    OUTPUT = "output", "Output"
    SHORT = "outcome_short", "Short-term outcome"
    MEDIUM = "outcome_medium", "Medium-term outcome"
    LONG = "outcome_long", "Long-term outcome"
    IMPACT = "impact", "Impact"
    ASSUMPTION = "assumption", "Assumption"
    EXTERNAL = "external", "External factor"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    UNTESTED = "untested", "Assumption untested"


class LogicElement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="logic_elements"
    )
    kind = models.CharField(max_length=20, choices=ElementKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logic_elements",
    )
    measure = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_logic_element_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LogicLink(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="logic_links"
    )
    source = models.ForeignKey(LogicElement, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(LogicElement, on_delete=models.CASCADE, related_name="links_in")
    evidence = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    confidence = models.CharField(
        max_length=20, choices=Confidence.choices, default=Confidence.UNTESTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_logic_link"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="logic_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
