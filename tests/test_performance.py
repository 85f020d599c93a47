"""Query budgets and the page cache: fast pages that are never stale."""

import datetime
import io
import time

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from cooperatives.models import CooperativePage, EcosystemPage
from equality_index.models import EqualityIndexYear
from pages.models import HistoryEvent, HistoryPage

from .servers import DEMO_CONTENT_PAGES

PUBLIC_PAGES = [
    *DEMO_CONTENT_PAGES,
    "/contact/",
    "/plan-du-site/",
    "/mentions-legales/",
]
QUERY_BUDGET = 10


def make_image(number):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (number * 10 % 255, 80, 120)).save(buffer, "PNG")
    return Image.objects.create(
        title=f"Image {number}", file=ImageFile(buffer, name=f"image-{number}.png")
    )


def grow_site():
    """30 cooperatives, 120 timeline events, 10 index years and 20 images."""
    images = [make_image(number) for number in range(20)]
    ecosystem = EcosystemPage.objects.get()
    for number in range(27):
        cooperative = CooperativePage(
            title=f"Coopérative {number}",
            slug=f"cooperative-{number}",
            legal_form="other",
            territory="France",
            promise="Une promesse.",
            audience="Tout le monde.",
            offer="Une offre.",
            logo=images[number % 20],
        )
        ecosystem.add_child(instance=cooperative)
        cooperative.save_revision().publish()
    history = HistoryPage.objects.get()
    for number in range(114):
        history.events.add(
            HistoryEvent(
                date=datetime.date(1900 + number, 1, 1),
                title=f"Événement {number}",
                text="Un fait.",
                image=images[number % 20] if number < 20 else None,
                image_alt="Une image" if number < 20 else "",
            )
        )
    history.save_revision().publish()
    for year in (2019, 2020, 2021, 2022, 2024, 2025, 2026, 2027, 2028):
        record = EqualityIndexYear(
            publication_year=year, data_year=year - 1, breakdown_known=False, published_index=80
        )
        record.save()
        record.save_revision().publish()


def query_counts(client, django_assert_max_num_queries):
    """Queries of each public page with a warm process; fails on any page over budget."""
    counts = {}
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url  # warm: renditions, site data
        with django_assert_max_num_queries(QUERY_BUDGET) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_page_type_stays_within_its_query_budget_whatever_the_content_size(
    client, demo_site, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    small = query_counts(client, django_assert_max_num_queries)
    grow_site()
    assert CooperativePage.objects.live().count() == 30
    assert HistoryEvent.objects.count() == 120
    assert EqualityIndexYear.objects.count() == 10
    assert Image.objects.count() >= 20
    large = query_counts(client, django_assert_max_num_queries)
    assert large == small, "the number of queries grows with the content"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url in PUBLIC_PAGES if url != "/contact/"])
def test_anonymous_pages_are_served_from_the_cache(client, demo_site, url):
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control


@pytest.mark.django_db
def test_publishing_makes_every_page_that_shows_it_fresh_at_once(client, demo_site):
    for url in ("/", "/ecosysteme/", "/ecosysteme/alterna/", "/plan-du-site/"):
        client.get(url)
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.title = "Alterna Services"
    alterna.save_revision().publish()
    for url in ("/", "/ecosysteme/", "/ecosysteme/alterna/", "/plan-du-site/"):
        assert "Alterna Services" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_unpublishing_moving_and_deleting_refresh_cached_pages(client, demo_site):
    assert "Coop Portage" in client.get("/").content.decode()
    CooperativePage.objects.get(slug="coop-portage").unpublish()
    assert "Coop Portage" not in client.get("/").content.decode()

    about_menu = client.get("/").content.decode()
    assert "Qui sommes-nous" in about_menu
    history = HistoryPage.objects.get()
    history.move(demo_site["accueil"], pos="last-child")
    assert 'href="/histoire/"' in client.get("/plan-du-site/").content.decode()

    CooperativePage.objects.get(slug="grandsensemble").delete()
    assert "GrandsEnsemble" not in client.get("/ecosysteme/").content.decode()


@pytest.mark.django_db
def test_a_warm_page_is_found_without_walking_the_page_tree(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page is rendered; only its route comes from the cache
    client.get("/ecosysteme/alterna/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ecosysteme/alterna/")
    assert response.status_code == 200
    assert "Alterna" in response.content.decode()
    tables = " ".join(query["sql"] for query in queries)
    assert "wagtailcore_site" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
    assert "wagtailcore_page" not in tables  # neither the tree walk nor the page itself


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_unpublished_moved_and_restricted_pages_are_routed_afresh_at_once(
    client, demo_site, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    for url in ("/ecosysteme/alterna/", "/qui-sommes-nous/histoire/"):
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url  # from the route cache

    CooperativePage.objects.get(slug="alterna").unpublish()
    assert client.get("/ecosysteme/alterna/").status_code == 404

    history = HistoryPage.objects.get()
    history.move(demo_site["accueil"], pos="last-child")
    old_address = client.get("/qui-sommes-nous/histoire/")
    assert old_address.status_code == 301  # Wagtail keeps a redirect from where it was
    assert old_address["Location"].endswith("/histoire/")
    assert client.get("/histoire/").status_code == 200

    PageViewRestriction.objects.create(
        page=HistoryPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/histoire/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_pages_cached_while_a_change_is_committed_are_made_again_once_it_is(
    client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit_callbacks:
        alterna = CooperativePage.objects.get(slug="alterna")
        alterna.title = "Alterna Services"
        alterna.save_revision().publish()
        # A visitor's request between the change and its commit caches a page
        # (on another connection it would still see the old rows).
        assert client.get("/ecosysteme/")["X-Page-Cache"] == "miss"
        assert client.get("/ecosysteme/")["X-Page-Cache"] == "hit"
    assert commit_callbacks, "nothing is done when the change is committed"
    for callback in commit_callbacks:
        callback()  # what the commit runs
    assert client.get("/ecosysteme/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_visit_while_a_page_is_being_published_does_not_keep_it_without_its_new_rows(
    client, demo_site
):
    from django.db.models.signals import post_save

    assert "Un fait nouveau" not in client.get("/qui-sommes-nous/histoire/").content.decode()
    history = HistoryPage.objects.get()
    history.events.add(
        HistoryEvent(date=datetime.date(2026, 1, 1), title="Un fait nouveau", text="Un fait.")
    )

    def visit_midway(sender, instance, **kwargs):
        # The page row is saved, its timeline events not yet: a visitor now gets the
        # old timeline, and the page cache keeps it.
        if instance.pk == history.pk:
            client.get("/qui-sommes-nous/histoire/")

    post_save.connect(visit_midway, sender=HistoryPage)
    try:
        history.save_revision().publish()
    finally:
        post_save.disconnect(visit_midway, sender=HistoryPage)
    assert "Un fait nouveau" in client.get("/qui-sommes-nous/histoire/").content.decode()


@pytest.mark.django_db
def test_without_redis_a_change_made_by_another_process_shows_within_minutes(
    client, demo_site, settings, monkeypatch
):
    from smart_site.page_cache import DATA_CACHE_SECONDS, PROCESS_COPY_SECONDS

    settings.PAGE_CACHE_SECONDS = 0  # only the site data and routes are cached
    assert "Écosystème coopératif" not in client.get("/ecosysteme/alterna/").content.decode()
    # What publish_scheduled run by cron, or a second worker, does: the rows
    # change, and the version it bumps is in its own memory, not in this one's.
    Page.objects.filter(slug="ecosysteme").update(title="Écosystème coopératif")
    assert "Écosystème coopératif" not in client.get("/ecosysteme/alterna/").content.decode()

    later = DATA_CACHE_SECONDS + PROCESS_COPY_SECONDS + 1
    wall_clock, monotonic_clock = time.time, time.monotonic
    monkeypatch.setattr(time, "time", lambda: wall_clock() + later)
    monkeypatch.setattr(time, "monotonic", lambda: monotonic_clock() + later)
    assert "Écosystème coopératif" in client.get("/ecosysteme/alterna/").content.decode()


@pytest.mark.django_db
def test_publishing_an_index_year_refreshes_home_and_index_pages(client, demo_site):
    assert "82/100" in client.get("/").content.decode()
    client.get("/index-egalite/")
    year = EqualityIndexYear(
        publication_year=2024, data_year=2023, breakdown_known=False, published_index=88
    )
    year.save()
    year.save_revision().publish()
    assert "88/100" in client.get("/").content.decode()
    assert "Index 2024" in client.get("/index-egalite/").content.decode()


@pytest.mark.django_db
def test_changing_a_site_setting_refreshes_every_footer(client, demo_site):
    from pages.models import SiteSettings

    client.get("/")
    client.get("/ecosysteme/")
    site_settings = SiteSettings.objects.get()
    site_settings.contact_email = "bonjour@example.org"
    site_settings.save()
    for url in ("/", "/ecosysteme/"):
        assert "bonjour@example.org" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_logged_in_people_never_get_or_fill_the_shared_cache(client, demo_site, superuser):
    client.force_login(superuser)
    response = client.get("/ecosysteme/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert client.get("/ecosysteme/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_search_results_and_forms_are_never_cached(client, demo_site):
    client.get("/recherche/?q=cooperative")
    assert "X-Page-Cache" not in client.get("/recherche/?q=cooperative")
    contact = client.get("/contact/")
    assert "csrftoken" in contact.cookies
    assert "X-Page-Cache" not in contact
    assert "X-Page-Cache" not in client.get("/contact/")


@pytest.mark.django_db
def test_cache_can_be_switched_off(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")
