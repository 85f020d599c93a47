"""The site's caching, all of it: what is cached, under which key, what makes it stale.

What is cached
  - Whole pages for anonymous GET requests without a query string
    (`AnonymousPageCacheMiddleware`), as `(content version, response)` under
    `page:<host>:<server port>:<scheme>:<path>:<encoding>`: one copy per page and
    site, whatever port or case the Host header claims.
  - Site-wide data every page shows (menu, footer, breadcrumbs, the restricted
    paths, the site and page of each URL): `cached_for_content(name, build)`,
    under `<name>:<version>` in the cache and, for the current version, in the
    process. `CachedRouteMiddleware` hands the cached route to Wagtail's page
    view, so a page the cache does not hold is rendered without walking the tree.

What makes it stale
  - One *content version*, a random token read once per request from the
    `content_version` cache: Redis when REDIS_URL is set, otherwise a file-based
    cache that every process of the machine reads. An entry made under another
    version is never served, so nothing is ever cleared, and a change made by any
    process (a worker, `publish_scheduled`, a command) is seen by all at once.
  - It changes when what visitors see changes: publish, unpublish, move or
    delete (pages and publishable snippets), and saves of what is live by nature
    (site settings, images, deleted renditions, documents, collections,
    redirects, view restrictions, sites). Drafts, autosaves, revisions, locks,
    comments and workflow steps leave every cached page in place. It changes
    again once the change is committed: a request that read the old rows in
    between may have stored them under the new version.
  - With a front-end cache (WAGTAILFRONTENDCACHE), every live page and its
    exports are purged once each change is committed.

When the cache server fails
  Each call gives up after the backend's short socket timeout; after a failure
  the cache is left alone for CACHE_RETRY_SECONDS, pages are rendered without
  it, the failure is logged once per LOG_INTERVAL_SECONDS, /healthz reports it,
  and a content change made meanwhile is applied as soon as the cache is back.
"""

import contextlib
import hashlib
import logging
import secrets
import threading
import time
from contextvars import ContextVar

from django import db
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PAGES_CACHE = "pages"
VERSION_CACHE = "content_version"
VERSION_KEY = "content-version"

# Site data is exact under its version; this only lets Redis forget old versions.
DATA_CACHE_SECONDS = 300
CACHE_RETRY_SECONDS = 5
LOG_INTERVAL_SECONDS = 60


# --- Talking to the cache, and surviving its failures --------------------------------------


class CacheGuard:
    """Runs cache calls; after a failure, skips them for a few seconds instead of waiting."""

    def __init__(self):
        self.down_until = 0.0
        self.last_logged = float("-inf")
        self.last_error = ""
        self.bump_pending = False
        self.lock = threading.Lock()

    def is_down(self):
        return time.monotonic() < self.down_until

    def call(self, alias, method, *args, default=None, **kwargs):
        if self.is_down():
            return default
        try:
            return getattr(caches[alias], method)(*args, **kwargs)
        except Exception as error:  # any backend's connection, timeout or memory error
            self.failed(alias, error)
            return default

    def failed(self, alias, error):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + CACHE_RETRY_SECONDS
            self.last_error = f"{type(error).__name__}: {error}"
            if now - self.last_logged < LOG_INTERVAL_SECONDS:
                return
            self.last_logged = now
        logger.warning(
            "Cache %r unavailable (%s): pages are served without it, retried every %d s.",
            alias,
            self.last_error,
            CACHE_RETRY_SECONDS,
        )


guard = CacheGuard()


def cache_status():
    """'up' or 'down', checked now with one round trip to each cache (for /healthz)."""
    try:
        for alias in {PAGES_CACHE, VERSION_CACHE}:
            caches[alias].get(VERSION_KEY)
    except Exception as error:
        guard.failed(alias, error)
        return "down"
    return "up"


# --- The content version ------------------------------------------------------------------

# What the current request has read: its version, so that it asks only once.
_request_state = ContextVar("content_version_request_state", default=None)


def content_version():
    """The current content version, or None when the cache cannot be reached."""
    state = _request_state.get()
    if state is not None and "version" in state:
        return state["version"]
    if guard.bump_pending and not guard.is_down():
        _set_new_version()  # a change made while the cache was down
    version = guard.call(VERSION_CACHE, "get", VERSION_KEY)
    if version is None and not guard.is_down():
        # First request ever, or the key was evicted: a random start, so that
        # entries of an earlier version cannot match again.
        guard.call(VERSION_CACHE, "add", VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = guard.call(VERSION_CACHE, "get", VERSION_KEY)
    if state is not None:
        state["version"] = version
    return version


def _set_new_version():
    guard.bump_pending = False
    stored = guard.call(VERSION_CACHE, "set", VERSION_KEY, secrets.token_hex(8), timeout=None)
    if guard.is_down():
        guard.bump_pending = True
        logger.error(
            "Content changed while the cache is unavailable: pages will be made afresh "
            "when it is back."
        )
    state = _request_state.get()
    if state is not None:
        state.pop("version", None)  # this request reads the new one from now on
    return stored


_purge_generation = threading.local()


def bump_content_version():
    """Makes every cached page and piece of site data stale, in every process."""
    _set_new_version()
    generation = getattr(_purge_generation, "value", 0) + 1
    _purge_generation.value = generation
    transaction.on_commit(lambda: _after_commit(generation), robust=True)


def _after_commit(generation):
    _set_new_version()
    # One purge for a transaction that made many changes (a deleted branch).
    if generation == _purge_generation.value and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_front_end_cache()


def purge_front_end_cache():
    """Every live page (with its exports) purged from the CDN: the site has few pages."""
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    try:
        purge_pages_from_cache(Page.objects.live().filter(depth__gt=1).specific())
    except Exception:
        logger.exception("Front-end cache purge failed; the CDN copies expire by themselves.")


def version_read_once(get_response, request):
    """`get_response(request)` with the content version read at most once."""
    token = _request_state.set({})
    try:
        return get_response(request)
    finally:
        _request_state.reset(token)


# --- What bumps the version ---------------------------------------------------------------


def live_by_nature_models():
    """Models that have no draft: any save of them is what visitors see."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

    return (
        BaseSiteSetting,
        BaseGenericSetting,
        AbstractImage,
        AbstractDocument,
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Redirect,
        Site,
    )


def bump_on_live_save(sender, instance, **kwargs):
    if isinstance(instance, live_by_nature_models()):
        bump_content_version()


def bump_on_delete(sender, instance, **kwargs):
    from wagtail.images.models import AbstractRendition
    from wagtail.models import DraftStateMixin

    # Pages and publishable snippets, live or not: the copy being deleted may not
    # know that it was published since it was read.
    if isinstance(instance, (DraftStateMixin, AbstractRendition, *live_by_nature_models())):
        bump_content_version()


def bump_on_publication(sender, **kwargs):
    bump_content_version()


def connect_signals():
    from wagtail.signals import post_page_move, published, unpublished

    # `published` and `unpublished` are sent for pages and snippets alike, once
    # the page and its inline rows (timeline events, form fields) are saved.
    published.connect(bump_on_publication, dispatch_uid="cache-published")
    unpublished.connect(bump_on_publication, dispatch_uid="cache-unpublished")
    post_page_move.connect(bump_on_publication, dispatch_uid="cache-moved")
    post_save.connect(bump_on_live_save, dispatch_uid="cache-live-saved")
    post_delete.connect(bump_on_delete, dispatch_uid="cache-deleted")


# --- Site-wide data -----------------------------------------------------------------------

# This process's copy of the site data of one content version: (version, {name: value}).
_process_copy = (None, {})


def cached_for_content(name, build):
    """`build()`'s result, computed once per content version (site-wide data).

    Kept in the cache for the other processes, and in this one, where it is read
    without a round trip. Callers share the value: they must not change it. A
    `None` result is not kept: `build` returns it for what must not be cached.
    Without a cache, `build()` runs every time.
    """
    global _process_copy
    version = content_version()
    if version is None:
        return build()
    copy_version, values = _process_copy
    if copy_version != version:
        values = {}
        _process_copy = (version, values)
    if name in values:
        return values[name]
    key = f"{name}:{version}"
    value = guard.call(PAGES_CACHE, "get", key)
    if value is None:
        value = build()
        if value is None:
            return None
        guard.call(PAGES_CACHE, "set", key, value, timeout=DATA_CACHE_SECONDS)
    values[name] = value
    return value


def digest(text):
    # Hashed: a path may hold any character, which some cache servers refuse in keys.
    return hashlib.sha256(text.encode()).hexdigest()


def site_key(request):
    """The host name (lower case, already checked against ALLOWED_HOSTS) and the server's
    port: what Wagtail finds the site by, not the port a client writes in Host."""
    return f"{split_domain_port(request.get_host())[0]}:{request.get_port()}"


# --- Whole pages --------------------------------------------------------------------------


def is_cacheable_request(request):
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # logged in (or was): pages may show the userbar, drafts…
    return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def is_cacheable_response(response):
    # A page with a form sets the CSRF cookie every time (Django re-sends it whenever
    # the token is used), so "no cookie set" also means "no per-visitor token inside".
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def page_key(request):
    # GZipMiddleware serves gzip or nothing: any other Accept-Encoding is "identity".
    encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
    return f"page:{digest(f'{site_key(request)}:{request.scheme}:{request.path}')}:{encoding}"


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return version_read_once(self.serve, request)

    def serve(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # What a logged-in person sees must never land in a shared cache.
                patch_cache_control(response, private=True)
            return response
        key = page_key(request)
        version, entry = self.lookup(key)
        if version is None:  # no cache: rendered as if it were off
            return self.get_response(request)
        if entry is not None and entry[0] == version:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.CDN_CACHE_SECONDS,
                stale_while_revalidate=settings.CDN_STALE_WHILE_REVALIDATE_SECONDS,
            )
            # Under the version read before rendering: if content changed
            # meanwhile, this copy is already stale and will not be served.
            guard.call(PAGES_CACHE, "set", key, (version, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def lookup(key):
        """The content version and the cached entry: one round trip when they share a cache."""
        state = _request_state.get()
        if settings.CACHES[VERSION_CACHE] != settings.CACHES[PAGES_CACHE] or guard.is_down():
            return content_version(), guard.call(PAGES_CACHE, "get", key)
        values = guard.call(PAGES_CACHE, "get_many", [VERSION_KEY, key], default={})
        if VERSION_KEY not in values:
            return content_version(), values.get(key)
        state["version"] = values[VERSION_KEY]
        return values[VERSION_KEY], values.get(key)


# --- Routes -------------------------------------------------------------------------------


class CachedRouteMiddleware:
    """Gives Wagtail's page view the site and the route of the request from the cache.

    Wagtail finds a page by looking up the site, then each level of the tree, one
    or two queries a level: about half the time of rendering a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        # Forms (POST) and the other methods take Wagtail's own way.
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        # Without a database the view meets the same error, and the "service
        # unavailable" page follows.
        with contextlib.suppress(db.Error):
            attach_cached_route(request, path)
        return None


def attach_cached_route(request, path):
    """Sets the request's site and page route as Wagtail would find them."""
    from wagtail.models import Page, Site

    site = cached_for_content(
        f"site-for:{digest(site_key(request))}", lambda: Site.find_for_request(request)
    )
    if site is None:
        return
    request._wagtail_site = site

    def find_route():
        route = Page.route_for_request(request, path)  # also sets it on the request
        # Only a plain page found: not a 404 (any path could fill the cache),
        # nor a sub-route with arguments.
        if route is None or route.args or route.kwargs:
            return None
        return route

    route = cached_for_content(f"route:{site.pk}:{digest(path)}", find_route)
    if route is not None:
        request._wagtail_route_for_request = route
