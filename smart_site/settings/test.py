"""Test runs: fast hashing, in-memory mail, the real database from DATABASE_URL."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
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
