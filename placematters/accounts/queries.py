"""Reads of user accounts."""

from django.contrib.auth import get_user_model


def account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()
