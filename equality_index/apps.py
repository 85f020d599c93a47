from django.apps import AppConfig


class EqualityIndexConfig(AppConfig):
    name = "equality_index"
    verbose_name = "Index de l'égalité professionnelle"
