"""Reads for export and import: one partnership's records, and the shared reference data."""

from django.contrib.auth import get_user_model
from django.db import models

from placematters.geography.models import Area
from placematters.indicators.models import Indicator
from placematters.partnerships.models import Partnership
from placematters.workspace.registry import INCLUDED, USER


def workspace_rows(partnership: Partnership) -> dict[str, list[models.Model]]:
    """Every included record of the partnership (people apart), per record type, by id."""
    return {
        entry.label: list(entry.model.objects.filter(**{entry.path: partnership}).order_by("pk"))
        for entry in INCLUDED
        if entry.label != USER
    }


def many_to_many_pairs(field: models.ManyToManyField, source_ids: list[int]) -> list[tuple]:
    """(source id, target id) for every link of ``field`` from the given records."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    pairs: list[tuple] = []
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start : start + 500]
        pairs += through.objects.filter(**{f"{source}_id__in": chunk}).values_list(
            f"{source}_id", f"{target}_id"
        )
    return pairs


def users_by_id(ids: set[int]) -> list:
    return list(get_user_model().objects.filter(pk__in=ids).order_by("email", "pk"))


def users_by_email(emails: list[str]) -> dict[str, object]:
    users = get_user_model().objects.filter(email__in=[email.lower() for email in emails])
    return {user.email.lower(): user for user in users}


def indicators_by_id(ids: set[int]) -> dict[int, Indicator]:
    return Indicator.objects.in_bulk(list(ids))


def shared_indicators(external_ids: list[str]) -> dict[str, Indicator]:
    """Shared (partnership-less) indicators by external id."""
    found = Indicator.objects.filter(partnership__isnull=True, external_id__in=external_ids)
    return {indicator.external_id: indicator for indicator in found}


def held_area_codes(codes: list[str]) -> set[str]:
    return set(Area.objects.filter(code__in=codes).values_list("code", flat=True))


def partnership_by_slug(slug: str) -> Partnership | None:
    """The partnership with this web address name, for the administrator's commands."""
    return Partnership.objects.filter(slug=slug).first()


def slug_taken(slug: str) -> bool:
    return Partnership.objects.filter(slug=slug).exists()
