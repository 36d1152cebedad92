from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "placematters.geography"
