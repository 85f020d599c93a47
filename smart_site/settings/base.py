"""Settings shared by every environment; the others override only what differs.

Everything that changes between machines comes from the environment, so the same
code runs on a laptop (SQLite), in CI (PostgreSQL) and in production.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The base app first, the domain apps on it, the project's own commands on top.
INSTALLED_APPS = [
    "core",
    "pages",
    "cooperatives",
    "equality_index",
    "news",
    "events",
    "smart_site",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's search index uses PostgreSQL's full-text search when on PostgreSQL.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: every log line of the request, errors included, carries its id.
    "smart_site.request_log.RequestIdMiddleware",
    "smart_site.middleware.RefuseUndecodableRequestsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside GZip, so a cached page is stored compressed and served as it is.
    "core.cache.AnonymousPageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "smart_site.middleware.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "smart_site.middleware.NonceResponsesArePrivateMiddleware",
    "smart_site.middleware.DatabaseUnavailableMiddleware",
    # Finds the page of a URL in the cache rather than by walking the page tree.
    "core.cache.CachedRouteMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smart_site.urls"
WSGI_APPLICATION = "smart_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Without DATABASE_URL the site runs on an embedded SQLite file, so a first run
# needs nothing but Python.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png,
# /site.webmanifest), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded media are best served by the proxy or object storage; SERVE_MEDIA=true
# lets the app serve them itself (a single small server, or compose).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several instances need their uploads in one place: a shared disk (MEDIA_ROOT) or
# S3-compatible object storage through django-storages (`pip install -e ".[s3]"`).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }

# Caching (core/cache.py). With REDIS_URL, one Redis shared by every instance and
# process. Without it, pages are kept in each process's memory and the content
# version, which says whether they are still fresh, in a file-based cache that
# every process of the machine reads: a change made by any of them (a second
# worker, publish_scheduled from cron) is seen by all at once.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# A stopped or hung Redis must cost milliseconds, not seconds.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.1"))
if REDIS_URL:
    REDIS_CACHE = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
        },
    }
    CACHES = {
        # Wagtail's own lookups (site root paths, renditions): a failure is a miss.
        "default": {
            **REDIS_CACHE,
            "OPTIONS": {**REDIS_CACHE["OPTIONS"], "IGNORE_EXCEPTIONS": True},
        },
        # Pages, site data and their version: core/cache.py handles failures itself.
        "pages": REDIS_CACHE,
        "content_version": REDIS_CACHE,
    }
else:
    database_name = str(
        dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")["NAME"]
    )
    site_digest = hashlib.sha256(f"{BASE_DIR}|{database_name}".encode()).hexdigest()[:12]
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "content_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CONTENT_VERSION_DIR")
            or str(Path(tempfile.gettempdir()) / f"smart-site-{site_digest}"),
        },
    }
# Wagtail looks image renditions up in this cache before the database, so an
# image costs no query once rendered.
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "renditions"}

# Anonymous pages are cached whole (core/cache.py); 0 switches it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_EXCLUDED_PREFIXES = (
    f"/{os.environ.get('ADMIN_URL_PATH', 'admin').strip('/')}/",
    "/documents/",
    "/recherche/",
    "/healthz",
    "/static/",
    "/media/",
)
# What a CDN in front may keep, and serve stale while it fetches a fresh copy.
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS", 300))
CDN_STALE_WHILE_REVALIDATE_SECONDS = int(os.environ.get("CDN_STALE_WHILE_REVALIDATE_SECONDS", 60))
# A CDN or caching proxy is purged of every live page after each content change
# (core/cache.py), through Wagtail's front-end cache backends.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Sessions live in the database so that any instance can serve any visitor.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Public pages run no inline script or style: everything comes from our own
# static files, and the few scripts we have carry the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin injects inline styles and scripts of its own; it gets a
# looser policy, applied only under its own URL prefix.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
}

WAGTAIL_SITE_NAME = "Smart en France"
# Dates and times typed and shown the French way in the admin (timeline, schedule
# dialog, index dates); the date picker keeps what was typed (core/static/core/admin.js).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Éditeurs publish directly and Communication publishes the index: no approval step
# is needed, and a workflow whose group was removed locked pages for good.
WAGTAIL_WORKFLOW_ENABLED = False
# Addresses without accents: "devenir-societaire", not "devenir-sociétaire".
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Our French for the few Wagtail and Django messages that are English or garbled.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# On PostgreSQL, French stemming with accents folded (pages migration 0003);
# other databases ignore SEARCH_CONFIG.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend; on PostgreSQL, French stemming and accents folded
        # in whole words and in beginnings of words (migrations pages 0003 and 0010).
        "BACKEND": "pages.search_backend",
        "SEARCH_CONFIG": "french_unaccent",
        "AUTOCOMPLETE_CONFIG": "simple_unaccent",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents are only served by Wagtail's view, which checks private collections
# (the app's and the proxy's /media/ refuse documents/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "smart_site.uploads.DocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Above this, an upload stops being read at all (the proxy refuses it before).
UPLOAD_MAX_FILE_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "smart_site.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Error pages in French, styled like the site (core/views.py).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail goes through Django's mailers (Django 6.1). Locally it is printed on the
# console; production sends it over SMTP, configured by EMAIL_URL (production.py).
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "site@smart-en-france.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (Django's tasks framework). Wagtail's own (reference index,
# search index) run at once, as before. E-mail goes through "mail": locally at
# once too; in production queued in the database and run by the worker
# (`manage.py db_worker`), so a mail server outage delays messages without
# losing them.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}

# Contact messages are personal data: the scheduler deletes them after this long
# (the privacy page says so).
CONTACT_MESSAGE_RETENTION_DAYS = int(os.environ.get("CONTACT_MESSAGE_RETENTION_DAYS", "365"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "smart_site.request_log.RequestContextFilter"}},
    "formatters": {
        "with_request": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s %(path)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "with_request",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and Django every background task at INFO:
    # useful in an audit, noise on a console.
    "loggers": {
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# robots.txt lets search engines in only where this is on (production by default).
ALLOW_INDEXING = env_bool("ALLOW_INDEXING", False)

# The admin's address is configurable so that it is not where bots look first.
ADMIN_URL_PATH = os.environ.get("ADMIN_URL_PATH", "admin").strip("/")
WAGTAILADMIN_USER_LOGIN_FORM = "smart_site.admin_forms.FrenchLoginForm"


# --- Security (issue 6) -------------------------------------------------------------

# Browser features the site never uses are refused to it and to anything it frames.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
# No script of ours reads the CSRF cookie: forms carry the token in a hidden field
# and the Wagtail admin gets it from the page.
CSRF_COOKIE_HTTPONLY = True

# Login attempts (the admin's login form) are throttled by django-axes: five
# failures for one account, or from one address, and that account or address is
# refused for 15 minutes, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Each inner list is counted on its own: per account, and per address.
# Counted per account *and* address together: a success resets only its own
# record, so nobody can wipe the failures against another account by logging into
# their own, and nobody can lock an account out for its owner, who logs in from
# elsewhere. Guessing from many addresses meets the proxy's rate limit on login
# POSTs and 12-character passwords.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_ip_address"
# Failures and lockouts are still logged; not the banner every process prints at start.
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy's address: the client's is the
# last one the proxy appends to X-Forwarded-For. Only these addresses are believed
# (the same variable gunicorn reads for X-Forwarded-Proto).
TRUSTED_PROXY_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Production collects static files here; the load test and the outage test collect
# them into a folder of their own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or STATIC_ROOT)

# The rich text editor refuses a value that is not the editor's own content with a
# form error, instead of failing with a server error (smart_site/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "smart_site.rich_text.GuardedDraftailRichTextArea"},
}
# Uploads Pillow cannot read are refused with a message (smart_site/image_uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "smart_site.image_uploads.ImageForm"
