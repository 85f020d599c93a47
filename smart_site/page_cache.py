"""Whole pages cached for anonymous visitors, all made fresh at once by any change.

Every cached page, and every piece of site-wide data (menu, footer), is stored
under the current *content version*. Saving, publishing, unpublishing, moving
or deleting anything a page can show bumps that version, so the next request
computes everything afresh: no page can outlive the change that made it stale,
and nobody ever needs to "clear the cache". The version lives in the shared
cache (Redis when REDIS_URL is set), so a change made through one instance is
seen by all of them at once.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

VERSION_KEY = "content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A clock-based start: if the key was evicted, old entries cannot match again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def cached_for_content(name, build):
    """`build()`'s result, computed once per content version (site-wide data)."""
    key = f"{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS or None)
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
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # What a logged-in person sees must never land in a shared cache.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request)
        response = cache.get(key)
        if response is not None:
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
            cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request):
        encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
        # Hashed: a path may hold any character, which some cache servers refuse in keys.
        address = hashlib.sha256(
            f"{request.scheme}://{request.get_host()}{request.path}".encode()
        ).hexdigest()
        return f"page:{content_version()}:{address}:{encoding}"
