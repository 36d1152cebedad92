"""Partnerships are the tenants: every piece of work belongs to exactly one of them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    VCSE = "vcse", "Voluntary, community and social enterprise (VCSE)"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing"
    BUSINESS = "business", "Business"
    COMMUNITY_GROUP = "community_group", "Community group"
    OTHER = "other", "Other"


gss_code_validator = RegexValidator(
    r"^[EWSNK]\d{8}$",
    "Enter a GSS code: a letter E, W, S, N or K then 8 digits, for example E07000147",
)


class Partnership(models.Model):
    """A locality partnership and its workspace."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    is_illustrative = models.BooleanField(
        default=False, help_text="Demo partnerships hold made-up content and say so on every page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaOfFocus(models.Model):
    """A geography the partnership works on, by GSS code (district, ward, LSOA, ...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="areas")
    gss_code = models.CharField("GSS code", max_length=9, validators=[gss_code_validator])
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["gss_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "gss_code"], name="unique_area_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gss_code})"


class PartnerOrganisation(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_organisation_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        PartnerOrganisation, null=True, blank=True, on_delete=models.SET_NULL
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.partnership}"


class Invitation(models.Model):
    """An invitation to join a partnership, redeemed once through an expiring link.

    Only a hash of the token is stored; the token itself exists only in the e-mail.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"
