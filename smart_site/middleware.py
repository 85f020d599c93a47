import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.views import bad_request

logger = logging.getLogger(__name__)


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its looser policy, and only the admin.

    Django's ContentSecurityPolicyMiddleware reads `response._csp_config` when
    present; this middleware sits after it in MIDDLEWARE, so it sees the
    response first and can choose the policy by URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            response._csp_config = settings.ADMIN_CSP
        return response


class NonceResponsesArePrivateMiddleware:
    """A response that used its CSP nonce is never stored by a shared cache.

    The nonce lets the page's inline scripts run; served again to someone else, it
    would be known in advance, and injected markup could use it. Such a response is
    marked `Cache-Control: private`, which the page cache and any CDN respect. It sits
    inside the page cache in MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's LazyNonce is true once generated, that is once a template used it.
        if getattr(request, "_csp_nonce", None):
            patch_cache_control(response, private=True)
        return response


# Seconds a client (or a load balancer) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers a plain French 503 page.

    OperationalError and InterfaceError are what the drivers raise when the server
    is down, restarting or refusing connections: the visitor is told to come back
    (503 with Retry-After), not that the site is broken (500). The page is rendered
    without a request context, so nothing in it touches the database. Django opens
    a new connection on the next request, so the site recovers by itself as soon
    as the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response


class RefuseUndecodableRequestsMiddleware:
    """A body in a charset that is no text encoding is refused (400), not a server error.

    Django ignores a charset it cannot find, but takes any codec Python knows,
    base64 or rot13 included, and fails on it when a view (or the CSRF check)
    reads a multipart request.POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset:
            try:
                str(b"x", charset, "replace")  # "'base64' is not a text encoding": LookupError
            except (LookupError, ValueError):
                return bad_request(request, None)
        return self.get_response(request)
