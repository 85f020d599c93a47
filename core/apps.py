from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Socle du site"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
