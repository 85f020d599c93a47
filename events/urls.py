import re

from django.urls import path, re_path

from . import views
from .models import EVENT_CALENDAR_FILE

urlpatterns = [
    # The whole agenda's calendar, at an address that never changes whatever editors do
    # with the agenda page: calendar applications keep a subscription for years.
    path("agenda/agenda.ics", views.agenda_calendar, name="agenda_calendar"),
    # One event's calendar, under the event's address (a page's path, as Wagtail's own).
    re_path(
        rf"^(?P<page_path>(?:[\w\-]+/)+){re.escape(EVENT_CALENDAR_FILE)}$",
        views.event_calendar,
        name="event_calendar",
    ),
]
