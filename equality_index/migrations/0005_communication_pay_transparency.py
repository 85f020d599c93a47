"""The "Communication" group also prepares, schedules and publishes the pay-transparency years.

As in 0002, the permissions are created here rather than left to post_migrate, so that
the group is complete after a single `migrate`, on a fresh database as on an existing
one. No delete. (Administrateurs get every permission after each migration: core/apps.py.)
"""

from django.db import migrations

GROUP_NAME = "Communication"
ACTIONS = ["add", "change", "view", "publish", "lock", "unlock"]
MODEL = "paytransparencyyear"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    content_type, _ = ContentType.objects.get_or_create(app_label="equality_index", model=MODEL)
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{MODEL}",
            defaults={"name": f"Can {action} indicateurs de transparence des rémunérations"},
        )[0]
        for action in ACTIONS
    ]
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="equality_index", codename__endswith=f"_{MODEL}"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("equality_index", "0004_payroll_tables_and_pay_transparency"),
        ("equality_index", "0002_communication_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
