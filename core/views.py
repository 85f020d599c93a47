"""Site-wide views: robots.txt, the health check for load balancers, the error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
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


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request": request}, request))


def server_error(request):
    # Rendered without a request context: nothing here may touch the database,
    # since the database being down is one reason to be here.
    return HttpResponseServerError(loader.get_template("500.html").render())
