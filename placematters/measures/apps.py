from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "placematters.measures"
    verbose_name = "Outcomes Based Accountability measures"
