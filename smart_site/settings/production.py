"""Production: everything secret or host-specific comes from the environment.

The site refuses to start rather than run with a guessed secret or host.
"""

import os
from urllib.parse import urlsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import env_bool, env_list


def required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production."
        )
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "La variable d'environnement ALLOWED_HOSTS est obligatoire en production."
    )
required_env("DATABASE_URL")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ALLOW_INDEXING = env_bool("ALLOW_INDEXING", True)

# The proxy in front terminates TLS and tells us so.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# W019: the Wagtail admin previews pages in a frame of its own, so frames stay
# allowed from the same origin (SAMEORIGIN, not DENY). W021: HSTS preload is a
# one-way commitment left to the operator (SECURE_HSTS_PRELOAD=true).
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]

# --- E-mail: real SMTP, from one variable ----------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 (STARTTLS),
# smtp+ssl://…:465 (TLS from the start) or smtp://… (plain, a local relay), read by
# dj-email-url (whose own names, submission:// and ?ssl=true, work too). Without
# it, or with a backend that writes messages where others read them (console,
# file) or nowhere, production does not start: password-reset links must never
# end up in a log.
EMAIL_URL_SCHEMES = {"smtp+tls://": "submission://", "smtp+ssl://": "smtps-implicit://"}


def email_config(url):
    for ours, theirs in EMAIL_URL_SCHEMES.items():
        if url.startswith(ours):
            url = theirs + url.removeprefix(ours)
    implicit_tls = url.startswith("smtps-implicit://")
    if implicit_tls:
        url = "smtp://" + url.removeprefix("smtps-implicit://")
    config = dj_email_url.parse(url)
    if implicit_tls:
        config.update(EMAIL_USE_SSL=True, EMAIL_USE_TLS=False)
        config["EMAIL_PORT"] = urlsplit(url).port or 465
    backend = config.get("EMAIL_BACKEND", "")
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        raise ImproperlyConfigured(
            "EMAIL_URL doit désigner un serveur SMTP (smtp+tls://, smtp+ssl:// ou smtp://) : "
            f"« {url.split(':', 1)[0]} » écrirait les courriels dans les journaux, ou ne les "
            "enverrait pas."
        )
    return config


EMAIL_CONFIG = email_config(required_env("EMAIL_URL"))
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_CONFIG["EMAIL_HOST"],
            "port": EMAIL_CONFIG["EMAIL_PORT"],
            "username": EMAIL_CONFIG["EMAIL_HOST_USER"] or None,
            "password": EMAIL_CONFIG["EMAIL_HOST_PASSWORD"] or None,
            "use_tls": EMAIL_CONFIG["EMAIL_USE_TLS"],
            "use_ssl": EMAIL_CONFIG["EMAIL_USE_SSL"],
            # A mail server that does not answer must not hold a worker for long.
            "timeout": EMAIL_CONFIG["EMAIL_TIMEOUT"] or 10,
        },
    }
}
DEFAULT_FROM_EMAIL = required_env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Contact messages are e-mailed by the worker (`manage.py db_worker`, the compose
# service "worker"), from a queue kept in the database: nothing is lost while the
# mail server is down.
TASKS = {**TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Errors are reported ----------------------------------------------------------------
# Tracebacks always go to the log with the request's id and path
# (smart_site/request_log.py); with SENTRY_DSN, to Sentry too.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        # Visitors' addresses, messages and the payroll files the team imports are
        # personal data: no request body or personal field is ever sent.
        send_default_pii=False,
        max_request_body_size="never",
        # Local variables of a failing frame may hold a payroll row or a message.
        include_local_variables=False,
        traces_sample_rate=0.0,
    )
