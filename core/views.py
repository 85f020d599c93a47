"""Site-wide views: robots.txt, the health check for load balancers, the error pages."""

import posixpath

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.urls import reverse
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .cache import cache_status


@require_safe
def robots_txt(request):
    # Outside production (DEBUG, staging copies) nothing should be indexed.
    if not settings.ALLOW_INDEXING:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = [
            "User-agent: *",
            f"Disallow: /{settings.ADMIN_URL_PATH}/",
            f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "down"
    return "up"


@never_cache
def healthz(request):
    """What this instance can reach, for a load balancer.

    Without its database an instance cannot serve: 503, take it out. Without the
    cache it serves more slowly but correctly, and the cache is shared by every
    instance: 200, so that a balancer does not drop them all at once.
    """
    status = {"database": database_status(), "cache": cache_status()}
    healthy = status["database"] == "up"
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )


def serve_media(request, path):
    """Uploaded images, when the app serves media itself (SERVE_MEDIA); never documents.

    Documents of a private collection must go through Wagtail's view
    (/documents/<id>/<file>), which checks who may read them. The path is
    normalised first, as the file lookup will do, so "images/../documents/" is
    refused too.
    """
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == "documents" or normalised.startswith("documents/"):
        raise Http404("Les documents sont servis par /documents/.")
    return static.serve(request, normalised, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request": request}, request))


def standalone_page(template_name, status, context=None):
    # Rendered without a request context: nothing here may touch the database or
    # the cache, since their failure is one reason to be here.
    return HttpResponse(loader.get_template(template_name).render(context), status=status)


def server_error(request):
    return HttpResponseServerError(
        loader.get_template("500.html").render({"request_id": getattr(request, "id", "")})
    )


def bad_request(request, exception):
    too_big = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
    if isinstance(exception, too_big):
        return standalone_page("413.html", 413)
    return standalone_page("400.html", 400)


def permission_denied(request, exception):
    return standalone_page("403.html", 403)


def csrf_failure(request, reason=""):
    return standalone_page("403_csrf.html", 403)
