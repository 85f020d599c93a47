"""The admin in a real Chromium, as an editor types: French dates, Ctrl+S, images."""

import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image

from pages.models import HistoryPage, HomePage, StandardPage

PASSWORD = "un-mot-de-passe-de-test-assez-long"
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def editor(live_site, django_user_model):
    return django_user_model.objects.create_superuser(
        username="claude", email="claude@example.org", password=PASSWORD
    )


def log_in(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "claude")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("identifier", re.I)).click()
    page.wait_for_url(f"{base_url}/admin/")


def open_editor(page, base_url, wagtail_page):
    page.goto(f"{base_url}/admin/pages/{wagtail_page.pk}/edit/")
    page.wait_for_selector("form#page-edit-form")


def save_draft(page):
    # Wagtail's shortcut for "Enregistrer le brouillon" (the calendar may cover the button).
    with page.expect_navigation():
        page.keyboard.press("Control+s")


def test_a_timeline_date_typed_the_french_way_is_kept_and_saved(live_site, editor, new_page):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_site)
    history = HistoryPage.objects.get()
    open_editor(page, live_site, history)
    date_field = page.locator("#id_events-0-date")
    assert date_field.input_value() == "01/01/1998"  # shown the French way
    date_field.fill("15/09/2025")
    page.keyboard.press("Tab")  # the field loses focus: the picker used to replace it
    page.wait_for_timeout(300)
    assert date_field.input_value() == "15/09/2025"
    save_draft(page)
    draft = HistoryPage.objects.get().get_latest_revision_as_object()
    assert datetime.date(2025, 9, 15) in [event.date for event in draft.events.all()]


def test_a_date_that_cannot_be_read_is_kept_and_refused_not_replaced(live_site, editor, new_page):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_site)
    open_editor(page, live_site, HistoryPage.objects.get())
    date_field = page.locator("#id_events-0-date")
    date_field.fill("15 sept. 2025")
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert date_field.input_value() == "15 sept. 2025"
    save_draft(page)
    assert "Saisissez une date valide" in page.content()
    assert page.locator("#id_events-0-date").input_value() == "15 sept. 2025"
    assert HistoryPage.objects.get().events.filter(date__year=1998).exists()


def test_scheduling_for_1_march_schedules_and_does_not_publish_now(live_site, editor, new_page):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_site)
    about = StandardPage.objects.get(slug="qui-sommes-nous")
    open_editor(page, live_site, about)
    # The schedule dialog: open it from the status side panel.
    page.locator("[data-side-panel-toggle='status']").click()
    page.get_by_role("button", name=re.compile("Programmer|Définir les dates", re.I)).first.click()
    go_live = page.locator("#schedule-publishing-dialog input[name=go_live_at]")
    go_live.fill("01/03/2027 00:00")
    # By keyboard, as the calendar stays open over the buttons while a date field has focus.
    save_schedule = page.locator("#schedule-publishing-dialog button[type=submit]").first
    save_schedule.focus()
    page.wait_for_timeout(300)
    assert go_live.input_value() == "01/03/2027 00:00"
    save_schedule.press("Enter")
    page.wait_for_timeout(300)
    # The main button now schedules rather than publishes.
    publish_button = page.locator("button[name=action-publish]").first
    assert "Programmer" in publish_button.get_attribute("data-w-progress-label-value")
    if not publish_button.is_visible():  # in the footer's "more actions" menu
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        publish_button.click()
    about.refresh_from_db()
    revision = about.get_latest_revision()
    assert revision.approved_go_live_at is not None
    expected = timezone.make_aware(datetime.datetime(2027, 3, 1, 0, 0))
    assert revision.approved_go_live_at == expected
    assert about.live_revision_id != revision.pk, "published now instead of on 1 March"


def test_text_typed_just_before_ctrl_s_is_saved(live_site, editor, new_page):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_site)
    home = HomePage.objects.get()
    open_editor(page, live_site, home)
    editor_area = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor_area.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Dernière phrase tapée.")
    with page.expect_navigation():
        page.keyboard.press("Control+s")  # at once, as a hurried editor does
    draft = HomePage.objects.get().get_latest_revision_as_object()
    assert "Dernière phrase tapée." in draft.intro


def png(width, height):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (40, 90, 160)).save(buffer, "PNG")
    return ImageFile(buffer, name="IMG_2043.png")


def test_a_body_image_fills_the_column_on_a_desktop(live_site, new_page):
    image = Image.objects.create(title="IMG_2043", file=png(2400, 1200))
    legal = StandardPage.objects.get(slug="qui-sommes-nous")
    legal.body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Une salle"},
                "caption": "",
            },
        }
    ]
    legal.save_revision().publish()
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_site}/qui-sommes-nous/")
    picture = page.locator("main figure img").first
    column = page.locator("main .wrap, main article").first.bounding_box()["width"]
    width = picture.bounding_box()["width"]
    assert width >= column - 40, f"image {width:.0f} px in a {column:.0f} px column"
    assert page.evaluate("document.querySelector('main figure img').currentSrc").endswith(
        (".avif", ".webp", ".jpg", ".jpeg")
    )
