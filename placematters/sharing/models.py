"""The good-practice bank and the comparison of localities.

A publication is a partnership's contribution to the bank that signed-in people of every
partnership can read: a case study written for it, or a frozen, redacted copy of the action plan
or of the logic model taken when the owner confirmed it. A partnership that opts in to the
comparison shows its progress beside the other partnerships that opted in.
"""

from django.conf import settings
from django.db import models

from placematters.asset_mapping.models import Segment
from placematters.partnerships.models import Partnership


class PublicationKind(models.TextChoices):
    CASE_STUDY = "case_study", "Case study"
    PLAN = "plan", "Action plan (redacted copy)"
    LOGIC_MODEL = "logic_model", "Logic model (redacted copy)"


class AreaType(models.TextChoices):
    RURAL_DISTRICT = "rural_district", "Rural district"
    COASTAL = "coastal", "Coastal"
    URBAN = "urban", "Urban"
    COUNTY = "county", "County"


class Publication(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="publications"
    )
    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    # The case study's own text (blank for copies of a plan or logic model)
    problem = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)
    measures_used = models.TextField(blank=True)
    results = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)
    # Filter facets
    determinant = models.CharField(
        max_length=60, blank=True, help_text="A factor key from asset_mapping's determinants"
    )
    segment = models.CharField(max_length=20, choices=Segment.choices, blank=True)
    target_groups = models.JSONField(default=list, blank=True)
    area_type = models.CharField(max_length=20, choices=AreaType.choices, blank=True)
    # The redacted copy of a plan or logic model, frozen when the owner confirmed it
    content = models.JSONField(default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_on = models.DateTimeField(auto_now_add=True)
    withdrawn = models.BooleanField(default=False)
    withdrawn_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ComparisonChoice(models.Model):
    """Whether a partnership shows its progress in the comparison of localities."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="comparison_choice"
    )
    opted_in = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.partnership}: {'in' if self.opted_in else 'out of'} the comparison"
