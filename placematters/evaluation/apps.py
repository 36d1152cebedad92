from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "placematters.evaluation"
    verbose_name = "Evaluation framework"
