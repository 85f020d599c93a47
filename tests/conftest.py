import pytest
from wagtail.models import Page

from smart_site.demo import load_demo_content


@pytest.fixture
def demo_site(db):
    """The demo content as `make run` loads it; returns the live pages by slug."""
    load_demo_content()
    return {page.slug: page.specific for page in Page.objects.filter(depth__gt=1)}


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
    from django.core.management import call_command

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
