"""A PostgreSQL text search configuration that stems French and folds accents.

With it "egalite" finds "égalité" and "cooperative" finds "coopératives". Other
databases have no such configuration and skip this migration. Creating the
unaccent extension needs a role allowed to (the database owner on PostgreSQL 13+
for trusted extensions, or a superuser).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_site_settings_contact_sitemap")]

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
