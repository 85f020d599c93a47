"""The agenda: events in Paris time, upcoming then past, iCalendar files, schema.org Event."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cooperatives.models import CooperativePage, EcosystemPage
from events import ical
from events.demo import load_demo_agenda
from events.models import EventIndexPage, EventPage
from events.schedule import Period, spoken_day, spoken_time
from news.models import NewsIndexPage
from pages.models import ContactPage, HistoryPage, HomePage, StandardPage
from smart_site.demo import load_demo_content

from .admin_forms import page_edit_post_data

AGENDA_URL = "/agenda/"
CALENDAR_URL = "/agenda/agenda.ics"
PARIS = ZoneInfo("Europe/Paris")
QUERY_BUDGET = 10
# What people and robots put in query strings (tests/test_bad_input.py has more).
HOSTILE = [
    "",
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "{{ settings.SECRET_KEY }}",
    "99999999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "é" * 300,
    "a" * 5000,
    "\r\nSet-Cookie: volé=1",
]


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


# --- Building content ----------------------------------------------------------------


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_event(agenda, number, start, hours=2, cooperatives=(), **fields):
    fields.setdefault("address", "1 place de la République\n59000 Lille")
    fields.setdefault("title", f"Événement {number}")
    page = EventPage(
        slug=f"evenement-{number}",
        start=start,
        end=start + datetime.timedelta(hours=hours),
        summary=f"Le résumé de l'événement {number}.",
        **fields,
    )
    page.cooperatives = list(cooperatives)
    return publish(agenda, page)


def days_from_now(days, hour=14):
    moment = timezone.localtime(timezone.now(), PARIS) + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def agenda(demo_site):
    """The demo site's agenda, empty, made to suggest the history page while it is."""
    agenda = EventIndexPage.objects.get()
    agenda.empty_agenda_page = HistoryPage.objects.get()
    agenda.save_revision().publish()
    return EventIndexPage.objects.get()


def html(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def section_titles(main, section_id):
    heading = main.find(id=section_id)
    if heading is None:
        return None
    section = heading.find_parent("section")
    return [link.get_text(strip=True) for link in section.select("article.card h3 a")]


def unfold(text):
    return text.replace("\r\n ", "")


def ics_properties(text):
    """Each VEVENT of an iCalendar text as {property name: value} (parameters dropped)."""
    events, current = [], None
    for line in unfold(text).split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


# --- How times are said --------------------------------------------------------------


def test_times_are_said_in_paris_time_the_french_way():
    winter = datetime.datetime(2026, 3, 12, 13, 0, tzinfo=datetime.UTC)
    assert spoken_day(winter) == "jeudi 12 mars 2026"
    assert spoken_time(winter) == "14 h"
    summer = datetime.datetime(2026, 7, 1, 7, 5, tzinfo=datetime.UTC)
    assert spoken_day(summer) == "mercredi 1er juillet 2026"
    assert spoken_time(summer) == "9 h 05"


def test_a_period_says_one_day_or_two_with_its_time_zone():
    same_day = Period(paris(2026, 3, 12, 14), paris(2026, 3, 12, 17, 30))
    assert str(same_day) == "jeudi 12 mars 2026, de 14 h à 17 h 30 (heure de Paris)"
    assert same_day.start_attribute == "2026-03-12T14:00+01:00"
    assert same_day.start_date_attribute == "2026-03-12"
    two_days = Period(paris(2026, 6, 30, 18), paris(2026, 7, 1, 12))
    assert str(two_days) == (
        "du mardi 30 juin 2026 à 18 h au mercredi 1er juillet 2026 à 12 h (heure de Paris)"
    )
    assert two_days.end_attribute == "2026-07-01T12:00+02:00"


# --- The iCalendar writer ------------------------------------------------------------


def an_event(**fields):
    values = {
        "uid": "0b5f6b8e-1c1d-4b0e-9d7a-000000000001",
        "start": paris(2026, 3, 12, 14),
        "end": paris(2026, 3, 12, 17),
        "summary": "Réunion",
        "stamp": datetime.datetime(2026, 2, 1, 10, 0, tzinfo=datetime.UTC),
        **fields,
    }
    return ical.CalendarEvent(**values)


def test_ical_text_values_are_escaped_and_keep_no_control_character():
    assert ical.text("a, b; c\\d\ne\r\nf\x00g\th") == "a\\, b\\; c\\\\d\\ne\\nfg\th"


def test_ical_uris_keep_their_commas_and_semicolons():
    assert ical.uri("https://example.org/a,b;c") == "https://example.org/a,b;c"


def test_ical_times_are_utc_with_z():
    assert ical.utc(paris(2026, 3, 12, 14)) == "20260312T130000Z"
    assert ical.utc(paris(2026, 7, 1, 14)) == "20260701T120000Z"
    with pytest.raises(ValueError):
        ical.utc(datetime.datetime(2026, 3, 12, 14))


@pytest.mark.parametrize("character", ["a", "é", "€", "🙂"])
def test_ical_lines_are_folded_at_75_octets_never_inside_a_character(character):
    line = "DESCRIPTION:" + character * 200
    folded = ical.fold(line)
    lines = folded.split("\r\n")
    assert len(lines) > 1
    assert all(len(part.encode()) <= 75 for part in lines)
    assert all(part.startswith(" ") for part in lines[1:])
    assert unfold(folded) == line


def test_ical_calendar_has_crlf_endings_and_the_required_properties():
    text = ical.calendar(
        [an_event(description="Ligne 1\nLigne 2, suite", location="Lille", url="https://x.fr/")],
        "Agenda de test",
    )
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text).split("\r\n")
    assert lines[:4] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ical.PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
    ]
    assert lines[-2] == "END:VCALENDAR"
    (event,) = ics_properties(text)
    assert event == {
        "UID": "0b5f6b8e-1c1d-4b0e-9d7a-000000000001",
        "DTSTAMP": "20260201T100000Z",
        "LAST-MODIFIED": "20260201T100000Z",
        "DTSTART": "20260312T130000Z",
        "DTEND": "20260312T160000Z",
        "SUMMARY": "Réunion",
        "DESCRIPTION": "Ligne 1\\nLigne 2\\, suite",
        "LOCATION": "Lille",
        "URL": "https://x.fr/",
    }


# --- Where events may be created -----------------------------------------------------


class EventPageTreeRulesTest(WagtailPageTestCase):
    def test_agenda_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, EventIndexPage)
        for parent in (StandardPage, HistoryPage, EcosystemPage, EventIndexPage):
            self.assertCanNotCreateAt(parent, EventIndexPage)

    def test_events_only_under_the_agenda(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        for parent in (HomePage, StandardPage, EventPage):
            self.assertCanNotCreateAt(parent, EventPage)

    def test_the_site_has_one_agenda(self):
        load_demo_content()  # which makes the agenda
        home = HomePage.objects.get()
        self.assertFalse(EventIndexPage.can_create_at(home))
        EventIndexPage.objects.get().delete()
        self.assertTrue(EventIndexPage.can_create_at(home))


class EventAdminTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_content()
        load_demo_agenda(HomePage.objects.get())
        add_event(EventIndexPage.objects.get(), 1, paris(2030, 3, 12, 14))

    def setUp(self):
        self.user = self.login()

    def test_editor_creates_an_online_event_in_the_admin_in_paris_time(self):
        agenda = EventIndexPage.objects.get()
        alterna = CooperativePage.objects.get(slug="alterna")
        data = nested_form_data(
            {
                "title": "Webinaire d'essai",
                "slug": "webinaire-essai",
                "summary": "Un webinaire d'essai.",
                "start": "2030-03-12 14:00",
                "end": "2030-03-12 15:30",
                "online_url": "https://visio.example.org/salle",
                "body": streamfield([]),
            }
        )
        data["cooperatives"] = [alterna.pk]
        self.assertCanCreate(agenda, EventPage, data)
        event = EventPage.objects.get(slug="webinaire-essai")
        assert event.start == paris(2030, 3, 12, 14)
        assert list(event.cooperatives.all()) == [alterna]

    def test_agenda_and_event_are_previewable_and_editable(self):
        for page in (EventIndexPage.objects.get(), EventPage.objects.get()):
            with self.subTest(page=page.title):
                self.client.force_login(self.user)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                post_data = page_edit_post_data(response.content.decode(), page)
                self.assertPageIsPreviewable(page, post_data=post_data, user=self.user)
                post_data["action-publish"] = ""
                self.assertPageIsEditable(page, post_data=post_data, user=self.user)
                page.refresh_from_db()
                self.assertEqual(page.live_revision.pk, page.latest_revision.pk)

    def test_every_field_an_editor_sees_has_a_help_text(self):
        for model in (EventIndexPage, EventPage):
            for field in model._meta.get_fields(include_parents=False):
                if getattr(field, "editable", False) and not field.auto_created:
                    with self.subTest(field=f"{model.__name__}.{field.name}"):
                        self.assertTrue(field.help_text)


def test_event_needs_a_summary_an_end_after_its_start_and_a_place_or_a_link(agenda):
    event = EventPage(
        title="Incomplet",
        slug="incomplet",
        start=paris(2030, 1, 1, 10),
        end=paris(2030, 1, 1, 10),
        address="",
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) >= {"summary", "end", "address"}
    event.summary, event.end = "Un résumé.", paris(2030, 1, 1, 12)
    event.online_url = "https://visio.example.org/"
    event.clean()


# --- The agenda page -----------------------------------------------------------------


def test_empty_agenda_says_so_and_points_to_the_news_the_contact_page_and_the_feed(client, agenda):
    main = html(client.get(AGENDA_URL)).find("main")
    text = " ".join(main.get_text(" ").split())
    assert "Aucun événement n'est prévu pour le moment." in text
    links = {a.get_text(): a["href"] for a in main.find_all("a")}
    assert links["Notre histoire"] == "/qui-sommes-nous/histoire/"
    assert links["écrivez-nous"] == ContactPage.objects.get().url
    assert links["l'agenda au format iCalendar"] == CALENDAR_URL
    assert section_titles(main, "passes") is None


def test_empty_agenda_names_no_unpublished_page(client, agenda):
    HistoryPage.objects.get().unpublish()
    main = html(client.get(AGENDA_URL)).find("main")
    assert "Notre histoire" not in main.get_text()
    assert "Aucun événement n'est prévu" in main.get_text()


def test_agenda_lists_upcoming_soonest_first_then_past_newest_first(client, agenda):
    add_event(agenda, 1, days_from_now(10))
    add_event(agenda, 2, days_from_now(3))
    add_event(agenda, 3, days_from_now(-3))
    add_event(agenda, 4, days_from_now(-30))
    # Under way: it started an hour ago and ends in an hour, so it is still to come.
    add_event(agenda, 5, timezone.now() - datetime.timedelta(hours=1), hours=2)
    draft = EventPage(
        title="Brouillon",
        slug="brouillon",
        start=days_from_now(5),
        end=days_from_now(5, hour=16),
        summary="Pas encore.",
        address="Lille",
        live=False,
    )
    agenda.add_child(instance=draft)
    main = html(client.get(AGENDA_URL)).find("main")
    assert section_titles(main, "a-venir") == ["Événement 5", "Événement 2", "Événement 1"]
    assert section_titles(main, "passes") == ["Événement 3", "Événement 4"]
    assert "Aucun événement n'est prévu" not in main.get_text()
    assert [h.name for h in main.find_all(["h1", "h2", "h3"])][:3] == ["h1", "h2", "h3"]


def test_agenda_items_say_when_in_paris_time_with_machine_readable_times(client, agenda):
    start = days_from_now(10).replace(hour=9, minute=30)
    add_event(agenda, 1, start, cooperatives=[CooperativePage.objects.get(slug="alterna")])
    card = html(client.get(AGENDA_URL)).find("main").select_one("article.card")
    times = card.find_all("time")
    assert [time["datetime"] for time in times] == [
        start.date().isoformat(),
        start.isoformat(timespec="minutes"),
        (start + datetime.timedelta(hours=2)).isoformat(timespec="minutes"),
    ]
    text = " ".join(card.get_text(" ").split())
    assert "de 9 h 30 à 11 h 30 (heure de Paris)" in text
    assert "1 place de la République, 59000 Lille" in text
    assert "Alterna" in text


def test_past_events_are_paginated_and_upcoming_ones_open_the_first_page_only(client, agenda):
    add_event(agenda, 0, days_from_now(5))
    for number in range(1, 16):
        add_event(agenda, number, days_from_now(-number))
    first = html(client.get(AGENDA_URL)).find("main")
    assert section_titles(first, "a-venir") == ["Événement 0"]
    assert len(section_titles(first, "passes")) == 10
    second = html(client.get(AGENDA_URL, {"page": 2})).find("main")
    assert section_titles(second, "a-venir") is None
    assert section_titles(second, "passes") == [f"Événement {n}" for n in range(11, 16)]
    nav = second.find("nav", class_="pagination")
    assert "Page 2 sur 2" in nav.get_text()
    assert nav.find("a", rel="prev")["href"] == "?page=1"


@pytest.mark.parametrize("value", [*HOSTILE, "0", "2", "abc"])
def test_bad_query_strings_on_the_agenda_never_give_an_error(client, agenda, value):
    add_event(agenda, 1, days_from_now(-2))
    assert client.get(AGENDA_URL, {"page": value, "cooperative": value}).status_code == 200


def test_private_event_is_not_listed_nor_in_the_calendar(client, agenda):
    event = add_event(agenda, 1, days_from_now(4))
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
    assert "Événement 1" not in html(client.get(AGENDA_URL)).find("main").get_text()
    assert ics_properties(client.get(CALENDAR_URL).content.decode()) == []
    # Its calendar file asks for the password, like the page does.
    response = client.get(f"{event.url}evenement.ics")
    assert response["Content-Type"].startswith("text/html")
    assert b"BEGIN:VCALENDAR" not in response.content
    assert b'name="password"' in response.content


# --- The event page ------------------------------------------------------------------


def event_json_ld(client, url):
    soup = html(client.get(url))
    (script,) = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_event_page_says_when_where_and_how_to_register(client, agenda):
    event = add_event(
        agenda,
        1,
        paris(2030, 3, 12, 14),
        hours=26,
        venue="Maison des associations",
        registration_url="https://inscriptions.example.org/1",
        cooperatives=[CooperativePage.objects.get(slug="grandsensemble")],
    )
    main = html(client.get(event.url)).find("main")
    facts = {
        " ".join(dt.get_text().split()): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
        for dt in main.select("dl.facts dt")
    }
    assert facts["Quand"] == (
        "du mardi 12 mars 2030 à 14 h au mercredi 13 mars 2030 à 16 h (heure de Paris)"
    )
    assert facts["Où"] == "Maison des associations 1 place de la République 59000 Lille"
    assert facts["Coopérative concernée"] == "GrandsEnsemble"
    assert [time["datetime"] for time in main.select("dl.facts time")] == [
        "2030-03-12T14:00+01:00",
        "2030-03-13T16:00+01:00",
    ]
    assert main.find("a", string="S'inscrire à l'événement")["href"] == (
        "https://inscriptions.example.org/1"
    )
    download = main.find("a", string="Ajouter l'événement à mon agenda (fichier .ics)")
    assert download["href"] == f"{event.url}evenement.ics"
    assert main.find("a", string="Tout l'agenda")["href"] == AGENDA_URL


def test_past_event_says_it_took_place_and_offers_no_registration(client, agenda):
    event = add_event(
        agenda, 1, days_from_now(-2), registration_url="https://inscriptions.example.org/1"
    )
    main = html(client.get(event.url)).find("main")
    assert "Cet événement a eu lieu." in main.get_text()
    assert main.find("a", string="S'inscrire à l'événement") is None


def test_offline_event_is_a_schema_org_event_at_a_place(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14), venue="Maison des associations")
    data = event_json_ld(client, event.url)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Événement 1",
        "description": "Le résumé de l'événement 1.",
        "startDate": "2030-03-12T14:00:00+01:00",
        "endDate": "2030-03-12T16:00:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Maison des associations",
            "address": "1 place de la République, 59000 Lille",
        },
        "organizer": {
            "@type": "Organization",
            "name": "Smart en France",
            "url": "http://127.0.0.1:8000/",
        },
        "url": event.get_full_url(),
    }


def test_online_and_mixed_events_have_a_virtual_location(client, agenda):
    online = add_event(
        agenda, 1, paris(2030, 3, 12, 14), address="", online_url="https://visio.example.org/a"
    )
    data = event_json_ld(client, online.url)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/a"}
    mixed = add_event(agenda, 2, paris(2030, 3, 13, 14), online_url="https://visio.example.org/b")
    data = event_json_ld(client, mixed.url)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in data["location"]] == ["Place", "VirtualLocation"]


def test_json_ld_cannot_end_its_script_early(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14), title="</script><script>alert(1)")
    page_html = client.get(event.url).content.decode()
    assert "</script><script>alert(1)" not in page_html.split("</head>")[0]
    assert event_json_ld(client, event.url)["name"] == "</script><script>alert(1)"


def test_agenda_and_events_are_in_the_sitemap(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14))
    sitemap = client.get("/sitemap.xml").content.decode()
    assert agenda.get_full_url() in sitemap
    assert event.get_full_url() in sitemap


def test_search_finds_events_by_their_place(client, agenda):
    add_event(agenda, 1, paris(2030, 3, 12, 14), venue="Salle Zinnia")
    assert "Événement 1" in client.get("/recherche/", {"q": "zinnia"}).content.decode()


# --- iCalendar files -----------------------------------------------------------------


def test_agenda_calendar_holds_every_live_event_as_valid_icalendar(client, agenda):
    offline = add_event(agenda, 1, paris(2030, 3, 12, 14), venue="Maison des associations")
    online = add_event(
        agenda,
        2,
        paris(2030, 7, 1, 9),
        address="",
        online_url="https://visio.example.org/a,b",
        registration_url="https://inscriptions.example.org/2",
        title="Un titre, avec; des signes",
    )
    draft = EventPage(
        title="Brouillon",
        slug="brouillon",
        start=paris(2030, 5, 1, 9),
        end=paris(2030, 5, 1, 10),
        summary="Pas encore.",
        address="Lille",
        live=False,
    )
    agenda.add_child(instance=draft)

    offline.refresh_from_db()
    response = client.get(CALENDAR_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    assert "X-WR-CALNAME:Agenda de Smart en France" in text
    first, second = ics_properties(text)
    assert first["UID"] == str(offline.translation_key)
    assert first["DTSTART"] == "20300312T130000Z"
    assert first["DTEND"] == "20300312T150000Z"
    assert first["DTSTAMP"] == offline.last_published_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert first["LOCATION"] == "Maison des associations\\, 1 place de la République\\, 59000 Lille"
    assert first["URL"] == offline.get_full_url()
    assert second["SUMMARY"] == "Un titre\\, avec\\; des signes"
    assert second["DTSTART"] == "20300701T070000Z"  # summer time: UTC+2
    assert second["LOCATION"] == "https://visio.example.org/a\\,b"
    assert "Inscription : https://inscriptions.example.org/2" in second["DESCRIPTION"]
    assert f"Tous les détails : {online.get_full_url()}" in second["DESCRIPTION"]


def test_event_uid_stays_when_the_event_is_renamed_or_moved_in_time(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14))
    (before,) = ics_properties(client.get(CALENDAR_URL).content.decode())
    event.title, event.slug, event.start = "Nouveau titre", "nouveau-titre", paris(2030, 3, 13, 14)
    event.end = event.start + datetime.timedelta(hours=1)
    event.save_revision().publish()
    (after,) = ics_properties(client.get(CALENDAR_URL).content.decode())
    assert after["UID"] == before["UID"]
    assert after["SUMMARY"] == "Nouveau titre"
    event.refresh_from_db()
    assert after["DTSTAMP"] == ical.utc(event.last_published_at)


def test_each_event_has_its_own_calendar_file_to_download(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14))
    add_event(agenda, 2, paris(2030, 3, 13, 14))
    response = client.get(f"{event.url}evenement.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evenement-1.ics"'
    (only,) = ics_properties(response.content.decode())
    assert only["UID"] == str(event.translation_key)
    assert client.head(f"{event.url}evenement.ics").status_code == 200


def test_unpublished_event_has_no_calendar_file(client, agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14))
    event.unpublish()
    assert client.get(f"{event.url}evenement.ics").status_code == 404
    assert client.get(f"{event.url}autre.ics").status_code == 404


def test_agenda_calendar_answers_head_refuses_post_and_ignores_query_strings(client, agenda):
    assert client.head(CALENDAR_URL).status_code == 200
    assert client.post(CALENDAR_URL).status_code == 405
    for value in HOSTILE[:8]:
        assert client.get(CALENDAR_URL, {"page": value}).status_code == 200


def test_agenda_calendar_is_empty_but_valid_for_an_empty_agenda(client, agenda):
    text = client.get(CALENDAR_URL).content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert ics_properties(text) == []


def test_agenda_calendar_is_not_found_without_a_live_agenda(client, agenda):
    agenda.unpublish()
    assert client.get(CALENDAR_URL).status_code == 404


def test_cdn_purge_covers_the_calendar_files(agenda):
    event = add_event(agenda, 1, paris(2030, 3, 12, 14))
    assert agenda.get_cached_paths() == ["/", "/agenda.ics"]
    assert event.get_cached_paths() == ["/", "/evenement.ics"]


# --- Query budgets -------------------------------------------------------------------


def query_counts(client, urls, django_assert_max_num_queries):
    counts = {}
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm: renditions, site data
        with django_assert_max_num_queries(QUERY_BUDGET) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_agenda_pages_cost_the_same_queries_for_3_or_100_events(
    client, agenda, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    cooperatives = list(CooperativePage.objects.all())
    empty = query_counts(client, [AGENDA_URL], django_assert_max_num_queries)

    def grow(numbers):
        for number in numbers:
            # Half to come, half past: both lists grow.
            add_event(
                agenda,
                number,
                days_from_now(number if number % 2 else -number),
                cooperatives=cooperatives[: number % 3 + 1],
            )

    grow(range(1, 4))
    urls = [
        AGENDA_URL,
        "/agenda/evenement-1/",
        "/agenda/evenement-2/",
        "/agenda/evenement-1/evenement.ics",
        CALENDAR_URL,
    ]
    small = query_counts(client, urls, django_assert_max_num_queries)
    grow(range(4, 101))
    assert EventPage.objects.live().count() == 100
    large = query_counts(client, urls, django_assert_max_num_queries)
    assert large == small, "the number of queries grows with the events"
    query_counts(client, [f"{AGENDA_URL}?page=5"], django_assert_max_num_queries)
    assert empty[AGENDA_URL] <= QUERY_BUDGET


# --- Demo content --------------------------------------------------------------------


def test_demo_agenda_is_empty_suggests_the_news_and_loads_once(client, demo_site):
    agenda = EventIndexPage.objects.get()
    assert EventPage.objects.count() == 0
    assert agenda.empty_agenda_page.specific == NewsIndexPage.objects.get()
    pages = Page.objects.count()
    agenda.title = "Nos rendez-vous"
    agenda.save_revision().publish()
    assert load_demo_agenda(HomePage.objects.get()) == []
    assert Page.objects.count() == pages
    agenda.refresh_from_db()
    assert agenda.title == "Nos rendez-vous"
