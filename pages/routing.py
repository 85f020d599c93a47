"""Finding the page of a URL from the cache, without walking the page tree.

Wagtail finds a page by looking up the site, then each level of the tree from
the site's root, one or two queries a level: about half the time of rendering
a page that the page cache does not hold. A path leads to the same page until
content changes, so the route is kept under the content version, like the
pages themselves (smart_site/page_cache.py): a publication, a move or an
unpublication makes every route fresh at once.
"""

import contextlib
import hashlib

from django import db
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from smart_site.page_cache import cached_for_content


class CachedRouteMiddleware:
    """Gives Wagtail's page view the site and the route of the request from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Forms (POST) and the other methods take Wagtail's own way.
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        # Without a database (any of its errors, InterfaceError included), the
        # view meets the same error and the "service unavailable" page follows.
        with contextlib.suppress(db.Error):
            attach_cached_route(request, path)
        return None


def attach_cached_route(request, path):
    """Sets the request's site and page route as Wagtail would find them."""
    # What Wagtail finds the site by: the host name (checked against ALLOWED_HOSTS
    # by then, so no key for made-up names) and the server's port, not the port
    # the Host header claims.
    hostname = split_domain_port(request.get_host())[0]
    site = cached_for_content(
        f"site-for:{digest(hostname)}:{request.get_port()}",
        lambda: Site.find_for_request(request),
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


def digest(text):
    # Hashed: a path may hold any character, which some cache servers refuse in keys.
    return hashlib.sha256(text.encode()).hexdigest()
