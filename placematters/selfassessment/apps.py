from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "placematters.selfassessment"
    verbose_name = "12-step self-assessment"
