from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "placematters.reports"
    verbose_name = "Summary report"
