from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Socle du site"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
        post_migrate.connect(grant_administrators_every_permission, dispatch_uid="admins-all")


ADMINISTRATORS = "Administrateurs"


def grant_administrators_every_permission(sender, using="default", **kwargs):
    """The Administrateurs group (pages migration 0004) holds every permission, those of
    models added later included: after each migration, whatever now exists is given."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name=ADMINISTRATORS).first()
    if group is None:
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group.permissions.add(*Permission.objects.using(using).exclude(group=group))
