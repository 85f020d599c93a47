"""The "Communication" group: prepares, schedules and publishes the index, nothing else.

Permissions are created here rather than waiting for post_migrate, so that the
group is complete on a fresh database in a single `migrate`. No delete: a
published index must stay online until the next one.
"""

from django.db import migrations

GROUP_NAME = "Communication"
INDEX_ACTIONS = ["add", "change", "view", "publish", "lock", "unlock"]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    index_type, _ = ContentType.objects.get_or_create(
        app_label="equality_index", model="equalityindexyear"
    )
    permissions = []
    for action in INDEX_ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=index_type,
            codename=f"{action}_equalityindexyear",
            defaults={"name": f"Can {action} index de l'égalité (année)"},
        )
        permissions.append(permission)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    permissions.append(access_admin)

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("equality_index", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
