"""The Population Intervention Triangle register: assets, the connectors between segments and
the partnership's assessment of each segment.

The register is shaped so that an Open Referral UK (ORUK, the UK profile of HSDS 3.0) document
can be imported and exported without loss: every field notes the ORUK field it maps to, and
what the standard carries that the register does not show (languages, accessibility, funding,
extra addresses, attributes...) is kept as received in ``oruk_extra``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from placematters.partnerships.models import PartnerOrganisation, Partnership


class Segment(models.TextChoices):
    """The three segments of the Population Intervention Triangle (PHE, LGA and ADPH 2019)."""

    CIVIC = "civic", "Civic-level"
    SERVICE = "service", "Service-based"
    COMMUNITY = "community", "Community-centred (community-based)"


class AssetType(models.TextChoices):
    """The six kinds of asset of asset-based community development (ABCD) mapping."""

    INDIVIDUALS = "individuals", "Individuals"
    ASSOCIATIONS = "associations", "Associations"
    INSTITUTIONS = "institutions", "Institutions"
    PHYSICAL = "physical", "Physical"
    ECONOMIC = "economic", "Economic"
    CULTURAL = "cultural", "Cultural"


class ServiceStatus(models.TextChoices):
    """ORUK ``service.status``."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Asset(models.Model):
    """An asset or intervention in the place, placed in one segment of the triangle.

    ORUK mapping (one asset is one ``service`` with its ``organization``, one ``location``,
    one ``service_at_location`` and one ``contact``):

    - ``name`` → service.name; ``description`` → service.description; ``status`` →
      service.status; ``website`` → service.url; ``contact_email`` → service.email
    - ``owner_organisation`` / ``owner_name`` → organization.name (the organisation's ORUK id
      is kept in ``external_ids["organization"]``)
    - ``contact_name`` → contact.name; ``contact_phone`` → phone.number (on the contact)
    - ``location_name`` → location.name; ``address`` → address.address_1; ``town`` →
      address.city; ``postcode`` → address.postal_code; ``latitude``/``longitude`` →
      location.latitude/longitude; ``area_code`` → location.external_identifier with
      external_identifier_type "GSS"
    - ``areas_served`` → service_area rows (name = GSS code, extent_type "GSS")
    - ``eligibility`` → service.eligibility_description; ``minimum_age``/``maximum_age`` →
      service.minimum_age/maximum_age
    - ``cost`` → service.fees_description; ``cost_options`` → cost_option rows (dicts with
      option, amount, amount_description, valid_from, valid_to)
    - ``opening_times`` → the description of the first schedule when ``schedules`` is empty;
      ``schedules`` → schedule rows (dicts with the RFC 5545 fields: freq, interval, byday,
      bymonthday, dtstart, valid_from, valid_to, opens_at, closes_at, description, notes...)
    - ``segment``, ``asset_type`` and ``determinants`` → attribute rows linking taxonomy terms
      of the Place Matters taxonomies (segment, asset type, determinant factor)
    - ``target_groups``, ``reach``, ``capacity``, ``evidence_links`` → attributes as well
      (no native ORUK field)
    - ``last_verified`` → service.assured_date; ``updated_at`` → service.last_modified
    - ``external_ids`` → the ids the records had in the source document
      (service, organization, location, service_at_location, contact, phone)
    - ``oruk_extra`` → anything else the source document carried, kept as received
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assets")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    segment = models.CharField(max_length=20, choices=Segment.choices)
    asset_type = models.CharField(max_length=20, choices=AssetType.choices)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    owner_organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
    )
    owner_name = models.CharField(
        "owner", max_length=200, blank=True, help_text="When the owner is not a partner"
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(max_length=500, blank=True)
    location_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(49.8), MaxValueValidator(60.9)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-8.7), MaxValueValidator(1.8)],
    )
    area_code = models.CharField(
        "area code", max_length=9, blank=True, help_text="GSS code of the area the asset is in"
    )
    areas_served = models.JSONField(default=list, blank=True, help_text="GSS codes")
    target_groups = models.TextField(blank=True)
    reach = models.PositiveIntegerField(null=True, blank=True, help_text="People reached in a year")
    capacity = models.TextField(blank=True)
    eligibility = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    cost = models.TextField(blank=True)
    cost_options = models.JSONField(default=list, blank=True)
    opening_times = models.TextField(blank=True)
    schedules = models.JSONField(default=list, blank=True)
    determinants = models.JSONField(
        default=list, blank=True, help_text="Factor keys from content/determinants.yaml"
    )
    evidence_links = models.JSONField(default=list, blank=True, help_text="Web addresses")
    last_verified = models.DateField(null=True, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    oruk_extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["partnership", "segment"])]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> str:
        return self.owner_organisation.name if self.owner_organisation else self.owner_name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ConnectorKind(models.TextChoices):
    """The links between the segments (domain notes 4.2; names provisional)."""

    PLACE_BASED_PLANNING = "place_based_planning", "Place-based planning"
    SERVICE_ENGAGEMENT = "service_engagement", "Service engagement with the community"
    INTEGRATION = "integration", "Integration and scale-up"


CONNECTOR_SEGMENTS: dict[str, tuple[str, str]] = {
    ConnectorKind.PLACE_BASED_PLANNING: (Segment.CIVIC, Segment.COMMUNITY),
    ConnectorKind.SERVICE_ENGAGEMENT: (Segment.SERVICE, Segment.COMMUNITY),
    ConnectorKind.INTEGRATION: (Segment.CIVIC, Segment.SERVICE),
}


class Connector(models.Model):
    """Work that joins two segments of the triangle, and the assets it links.

    Not part of ORUK; exported (if at all) as attributes of the linked services.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="connectors"
    )
    kind = models.CharField(max_length=30, choices=ConnectorKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    assets = models.ManyToManyField(Asset, blank=True, related_name="connectors")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def segments(self) -> tuple[str, str]:
        return CONNECTOR_SEGMENTS[self.kind]


class SegmentAssessment(models.Model):
    """The partnership's summary assessment of one segment: a stage 1 summary section."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="segment_assessments"
    )
    segment = models.CharField(max_length=20, choices=Segment.choices)
    summary = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["segment"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "segment"], name="one_assessment_per_segment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_segment_display()} assessment"
