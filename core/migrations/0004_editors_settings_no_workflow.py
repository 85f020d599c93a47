"""Editors fill the site settings; no approval workflow; Wagtail's root page in French.

- Éditeurs may change the site settings (address, phone, social links, contact
  recipient): the footer and the contact page are theirs.
- The approval workflow is switched off (WAGTAIL_WORKFLOW_ENABLED): Éditeurs
  publish directly. Wagtail's default "Moderators approval" workflow, whose
  group was removed, had left pages locked: what was in progress is cancelled
  and the workflow is deactivated.
- The tree's invisible root page, shown in the admin's breadcrumbs, is "Racine".
"""

from django.db import migrations

EDITORS = "Éditeurs"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="sitesettings")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_sitesettings",
        defaults={"name": "Can change Réglages du site"},
    )
    for editors in Group.objects.filter(name=EDITORS):
        editors.permissions.add(change)

    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState.objects.filter(status="in_progress").update(status="cancelled")
    TaskState.objects.filter(status="in_progress").update(status="cancelled")
    Workflow.objects.update(active=False)

    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title="Racine", draft_title="Racine")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_legal_details"),
        ("pages", "0007_contact_messages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
