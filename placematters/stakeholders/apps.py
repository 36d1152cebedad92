from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "placematters.stakeholders"
