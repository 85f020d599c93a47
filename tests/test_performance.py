"""Query budgets and the page cache: fast pages that are never stale."""

import datetime
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image

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
