"""SiteSettings moves from the pages app to core: the table stays, only Django's state moves.

The content type is renamed too, so that the permissions given to groups on the
site settings stay attached to the same rows.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="sitesettings").exists():
        return
    ContentType.objects.filter(app_label=old, model="sitesettings").update(app_label=new)


def forwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, "pages", "core")


def backwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, "core", "pages")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_editor_and_admin_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("postal_address", models.TextField(blank=True, help_text="Affichée dans le pied de page. Laissez vide tant qu'elle n'est pas validée.", verbose_name="Adresse postale")),
                        ("contact_email", models.EmailField(blank=True, max_length=254, verbose_name="Courriel de contact")),
                        ("contact_phone", models.CharField(blank=True, max_length=30, verbose_name="Téléphone")),
                        ("social_links", wagtail.fields.StreamField([("link", 2)], blank=True, block_lookup={0: ("wagtail.blocks.CharBlock", (), {"help_text": "Par exemple Mastodon.", "label": "Nom du réseau", "max_length": 40}), 1: ("wagtail.blocks.URLBlock", (), {"label": "Adresse du compte"}), 2: ("wagtail.blocks.StructBlock", [[("label", 0), ("url", 1)]], {})}, help_text="Les liens vers les comptes de Smart, dans l'ordre voulu.", verbose_name="Réseaux sociaux")),
                        ("accessibility_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="Page « Accessibilité »")),
                        ("contact_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="Page « Contact »")),
                        ("legal_notice_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="Page « Mentions légales »")),
                        ("privacy_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="Page « Données personnelles »")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                        ("sitemap_page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="Page « Plan du site »")),
                    ],
                    options={"verbose_name": "Réglages du site", "db_table": "pages_sitesettings"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
