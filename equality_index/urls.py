from django.urls import path

from . import views

# Stable addresses, independent of where editors put the index page.
urlpatterns = [
    path("index-egalite/donnees.csv", views.export_csv, name="equality_index_csv"),
    path("index-egalite/donnees.json", views.export_json, name="equality_index_json"),
]
