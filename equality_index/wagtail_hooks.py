from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import EqualityIndexYearForm
from .models import EqualityIndexYear, days_until_deadline


class EqualityIndexYearViewSet(SnippetViewSet):
    model = EqualityIndexYear
    icon = "list-ol"
    menu_label = "Index de l'égalité"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["publication_year", "data_year", "index", "live"]
    list_filter = ["live"]
    ordering = ["-publication_year"]
    edit_handler = ObjectList(EqualityIndexYear.panels, base_form_class=EqualityIndexYearForm)


register_snippet(EqualityIndexYearViewSet)


class PublicationStatusPanel(Component):
    """Tells the team, on the dashboard, whether this year's index is out."""

    name = "equality_index_status"
    order = 50
    template_name = "equality_index/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        this_year = EqualityIndexYear.objects.filter(publication_year=today.year).first()
        days_left = days_until_deadline(today)
        return {
            "year": today.year,
            "record": this_year,
            "published": bool(this_year and this_year.live),
            "scheduled": bool(this_year and this_year.scheduled_revision),
            "days_left": days_left,
            "days_late": -days_left,
        }


@hooks.register("construct_homepage_panels")
def add_publication_status_panel(request, panels):
    panels.append(PublicationStatusPanel(request))
