import pytest
from wagtail.models import Page

from smart_site.demo import load_demo_content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the demo site built once for the whole run.

    Each test runs in a transaction that is rolled back, so the demo site is there
    for every test, as `make run` loads it. Tests that flush the database
    (transactional ones) get it back from the serialized copy made here.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        load_demo_content()
        for connection in connections.all(initialized_only=True):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def demo_site(db):
    """The demo content as `make run` loads it; returns the live pages by slug."""
    return {page.slug: page.specific for page in Page.objects.filter(depth__gt=1)}


@pytest.fixture
def without_demo_content(db):
    """A site as migrations leave it, for the tests of the demo loader itself (rolled back)."""
    from equality_index.models import EqualityIndexYear

    for home in Page.objects.filter(depth=2):
        home.delete()  # its pages, its site and its settings with it
    EqualityIndexYear.objects.all().delete()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="unused-in-tests"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database rolls back, the cache does not."""
    from django.core.cache import caches

    from core.cache import guard

    def clear():
        for cache in caches.all():
            cache.clear()
        guard.down_until = 0.0
        guard.bump_pending = False

    clear()
    yield
    clear()


def run_mail_worker():
    """What the worker process does in production: runs the queued e-mail tasks that are due."""
    from unittest import mock

    from django.core.management import call_command

    # The worker calls close_old_connections() between tasks. Inside a test's transaction
    # that closes the connection on PostgreSQL (autocommit is off there), so the test's
    # next query fails; Django's test client skips the same call at each request for the
    # same reason. An in-memory SQLite database is never closed, which hid it there.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--batch",
            "--backend",
            "mail",
            "--queue-name",
            "*",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
