from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "placematters.workspace"
    verbose_name = "Workspace export and import"
