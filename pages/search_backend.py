"""Wagtail's database search backend, folding accents in beginnings of words on PostgreSQL.

The PostgreSQL backend indexes and looks for beginnings of words (`autocomplete()`)
with the "simple" configuration, which keeps accents, so "egal" did not find
"égalité" there (SQLite folds them). With `AUTOCOMPLETE_CONFIG` set, here
`simple_unaccent` (migration pages 0010), it uses that configuration instead.
Every other database gets Wagtail's backend unchanged.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    backend = database_search_backend(params)
    if connection.vendor == "postgresql" and params.get("AUTOCOMPLETE_CONFIG"):
        backend.autocomplete_config = params["AUTOCOMPLETE_CONFIG"]
    return backend
