from django.urls import path

from . import views

# Stable addresses, independent of where editors put the index page. The first and
# the last are declared: they never change.
urlpatterns = [
    path("index-egalite/donnees.csv", views.export_csv, name="equality_index_csv"),
    path(
        "index-egalite/donnees-tableur.csv",
        views.export_spreadsheet_csv,
        name="equality_index_spreadsheet_csv",
    ),
    path("index-egalite/donnees.json", views.export_json, name="equality_index_json"),
]
