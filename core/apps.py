from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Socle du site"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
        post_migrate.connect(grant_administrators_every_permission, dispatch_uid="admins-all")
        suggest_no_file_name_as_alt_text()


def suggest_no_file_name_as_alt_text():
    """The alt text the editor suggests for a chosen image: its description, never its title.

    Wagtail falls back to the title, which an upload sets to the file name
    ("IMG_2043"): editors kept it, and screen readers read it out. An image
    without a description gets an empty suggestion, which the image block
    refuses until the editor describes the image or marks it decorative.
    """
    from wagtail.images.models import AbstractImage

    AbstractImage.default_alt_text = property(lambda image: getattr(image, "description", ""))


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
