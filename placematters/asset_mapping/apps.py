from django.apps import AppConfig


class AssetMappingConfig(AppConfig):
    name = "placematters.asset_mapping"
    verbose_name = "Asset mapping"
