from django.apps import AppConfig


class HeatConfig(AppConfig):
    name = "placematters.heat"
    verbose_name = "Health equity assessment (HEAT)"
