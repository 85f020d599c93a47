"""The "Éditeurs" and "Administrateurs" groups ("Communication" comes from equality_index 0002).

Éditeurs: add, edit, publish, lock and unlock every page; add, edit, choose and
delete images and documents; enter the admin. Nothing on the equality index.

Administrateurs: every permission that exists when this migration runs (accounts
and groups included, which makes it as powerful as a superuser), on every page and
every collection. A model added later gets its permissions in its own migration.

Wagtail's own default groups ("Editors", "Moderators"), in English and overlapping
these, are removed when nobody belongs to them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Éditeurs"
ADMINISTRATORS = "Administrateurs"
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]

EDITOR_PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
ALL_PAGE_ACTIONS = ["add", "bulk_delete", "change", "lock", "publish", "unlock"]
EDITOR_MEDIA_ACTIONS = ["add", "change", "choose", "delete"]
MEDIA_MODELS = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return found


def tree_roots(apps):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    return Page.objects.get(depth=1), Collection.objects.get(depth=1)


def grant_pages_and_media(apps, group, page_actions, media_actions):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page, root_collection = tree_roots(apps)
    for action in page_actions:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root_page,
            permission=permission(apps, "wagtailcore", "page", f"{action}_page"),
        )
    for app_label, model in MEDIA_MODELS:
        for action in media_actions:
            media_permission = permission(apps, app_label, model, f"{action}_{model}")
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=media_permission
            )
            group.permissions.add(media_permission)
    group.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin"))


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    grant_pages_and_media(apps, editors, EDITOR_PAGE_ACTIONS, EDITOR_MEDIA_ACTIONS)

    # Permissions are otherwise created after the whole migrate run (post_migrate):
    # create them now so that a fresh database gets a complete group in one migrate.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    grant_pages_and_media(apps, administrators, ALL_PAGE_ACTIONS, EDITOR_MEDIA_ACTIONS)
    administrators.permissions.add(*Permission.objects.all())

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_french_unaccent_search"),
        ("cooperatives", "0001_initial"),
        ("equality_index", "0002_communication_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("axes", "0010_accessattemptexpiration"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
