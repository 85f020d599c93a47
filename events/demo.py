"""The demo agenda: the agenda page only, and empty.

The fact sheet (shared/content/fiche-smart.md) announces no event, and an agenda
must not invent one: the page shows what an empty agenda says, with a way to the
page the loader suggests (the news), the contact page and the calendar feed.
Created only when the site has no agenda yet; an existing one is never touched.
"""

from .models import EventIndexPage


def load_demo_agenda(home, suggested_page=None):
    """Creates the agenda under `home` unless the site has one; returns the pages it created."""
    if EventIndexPage.objects.exists():
        return []
    agenda = EventIndexPage(
        title="Agenda",
        slug="agenda",
        intro="Les rendez-vous de Smart et de ses coopératives.",
        summary="Les rendez-vous à venir de Smart et de ses coopératives.",
        empty_agenda_page=suggested_page,
        show_in_menus=True,
    )
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    return [agenda]
