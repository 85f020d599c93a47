from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .search import clean_search_query, search_pages, with_places


@require_GET
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


@never_cache
def healthz(request):
    """Tells a load balancer whether this instance can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:
        database_ok = False
    return JsonResponse(
        {"status": "ok" if database_ok else "error", "database": "up" if database_ok else "down"},
        status=200 if database_ok else 503,
    )


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request": request}, request))


def server_error(request):
    # Rendered without a request context: nothing here may touch the database,
    # since the database being down is one reason to be here.
    return HttpResponseServerError(loader.get_template("500.html").render())


SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Site search: any query, however odd, gives a page of results or a helpful message."""
    query = clean_search_query(request.GET.get("q", ""))
    results = search_pages(query) if query else []
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    page_of_results = paginator.get_page(request.GET.get("page"))
    page_of_results.object_list = with_places(page_of_results.object_list)
    return TemplateResponse(
        request,
        "pages/search.html",
        {
            "query": query,
            "results": page_of_results,
            "result_count": paginator.count,
            "query_was_cut": len(request.GET.get("q", "")) > SEARCH_QUERY_MAX_LENGTH,
        },
    )
