"""No state in an app process: what the environment switches on for several instances."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from smart_site.redis_cache import RedisCache
from tests.servers import flush_redis, redis_reachable

PROJECT = Path(__file__).resolve().parent.parent

# Settings are read without django.setup(): the S3 backend is an optional extra,
# installed where it is used, and not needed to check the configuration.
READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "renditions": settings.CACHES["renditions"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "media": settings.STORAGES["default"]["BACKEND"],
    "bucket": settings.STORAGES["default"].get("OPTIONS", {}).get("bucket_name"),
    "apps": settings.INSTALLED_APPS,
}))
"""


def settings_with(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "FRONTEND_CACHE_PURGE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="smart_site.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://u@db.invalid:5432/smart",
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_url_shares_the_cache_between_instances():
    local = settings_with()
    assert local["cache"].endswith("LocMemCache")
    shared = settings_with(REDIS_URL="redis://cache.internal:6379/0")
    assert shared["cache"].endswith("RedisCache")
    assert shared["cache_location"] == "redis://cache.internal:6379/0"
    assert shared["renditions"].endswith("RedisCache")


def test_the_redis_cache_keeps_one_client_and_works_like_djangos():
    url = "redis://127.0.0.1:6379/12"  # a database of its own, flushed
    if not redis_reachable(url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {url}.")
        pytest.skip(f"Redis is not reachable at {url} (start redis-server to run this test).")
    flush_redis(url)
    try:
        cache = RedisCache(url, {"KEY_PREFIX": "test"})
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.set("page", (1, b"<html>"))
        cache.set("version", 1)
        assert cache.get_many(["version", "page", "missing"]) == {
            "version": 1,
            "page": (1, b"<html>"),
        }
        assert cache.incr("version") == 2
        assert cache.add("version", 5) is False
    finally:
        flush_redis(url)


def test_sessions_are_not_kept_in_a_process():
    assert settings_with()["sessions"] == "django.contrib.sessions.backends.db"


def test_object_storage_for_media_is_switched_on_by_the_environment():
    assert settings_with()["media"].endswith("FileSystemStorage")
    s3 = settings_with(AWS_STORAGE_BUCKET_NAME="smart-media")
    assert s3["media"] == "storages.backends.s3.S3Storage"
    assert s3["bucket"] == "smart-media"


def test_front_end_cache_purge_is_switched_on_by_the_environment():
    assert "wagtail.contrib.frontend_cache" not in settings_with()["apps"]
    purging = settings_with(FRONTEND_CACHE_PURGE_URL="http://varnish.internal")
    assert "wagtail.contrib.frontend_cache" in purging["apps"]


GUNICORN_VARIABLES = (
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_PRELOAD",
    "GUNICORN_TIMEOUT",
)


def gunicorn_settings(monkeypatch, **environment):
    """gunicorn.conf.py's values as gunicorn reads them under this environment."""
    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT / "gunicorn.conf.py"))


def test_gunicorn_shares_the_loaded_app_and_recycles_workers_with_jitter(monkeypatch):
    defaults = gunicorn_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/0")
    assert defaults["preload_app"] is True
    assert 1 <= defaults["workers"] <= 5
    assert defaults["threads"] == 2
    assert defaults["max_requests"] == 20000
    assert defaults["max_requests_jitter"] == 2000
    assert defaults["timeout"] == 30

    tuned = gunicorn_settings(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_MAX_REQUESTS="500", GUNICORN_PRELOAD="false"
    )
    assert tuned["workers"] == 3
    assert tuned["max_requests"] == 500
    assert tuned["max_requests_jitter"] == 50
    assert tuned["preload_app"] is False


def test_gunicorn_runs_one_worker_when_the_cache_is_not_shared(monkeypatch):
    # Each worker's local-memory cache would keep pages another worker has made stale.
    alone = gunicorn_settings(monkeypatch)
    assert alone["workers"] == 1
    assert alone["threads"] == 4

    warnings = []

    class Server:
        class log:
            warning = staticmethod(lambda message, *args: warnings.append(message % args))

    forced = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3")
    forced["on_starting"](Server)
    assert "REDIS_URL" in warnings[0]
    alone["on_starting"](Server)
    assert len(warnings) == 1
