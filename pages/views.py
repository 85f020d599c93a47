from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.admin.views.mixins import SpreadsheetExportMixin, list_to_str
from wagtail.contrib.forms.views import SubmissionsListView

from core.spreadsheets import neutralise_formula

from .search import clean_search_query, present, search_pages

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Site search: any query, however odd, gives a page of results or a helpful message."""
    query = clean_search_query(request.GET.get("q", ""), SEARCH_QUERY_MAX_LENGTH)
    results = search_pages(query) if query else []
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    page_of_results = paginator.get_page(request.GET.get("page"))
    # Only the results shown are fetched as their page type and marked.
    page_of_results.object_list = present(page_of_results.object_list, query)
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


class ContactMessagesListView(SubmissionsListView):
    """Wagtail's listing and CSV/XLSX export of the messages, with no cell a spreadsheet
    would run as a formula."""

    custom_value_preprocess = {
        **SubmissionsListView.custom_value_preprocess,
        str: {
            SpreadsheetExportMixin.FORMAT_CSV: neutralise_formula,
            SpreadsheetExportMixin.FORMAT_XLSX: neutralise_formula,
        },
        list: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: neutralise_formula(list_to_str(value)),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: neutralise_formula(
                list_to_str(value)
            ),
        },
    }
