import csv

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from .exports import COLUMNS, published_rows


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


@require_safe
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="index-egalite.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for row in published_rows():
        writer.writerow({key: csv_value(value) for key, value in row.items()})
    return response


@require_safe
def export_json(request):
    return JsonResponse(
        {"colonnes": COLUMNS, "lignes": published_rows()}, json_dumps_params={"ensure_ascii": False}
    )
