"""SiteSettings now belongs to core (core 0001 took it over, table included)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_editor_and_admin_groups"),
        ("core", "0001_site_settings_from_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SiteSettings")],
            database_operations=[],
        ),
    ]
