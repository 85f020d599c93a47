"""A PostgreSQL text search configuration for beginnings of words that folds accents.

The search looks for beginnings of words ("egal" for "égalité") with the backend's
autocomplete configuration, "simple" in modelsearch, which keeps accents: on
PostgreSQL "egal" found nothing. `simple_unaccent` is "simple" with accents folded
(no stemming: a beginning of a word is not a word). The beginnings already indexed
are folded the same way, so that no `update_index` is needed after this migration.
Other databases skip it.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION simple_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
UPDATE wagtailsearch_indexentry SET autocomplete = unaccent(autocomplete::text)::tsvector;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent;"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0009_documents_page_steps_and_faq_blocks"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
