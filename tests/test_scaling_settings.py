"""No state in an app process: what the environment switches on for several instances."""

import json
import os
import subprocess
import sys
from pathlib import Path

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
