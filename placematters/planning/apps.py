from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "placematters.planning"
