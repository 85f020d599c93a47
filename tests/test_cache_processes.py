"""A change made by another process is on every page within a second, with and without Redis.

gunicorn serves the site with production settings and two workers (each with its
own memory); another process, as cron or a scheduler runs it, publishes the
index year scheduled for today with `publish_scheduled`, or makes a page
private. Without Redis the content version lives in a file-based cache that
every process of the machine reads; with Redis, in Redis.
"""

import http.client
import os
import time

import pytest

from tests.servers import (
    Gunicorn,
    collected_static_root,
    fetch,
    flush_redis,
    fresh_database,
    manage,
    prepare_site,
    production_env,
    redis_reachable,
)

REDIS_URL = "redis://127.0.0.1:6379/11"  # a database of its own, flushed

SCHEDULE_2024 = """
import datetime
from django.utils import timezone
from equality_index.models import EqualityIndexYear
year = EqualityIndexYear(publication_year=2024, data_year=2023, breakdown_known=False,
                         published_index=91)
year.save()
year.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
"""

RESTRICT_HISTORY = """
from wagtail.models import PageViewRestriction
from pages.models import HistoryPage
PageViewRestriction.objects.create(page=HistoryPage.objects.get(),
                                   restriction_type=PageViewRestriction.LOGIN)
"""

# What each address shows of the 2024 year once it is published (pages carry the
# server's port in their links, so a bare "91" could be found anywhere).
WATCHED = {
    "/": "91/100",
    "/index-egalite/": "91/100",
    "/index-egalite/donnees.csv": "2024",
    "/index-egalite/donnees.json": "2024",
}


def skip_or_fail(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module", params=["without Redis", "with Redis"])
def served_site(request, tmp_path_factory):
    """gunicorn with two workers on a new database; the environment another process uses."""
    redis_url = REDIS_URL if request.param == "with Redis" else None
    if redis_url and not redis_reachable(redis_url):
        skip_or_fail(f"Redis is not reachable at {redis_url}.")
    folder = tmp_path_factory.mktemp("processes")
    if redis_url:
        flush_redis(redis_url)
    with fresh_database("smart_processes", folder) as database_url:
        env = production_env(
            database_url,
            static_root=collected_static_root(),
            media_root=folder / "media",
            REDIS_URL=redis_url,
            WEB_CONCURRENCY=2,
            GUNICORN_THREADS=2,
            CONTENT_VERSION_DIR=str(folder / "content-version"),
        )
        prepare_site(env)
        with Gunicorn(env, log_path=folder / "gunicorn.log") as server:
            yield server, env
    if redis_url:
        flush_redis(redis_url)


def get(server, path):
    status, headers, body = fetch(f"{server.url}{path}")
    return status, headers.get("X-Page-Cache"), body.decode()


def status_without_following(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def warm_every_worker(server, paths):
    # Enough requests for both workers to hold each page in their own memory.
    for _ in range(12):
        for path in paths:
            assert get(server, path)[0] == 200, path


def seconds_until(condition, limit=5.0):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def test_a_scheduled_publication_made_by_another_process_is_on_every_page_at_once(served_site):
    server, env = served_site
    warm_every_worker(server, WATCHED)
    for path, shown in WATCHED.items():
        assert shown not in get(server, path)[2], path
    manage(env, "shell", "-c", SCHEDULE_2024)
    assert "91/100" not in get(server, "/")[2], "a scheduled year is not public before its time"

    manage(env, "publish_scheduled")
    published_at = time.monotonic()
    for path, shown in WATCHED.items():
        # Every request from now on, whichever worker answers, shows the new year.
        for _ in range(6):
            status, _, body = get(server, path)
            assert status == 200 and shown in body, f"{path} still stale"
    assert time.monotonic() - published_at < 1.0 + 0.2 * len(WATCHED) * 6
    assert seconds_until(lambda: "91/100" in get(server, "/")[2]) < 1.0


def test_a_page_made_private_by_another_process_is_refused_at_once(served_site):
    server, env = served_site
    warm_every_worker(server, ["/qui-sommes-nous/histoire/", "/plan-du-site/"])
    manage(env, "shell", "-c", RESTRICT_HISTORY)
    for _ in range(6):
        status = status_without_following(server, "/qui-sommes-nous/histoire/")
        assert status == 302, "a private page served from a stale copy"
        assert "/qui-sommes-nous/histoire/" not in get(server, "/plan-du-site/")[2]
