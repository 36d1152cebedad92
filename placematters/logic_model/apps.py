from django.apps import AppConfig


class LogicModelConfig(AppConfig):
    name = "placematters.logic_model"
    verbose_name = "Theory of change logic model"
