"""News and the agenda as visitors read them: on a phone and a desktop, with assistive tech."""

import datetime
import io

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image

from cooperatives.models import CooperativePage
from events.demo import load_demo_agenda
from events.models import EventIndexPage, EventPage
from news.demo import load_demo_news
from news.models import NewsIndexPage, NewsPage
from pages.models import HomePage

from .conftest import PHONE_VIEWPORT, assert_no_axe_violations

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
VIEWPORTS = [
    pytest.param(PHONE_VIEWPORT, id="phone"),
    pytest.param(DESKTOP_VIEWPORT, id="desktop"),
]
NEWS_INDEX = "/actualites/"
NEWS_ITEM = "/actualites/actualite-1/"
AGENDA = "/agenda/"
EVENT = "/agenda/evenement-1/"


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_image():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (40, 110, 120)).save(buffer, "PNG")
    return Image.objects.create(title="IMG_0001.png", file=ImageFile(buffer, name="news.png"))


@pytest.fixture
def news_site(live_site, settings, tmp_path):
    """The demo site, its news page with a dozen news items, and its empty agenda."""
    settings.MEDIA_ROOT = tmp_path
    home = HomePage.objects.get()
    load_demo_news(home)
    index = NewsIndexPage.objects.get()
    load_demo_agenda(home, suggested_page=index)
    alterna = CooperativePage.objects.get(slug="alterna")
    image = make_image()
    for number in range(1, 13):
        news = NewsPage(
            title=f"Actualité {number} : un titre d'actualité assez long pour passer à la ligne",
            slug=f"actualite-{number}",
            date=datetime.date(2026, 1, number),
            summary="Le résumé de cette actualité, en une ou deux phrases.",
            image=image if number < 4 else None,
            image_alt="Des personnes réunies autour d'une table",
            body=[
                {"type": "heading", "value": {"text": "Ce qui change", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Le texte de l'actualité.</p>"},
            ],
        )
        news.cooperatives = [alterna] if number % 2 else []
        publish(index, news)
    return live_site


@pytest.fixture
def agenda_site(news_site):
    """The same site, with events to come and past ones."""
    agenda = EventIndexPage.objects.get()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for number, days in enumerate([3, 10, -5, -40], start=1):
        start = now + datetime.timedelta(days=days)
        event = EventPage(
            title=f"Événement {number} : réunion d'information sur le portage salarial",
            slug=f"evenement-{number}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            summary="Une réunion pour découvrir le portage salarial en coopérative.",
            venue="Maison des associations et de la vie coopérative",
            address="12 rue de l'Intercommunalité-Métropolitaine\n59000 Lille",
            online_url="https://visio.example.org/salle/une-adresse-de-reunion-tres-longue-1234567890",
            registration_url="https://inscriptions.example.org/reunion",
        )
        event.cooperatives = [CooperativePage.objects.get(slug="coop-portage")]
        publish(agenda, event)
    return news_site


def open_page(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return response


def assert_no_sideways_scrolling(page, path):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", [NEWS_INDEX, NEWS_ITEM, AGENDA], ids=["news", "item", "empty"])
def test_news_and_empty_agenda_have_no_wcag_21_aa_violations(new_page, news_site, path, viewport):
    page = new_page(viewport=viewport, bypass_csp=True)
    open_page(page, news_site + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", [AGENDA, EVENT], ids=["agenda", "event"])
def test_agenda_with_events_and_event_page_have_no_wcag_21_aa_violations(
    new_page, agenda_site, path, viewport
):
    page = new_page(viewport=viewport, bypass_csp=True)
    open_page(page, agenda_site + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", [NEWS_INDEX, NEWS_ITEM, AGENDA, EVENT])
def test_no_horizontal_scrolling_at_390_px(page, agenda_site, path):
    open_page(page, agenda_site + path)
    assert_no_sideways_scrolling(page, path)


def test_empty_agenda_has_no_horizontal_scrolling_at_390_px(page, news_site):
    open_page(page, news_site + AGENDA)
    assert_no_sideways_scrolling(page, AGENDA)


def test_pages_run_no_script_under_the_sites_csp(page, agenda_site):
    """Nothing is blocked by the strict CSP: the pages need no inline script at all."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in (NEWS_INDEX, NEWS_ITEM, AGENDA, EVENT):
        open_page(page, agenda_site + path)
        scripts = page.eval_on_selector_all(
            "script:not([type='application/ld+json'])", "nodes => nodes.length"
        )
        assert scripts == 0, path
    assert blocked == []


def test_visitor_filters_the_news_by_cooperative_by_keyboard(page, news_site):
    open_page(page, news_site + NEWS_INDEX)
    filters = page.get_by_role("navigation", name="Filtrer les actualités par coopérative")
    link = filters.get_by_role("link", name="Alterna")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == news_site + NEWS_INDEX + "?cooperative=alterna"
    heading = page.get_by_role("heading", level=2, name="Les actualités concernant Alterna")
    assert heading.is_visible()
    assert filters.get_by_role("link", name="Alterna").get_attribute("aria-current") == "page"
    cards = page.locator("#contenu article.card")
    # Six of the twelve news concern Alterna: one page of them.
    assert cards.count() == 6


def test_visitor_reads_an_event_in_paris_time_and_finds_its_calendar_file(page, agenda_site):
    open_page(page, agenda_site + AGENDA)
    upcoming = page.locator("section:has(#a-venir) article.card h3")
    assert upcoming.all_inner_texts()[0].startswith("Événement 1")
    page.get_by_role(
        "link", name="Événement 1 : réunion d'information sur le portage salarial"
    ).click()
    page.wait_for_url(agenda_site + EVENT)
    assert "(heure de Paris)" in page.locator("dl.facts").inner_text()
    download = page.get_by_role("link", name="Ajouter l'événement à mon agenda (fichier .ics)")
    response = page.request.get(agenda_site + download.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.text().startswith("BEGIN:VCALENDAR\r\n")
