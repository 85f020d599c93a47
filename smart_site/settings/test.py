"""Test runs: fast hashing, in-memory mail, the real database from DATABASE_URL."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django replaces every mailer by the in-memory one (mail.outbox).
# Contact messages are queued in the database, as in production; tests run the
# worker when they need the e-mail (tests/conftest.py, run_mail_worker).
TASKS = {**TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The test client's login() authenticates without a request, which django-axes
# refuses; logins through the admin's form are throttled as in production.
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.AxesBackendForTheTestClient",
    "django.contrib.auth.backends.ModelBackend",
]

# Each test run keeps its content version to itself, apart from other runs and
# servers on the machine (the folder goes when the run ends).
if "FileBasedCache" in CACHES["content_version"]["BACKEND"]:
    import atexit
    import shutil
    import tempfile

    CACHES["content_version"] = {
        **CACHES["content_version"],
        "LOCATION": tempfile.mkdtemp(prefix="smart-site-tests-"),
    }
    atexit.register(shutil.rmtree, CACHES["content_version"]["LOCATION"], ignore_errors=True)
