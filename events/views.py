from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from core.cache import attach_cached_route
from core.visibility import public

from .models import AGENDA_CALENDAR_NAME, EVENT_CALENDAR_FILE, EventIndexPage, calendar_response


@require_safe
def agenda_calendar(request):
    """Every live, public event of the agenda, as one iCalendar file to subscribe to."""
    agenda = public(EventIndexPage.objects.live()).first()
    if agenda is None:
        raise Http404("Pas d'agenda publié.")
    events = agenda.events().order_by("start", "pk")
    return calendar_response(events, AGENDA_CALENDAR_NAME, "agenda.ics", request)


@require_safe
def event_calendar(request, page_path):
    """One event's iCalendar file, at its page's address followed by "evenement.ics".

    Wagtail's URL pattern takes no address with a dot in it: this hands the request
    to Wagtail's page serving, which finds the event's sub-route (EventPage.route)
    and applies the page's own checks, view restrictions included.
    """
    path = f"{page_path}{EVENT_CALENDAR_FILE}"
    attach_cached_route(request, path)  # the site from the cache
    return wagtail_views.serve(request, path)
