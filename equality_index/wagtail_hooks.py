from django.contrib import messages as django_messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from . import admin_views, deadlines
from .admin_views import may_prepare_index
from .forms import EqualityIndexYearForm, PayTransparencyYearForm
from .models import EqualityIndexYear, PayTransparencyYear


class NamedErrorsMixin:
    """The error banner lists every error, each naming its indicator and field.

    Wagtail's banner lists errors only when one is not tied to a field, under the
    field's label alone: "Résultat: …" could be any of six indicators.
    """

    error_message = "L'index n'a pas pu être enregistré : corrigez ce qui est indiqué ci-dessous."

    def form_invalid(self, form):
        if (
            not self.expects_json_response
            and self.produced_error_message is not None
            and self.produced_error_code == "validation_error"
            and form.errors
        ):
            detail = format_html(
                '<ul class="errorlist">{}</ul>',
                format_html_join("\n", "<li>{}</li>", ((e,) for e in form.described_errors())),
            )
            django_messages.error(
                self.request,
                messages.render(self.produced_error_message, None, detail=detail),
            )
            self.produced_error_message = None  # shown: Wagtail's own banner is not needed
        return super().form_invalid(form)

    def get_error_message(self):
        return self.error_message


class IndexYearCreateView(NamedErrorsMixin, CreateView):
    def get_initial_form_instance(self):
        # "Préparer l'index 2027" on the dashboard opens the form with its years filled in.
        year = self.request.GET.get("annee", "")
        if year.isdigit() and 2019 <= int(year) <= 2100:
            return EqualityIndexYear(publication_year=int(year), data_year=int(year) - 1)
        return super().get_initial_form_instance()


class IndexYearEditView(NamedErrorsMixin, EditView):
    pass


def index_display(year):
    if year.index is not None:
        return f"{year.index}/100"
    if year.breakdown_known and year.points is None:
        return "À compléter"
    return "Non calculable"


class EqualityIndexYearViewSet(SnippetViewSet):
    model = EqualityIndexYear
    icon = "list-ol"
    menu_label = "Index de l'égalité"
    menu_order = 250
    add_to_admin_menu = True
    add_view_class = IndexYearCreateView
    edit_view_class = IndexYearEditView
    list_display = [
        "publication_year",
        "data_year",
        Column("index", label="Index", accessor=index_display, sort_key="index"),
        StatusTagColumn(
            "status_label",
            label="État",
            sort_key="live",
            primary=lambda year: year.live,
        ),
    ]
    list_filter = ["live"]
    ordering = ["-publication_year"]
    edit_handler = ObjectList(EqualityIndexYear.panels, base_form_class=EqualityIndexYearForm)


register_snippet(EqualityIndexYearViewSet)


class TransparencyErrorsMixin:
    error_message = (
        "Les indicateurs n'ont pas pu être enregistrés : corrigez ce qui est indiqué ci-dessous."
    )

    def get_error_message(self):
        return self.error_message


class TransparencyCreateView(TransparencyErrorsMixin, CreateView):
    pass


class TransparencyEditView(TransparencyErrorsMixin, EditView):
    pass


def transparency_display(record):
    gap = record.mean_gap_hourly
    if gap is None:
        return "À compléter"
    return f"{gap:+.1f} %".replace(".", ",").replace("-", "\u2212")


class PayTransparencyYearViewSet(SnippetViewSet):
    """The directive's indicators, year by year: drafts, revisions, preview, locking and
    scheduling as the index years; published by the same group (migration 0005)."""

    model = PayTransparencyYear
    icon = "table"
    menu_label = "Transparence des rémunérations"
    menu_order = 251
    add_to_admin_menu = True
    add_view_class = TransparencyCreateView
    edit_view_class = TransparencyEditView
    list_display = [
        "reference_year",
        Column(
            "mean_gap_hourly",
            label="Écart moyen horaire (a)",
            accessor=transparency_display,
            sort_key="mean_gap_hourly",
        ),
        StatusTagColumn(
            "status_label", label="État", sort_key="live", primary=lambda record: record.live
        ),
    ]
    list_filter = ["live"]
    ordering = ["-reference_year"]
    edit_handler = ObjectList(PayTransparencyYear.panels, base_form_class=PayTransparencyYearForm)


register_snippet(PayTransparencyYearViewSet)


class PublicationStatusPanel(Component):
    """Tells the team, on the dashboard, the next deadline and the years never published."""

    name = "equality_index_status"
    order = 50
    template_name = "equality_index/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        records = {year.publication_year: year for year in EqualityIndexYear.objects.all()}
        published = [number for number, year in records.items() if year.live]
        reminder = deadlines.reminder(today, list(records), published)
        policy = EqualityIndexYear.snippet_viewset.permission_policy
        user = self.request.user
        can_add = policy.user_has_permission(user, "add")
        can_change = policy.user_has_permission(user, "change")

        def action(publication_year):
            """Where the team goes for that year: its record, or a new one; None if not allowed."""
            record = records.get(publication_year)
            url_name = EqualityIndexYear.snippet_viewset.get_url_name
            if record is not None:
                if can_change:
                    return {
                        "label": f"Reprendre l'index {publication_year}",
                        "url": reverse(url_name("edit"), args=[record.pk]),
                    }
                return None
            if can_add:
                return {
                    "label": f"Préparer l'index {publication_year}",
                    "url": f"{reverse(url_name('add'))}?annee={publication_year}",
                }
            return None

        next_record = records.get(reminder.next_year)
        return {
            "reminder": reminder,
            "deadline_text": deadlines.french_date(reminder.next_deadline),
            "days_text": deadlines.count_of_days(reminder.days_left),
            "record": next_record,
            "scheduled": bool(
                next_record and not next_record.live and next_record.approved_schedule
            ),
            "next_action": None if reminder.next_year_published else action(reminder.next_year),
            "missed": [
                {"year": year, "action": action(year), "draft": records.get(year)}
                for year in reminder.missed_years
            ],
            "missed_text": deadlines.french_list(reminder.missed_years),
        }


@hooks.register("construct_homepage_panels")
def add_publication_status_panel(request, panels):
    # Only for the people who can act on it: a reminder with a button that ends in
    # "permission denied" helps nobody.
    if may_prepare_index(request.user):
        panels.append(PublicationStatusPanel(request))


@hooks.register("register_admin_urls")
def register_index_admin_urls():
    return [
        path(
            "index-egalite/points/",
            admin_views.live_points,
            name="equality_index_live_points",
        ),
        path(
            "index-egalite/<int:pk>/effectifs/",
            admin_views.WorkforceView.as_view(),
            name="equality_index_workforce",
        ),
        path(
            "index-egalite/<int:pk>/effectifs/import/",
            admin_views.workforce_import,
            name="equality_index_workforce_import",
        ),
        path(
            "index-egalite/<int:pk>/effectifs/utiliser/",
            admin_views.UseWorkforceResultsView.as_view(),
            name="equality_index_use_results",
        ),
        path(
            "index-egalite/<int:pk>/declaration/",
            admin_views.DeclarationSummaryView.as_view(),
            name="equality_index_declaration",
        ),
        path(
            "index-egalite/modele-salaries.csv",
            admin_views.employee_file_template,
            {"extension": "csv"},
            name="equality_index_template_csv",
        ),
        path(
            "index-egalite/modele-salaries.xlsx",
            admin_views.employee_file_template,
            {"extension": "xlsx"},
            name="equality_index_template_xlsx",
        ),
        path(
            "transparence-remunerations/<int:pk>/calcul/",
            admin_views.transparency_compute,
            name="equality_index_transparency",
        ),
        path(
            "transparence-remunerations/<int:pk>/calcul/utiliser/",
            admin_views.UseTransparencyResultsView.as_view(),
            name="equality_index_transparency_use",
        ),
    ]
