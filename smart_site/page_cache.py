"""Whole pages cached for anonymous visitors, all made fresh at once by any change.

Every cached page, and every piece of site-wide data (menu, footer), is stored
with the current *content version*. Saving, publishing, unpublishing, moving
or deleting anything a page can show bumps that version, so the next request
computes everything afresh: no page can outlive the change that made it stale,
and nobody ever needs to "clear the cache". The version lives in the shared
cache (Redis when REDIS_URL is set), so a change made through one instance is
seen by all of them at once.
"""

import hashlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

VERSION_KEY = "content-version"

# With Redis, entries are never stale (their key holds the version), and this
# only lets the server forget the entries of versions gone by. Without it, each
# process has its own version, which a change made by another process (the
# publish_scheduled command, a second worker) does not bump: this bounds how
# long such a change can go unseen.
DATA_CACHE_SECONDS = 300
PROCESS_COPY_SECONDS = 60

# The version read during the current request, so that a page which looks up
# the menu, the footer, its route and itself asks the cache server only once.
_request_versions = ContextVar("request_versions", default=None)

# This process's copy of the site data of one content version:
# (version, started, {name: value}). A new version simply starts a new dict.
_process_copy = (None, 0.0, {})


def content_version():
    pinned = _request_versions.get()
    if pinned is not None and "version" in pinned:
        return pinned["version"]
    return _remember(cache.get(VERSION_KEY))


def content_version_and(key):
    """The content version and the cached value of `key`, in one round trip."""
    values = cache.get_many([VERSION_KEY, key])
    return _remember(values.get(VERSION_KEY)), values.get(key)


def _remember(version):
    if version is None:
        # A clock-based start: if the key was evicted, old entries cannot match again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    pinned = _request_versions.get()
    if pinned is not None:
        pinned["version"] = version
    return version


def bump_content_version():
    """Makes every cached page and piece of site data stale, on every instance."""
    _bump()
    # Again once the change is committed: a request that read the old rows
    # between the first bump and the commit may have cached them under the new
    # version. Outside a transaction, on_commit runs at once; both are cheap.
    transaction.on_commit(_bump, robust=True)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    pinned = _request_versions.get()
    if pinned is not None:
        pinned.pop("version", None)  # this request reads the new one from now on


def content_version_read_once(get_response, request):
    """`get_response(request)` with the content version read at most once."""
    token = _request_versions.set({})
    try:
        return get_response(request)
    finally:
        _request_versions.reset(token)


def cached_for_content(name, build):
    """`build()`'s result, computed once per content version (site-wide data).

    Kept in the shared cache for the other processes and instances, and in this
    process, where it is read without a round trip to the cache server. Callers
    share the value: they must not change it. A `None` result is not kept:
    `build` returns it for what must not be cached.
    """
    global _process_copy
    version = content_version()
    copy_version, started, values = _process_copy
    now = time.monotonic()
    if copy_version != version or now - started > PROCESS_COPY_SECONDS:
        values = {}
        _process_copy = (version, now, values)
    if name in values:
        return values[name]
    key = f"{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is None:
            return None
        cache.set(key, value, timeout=DATA_CACHE_SECONDS)
    values[name] = value
    return value


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


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return content_version_read_once(self.serve, request)

    def serve(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # What a logged-in person sees must never land in a shared cache.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request)
        # One round trip: the page is stored with the version it was made under.
        version, entry = content_version_and(key)
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
            cache.set(key, (version, response), timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request):
        encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
        # Hashed: a path may hold any character, which some cache servers refuse in keys.
        address = hashlib.sha256(
            f"{request.scheme}://{request.get_host()}{request.path}".encode()
        ).hexdigest()
        return f"page:{address}:{encoding}"
