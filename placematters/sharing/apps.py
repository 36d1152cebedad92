from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "placematters.sharing"
    verbose_name = "Sharing and comparing localities"
