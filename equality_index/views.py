import csv

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from .exports import (
    COLUMN_LABELS,
    COLUMNS,
    json_row,
    machine_row,
    published_rows,
    spreadsheet_header,
    spreadsheet_row,
)

# French Excel reads a CSV as UTF-8 only with this mark at its start, and splits
# its columns on ";" (the comma is its decimal separator).
BYTE_ORDER_MARK = "\ufeff"


@require_safe
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="index-egalite.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for row in published_rows():
        writer.writerow(machine_row(row))
    return response


@require_safe
def export_spreadsheet_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="index-egalite-tableur.csv"'
    response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response, delimiter=";")
    writer.writerow(spreadsheet_header())
    for row in published_rows():
        writer.writerow(spreadsheet_row(row))
    return response


@require_safe
def export_json(request):
    return JsonResponse(
        {
            "colonnes": COLUMNS,
            "libelles_colonnes": COLUMN_LABELS,
            "lignes": [json_row(row) for row in published_rows()],
        },
        json_dumps_params={"ensure_ascii": False},
    )
