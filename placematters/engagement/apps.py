from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "placematters.engagement"
    verbose_name = "Community engagement"
