from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "placematters.demo"
