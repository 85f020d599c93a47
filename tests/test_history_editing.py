"""Editors keep the history timeline up to date from the Wagtail admin.

The admin is driven through its real edit view, starting from the form as it
serves it; what the public sees is read by a separate, anonymous client.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from core.dates import DatePrecision, datetime_attribute, spoken_date
from pages.models import HistoryPage

from .admin_forms import page_edit_post_data

HISTORY_URL = "/qui-sommes-nous/histoire/"
NEW_EVENT_TITLE = "Une coopérative de plus rejoint le groupe"


def new_event_fields(index, **overrides):
    """The inputs the admin's "Ajouter un événement" button adds, filled in as typed."""
    fields = {
        "date": "2015-01-01",
        "date_precision": "year",
        "date_label": "",
        "title": NEW_EVENT_TITLE,
        "text": "Un événement ajouté depuis l'administration.",
        "image": "",
        "image_alt": "",
        "ORDER": str(index + 1),
        "id": "",
        # events-N-DELETE is left out: the checkbox is unticked.
    }
    fields.update(overrides)
    return {f"events-{index}-{name}": value for name, value in fields.items()}


def edit_form_with_new_event(admin_client, page, **event_overrides):
    """The edit form as served, with one more timeline event typed in."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.get(edit_url)
    assert response.status_code == 200
    html = response.content.decode()
    total_forms = BeautifulSoup(html, "html.parser").find(attrs={"name": "events-TOTAL_FORMS"})
    existing = int(total_forms["value"])
    return page_edit_post_data(
        html,
        page,
        **{"events-TOTAL_FORMS": str(existing + 1)},
        **new_event_fields(existing, **event_overrides),
    )


def public_timeline(anonymous):
    """[(datetime or None, title)] of the public timeline, in the order it is shown."""
    response = anonymous.get(HISTORY_URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    timeline = soup.find("main").find("time").find_parent("ol")
    return [
        (
            item.time["datetime"] if item.time else None,
            " ".join(item.find(["h2", "h3"]).get_text().split()),
        )
        for item in timeline.find_all("li", recursive=False)
    ]


@pytest.fixture
def history_page(demo_site):
    return HistoryPage.objects.get()


@pytest.fixture
def anonymous():
    return Client()


def test_event_saved_as_draft_stays_off_the_public_timeline_until_published(
    admin_client, anonymous, history_page
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[history_page.pk])

    draft = edit_form_with_new_event(admin_client, history_page)
    response = admin_client.post(edit_url, draft)
    assert response.status_code == 302, "the draft was not saved (form sent back)"

    assert NEW_EVENT_TITLE not in [title for _, title in public_timeline(anonymous)]
    history_page.refresh_from_db()
    assert history_page.has_unpublished_changes
    assert history_page.events.count() == 6

    # The editor comes back later: the draft holds the event; now publish it.
    response = admin_client.get(edit_url)
    assert NEW_EVENT_TITLE in response.content.decode()
    publish = page_edit_post_data(response.content.decode(), history_page)
    publish["action-publish"] = "action-publish"
    response = admin_client.post(edit_url, publish)
    assert response.status_code == 302, "the publication failed (form sent back)"

    timeline = public_timeline(anonymous)
    assert ("2015", NEW_EVENT_TITLE) in timeline
    assert [datetime_value for datetime_value, _ in timeline] == [
        "1998",
        "2009",
        "2015",
        "2020-07",
        "2022",
        "2024-01-01",
        None,
    ], "the 2015 event is not in its chronological place, between 2009 and juillet 2020"


def test_admin_refuses_an_event_without_date_or_spoken_date_and_keeps_the_input(
    admin_client, anonymous, history_page
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[history_page.pk])
    live_revision = history_page.live_revision_id
    data = edit_form_with_new_event(admin_client, history_page, date="", date_label="")
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url, data)

    assert response.status_code == 200, "the form was accepted instead of sent back"
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Sans date, indiquez comment la dire (par exemple « aujourd'hui »)." in soup.get_text()
    typed_title = soup.find("input", attrs={"name": "events-6-title"})
    assert typed_title is not None and typed_title["value"] == NEW_EVENT_TITLE
    history_page.refresh_from_db()
    assert history_page.live_revision_id == live_revision
    assert history_page.events.count() == 6
    assert NEW_EVENT_TITLE not in [title for _, title in public_timeline(anonymous)]


# --- pages/dates.py ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision", "spoken"),
    [
        (datetime.date(1998, 1, 1), DatePrecision.YEAR, "1998"),
        (datetime.date(2020, 7, 1), DatePrecision.MONTH, "juillet 2020"),
        (datetime.date(2024, 1, 1), DatePrecision.DAY, "1er janvier 2024"),
        (datetime.date(2021, 2, 2), DatePrecision.DAY, "2 février 2021"),
        (datetime.date(2019, 8, 15), DatePrecision.DAY, "15 août 2019"),
        (datetime.date(2022, 12, 1), DatePrecision.MONTH, "décembre 2022"),
    ],
)
def test_spoken_date_says_the_date_as_french_readers_do(date, precision, spoken):
    assert spoken_date(date, precision) == spoken


def test_spoken_date_of_no_date_is_empty():
    assert spoken_date(None, DatePrecision.YEAR) == ""


@pytest.mark.parametrize(
    ("date", "precision", "attribute"),
    [
        (datetime.date(1998, 1, 1), DatePrecision.YEAR, "1998"),
        (datetime.date(2020, 7, 1), DatePrecision.MONTH, "2020-07"),
        (datetime.date(2024, 1, 1), DatePrecision.DAY, "2024-01-01"),
        (datetime.date(999, 3, 9), DatePrecision.DAY, "0999-03-09"),
    ],
)
def test_datetime_attribute_is_no_more_precise_than_what_is_known(date, precision, attribute):
    assert datetime_attribute(date, precision) == attribute
