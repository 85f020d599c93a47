"""News: where it may be created, the paginated and filtered list, the feeds, the home page tag."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cooperatives.models import CooperativePage, EcosystemPage
from core.dates import DatePrecision
from news.demo import INDEX_2023_SLUG, load_demo_news
from news.models import NewsIndexPage, NewsPage
from pages.models import HistoryPage, HomePage, StandardPage
from smart_site.demo import load_demo_content

from .admin_forms import page_edit_post_data

INDEX_URL = "/actualites/"
RSS_URL = "/actualites/rss.xml"
ATOM_URL = "/actualites/atom.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
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


# --- Building content ----------------------------------------------------------------


def make_image(number, title=None):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 450), (number * 10 % 255, 80, 120)).save(buffer, "PNG")
    return Image.objects.create(
        title=title or f"Image {number}", file=ImageFile(buffer, name=f"news-{number}.png")
    )


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_news(index, number, *, date=None, cooperatives=(), **fields):
    fields.setdefault("title", f"Actualité {number}")
    page = NewsPage(
        slug=f"actualite-{number}",
        date=date or datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        summary=f"Le résumé de l'actualité {number}.",
        **fields,
    )
    page.cooperatives = list(cooperatives)
    return publish(index, page)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def news_index(demo_site):
    """The demo site with its news page (and the 2023 index news item)."""
    load_demo_news(HomePage.objects.get())
    return NewsIndexPage.objects.get()


def cooperative(slug):
    return CooperativePage.objects.get(slug=slug)


def html(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(client, url=INDEX_URL):
    main = html(client.get(url)).find("main")
    return [link.get_text(strip=True) for link in main.select("article.card .card__title a")]


# --- Where news may be created -------------------------------------------------------


class NewsPageTreeRulesTest(WagtailPageTestCase):
    def test_news_index_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        for parent in (StandardPage, HistoryPage, EcosystemPage, NewsIndexPage):
            self.assertCanNotCreateAt(parent, NewsIndexPage)

    def test_news_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        for parent in (HomePage, StandardPage, NewsPage):
            self.assertCanNotCreateAt(parent, NewsPage)

    def test_the_site_has_one_news_index(self):
        load_demo_content()  # which makes the news index
        home = HomePage.objects.get()
        self.assertFalse(NewsIndexPage.can_create_at(home))
        NewsIndexPage.objects.get().delete()
        self.assertTrue(NewsIndexPage.can_create_at(home))


class NewsAdminTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_content()
        load_demo_news(HomePage.objects.get())

    def setUp(self):
        self.user = self.login()

    def test_editor_creates_news_about_a_cooperative_in_the_admin(self):
        index = NewsIndexPage.objects.get()
        alterna = CooperativePage.objects.get(slug="alterna")
        data = nested_form_data(
            {
                "title": "Une actualité d'essai",
                "slug": "actualite-essai",
                "date": "2026-03-12",
                "date_precision": "day",
                "summary": "Un résumé d'essai.",
                "image_alt": "",
                "body": streamfield([]),
            }
        )
        data["cooperatives"] = [alterna.pk]
        self.assertCanCreate(index, NewsPage, data)
        news = NewsPage.objects.get(slug="actualite-essai")
        self.assertEqual(list(news.cooperatives.all()), [alterna])

    def test_news_index_and_news_are_previewable_and_editable(self):
        for page in (NewsIndexPage.objects.get(), NewsPage.objects.get(slug=INDEX_2023_SLUG)):
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
        for model in (NewsIndexPage, NewsPage):
            for field in model._meta.get_fields(include_parents=False):
                if getattr(field, "editable", False) and not field.auto_created:
                    with self.subTest(field=f"{model.__name__}.{field.name}"):
                        self.assertTrue(field.help_text)


def test_news_needs_a_summary_and_an_alt_text_unless_its_image_is_decorative(news_index, media):
    news = NewsPage(title="Sans résumé", slug="sans-resume", summary=" ", image=make_image(1))
    with pytest.raises(ValidationError) as error:
        news.clean()
    assert set(error.value.message_dict) >= {"summary", "image_alt"}

    news.summary = "Un résumé."
    news.image_is_decorative = True
    news.clean()
    assert news.alt_text == ""


# --- The news page -------------------------------------------------------------------


def test_news_page_shows_its_date_summary_body_and_cooperatives(client, news_index):
    news = add_news(
        news_index,
        1,
        date=datetime.date(2026, 3, 1),
        cooperatives=[cooperative("alterna"), cooperative("coop-portage")],
        body=[{"type": "paragraph", "value": "<p>Le texte de l'actualité.</p>"}],
    )
    main = html(client.get(news.url)).find("main")
    assert main.h1.get_text() == "Actualité 1"
    time = main.find("time")
    assert (time["datetime"], time.get_text()) == ("2026-03-01", "1er mars 2026")
    text = " ".join(main.get_text(" ").split())
    assert "Le résumé de l'actualité 1." in text
    assert "Le texte de l'actualité." in text
    links = {
        link.get_text(): link["href"] for link in main.select("#cooperatives-concernees ~ ul a")
    }
    assert links == {"Coop Portage": "/ecosysteme/coop-portage/", "Alterna": "/ecosysteme/alterna/"}


def test_unpublished_cooperative_is_not_named_on_the_news_page(client, news_index):
    news = add_news(news_index, 1, cooperatives=[cooperative("alterna")])
    cooperative("alterna").unpublish()
    assert "Alterna" not in html(client.get(news.url)).find("main").get_text()


def test_news_image_is_responsive_eager_and_described_by_its_alt_text(client, news_index, media):
    image = make_image(1, title="IMG_2041.png")
    news = add_news(news_index, 1, image=image, image_alt="Des coopératrices en réunion")
    picture = html(client.get(news.url)).find("main").find("picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    img = picture.find("img")
    assert img["alt"] == "Des coopératrices en réunion"
    assert img.get("loading") != "lazy"
    assert img["width"] and img["height"] and img["sizes"]
    assert len(img["srcset"].split(",")) == 3
    assert "IMG_2041" not in str(picture)


def test_decorative_news_image_has_an_empty_alt_never_the_file_title(client, news_index, media):
    news = add_news(
        news_index, 1, image=make_image(1, title="IMG_2041.png"), image_is_decorative=True
    )
    for url in (news.url, INDEX_URL):
        img = html(client.get(url)).find("main").find("img")
        assert img["alt"] == "", url
        assert "IMG_2041" not in str(img)


def test_card_images_on_the_index_are_lazy(client, news_index, media):
    add_news(news_index, 1, image=make_image(1), image_alt="Une image")
    img = html(client.get(INDEX_URL)).find("main").find("img")
    assert img["loading"] == "lazy"
    assert "(min-width" in img["sizes"]


# --- The index: newest first, paginated, filtered ------------------------------------


def test_index_lists_live_news_newest_first_as_a_list_of_cards(client, news_index):
    for number in (1, 3, 2):
        add_news(news_index, number)
    draft = NewsPage(title="Brouillon", slug="brouillon", summary="Pas encore.", live=False)
    news_index.add_child(instance=draft)
    draft.save_revision()
    titles = listed_titles(client)
    assert titles == [
        "Actualité 3",
        "Actualité 2",
        "Actualité 1",
        "Index de l'égalité professionnelle : 82/100 en 2023",
    ]
    main = html(client.get(INDEX_URL)).find("main")
    assert main.select_one("h1") and main.select_one("h2#liste-actualites")
    assert all(card.find_parent("li").find_parent("ul") for card in main.select("article.card"))
    assert [h.name for h in main.find_all(["h1", "h2", "h3"])][:3] == ["h1", "h2", "h3"]


def test_private_news_is_not_listed(client, news_index):
    news = add_news(news_index, 1)
    PageViewRestriction.objects.create(page=news, restriction_type="password", password="x")
    assert "Actualité 1" not in listed_titles(client)


def test_index_is_paginated_ten_by_ten(client, news_index):
    for number in range(1, 25):
        add_news(news_index, number)
    first = listed_titles(client)
    assert len(first) == 10 and first[0] == "Actualité 24"
    third = listed_titles(client, f"{INDEX_URL}?page=3")
    assert len(third) == 5 and third[-1].startswith("Index de l'égalité")
    nav = html(client.get(f"{INDEX_URL}?page=2")).find("nav", class_="pagination")
    assert "Page 2 sur 3" in nav.get_text()
    assert {link["rel"][0]: link["href"] for link in nav.find_all("a")} == {
        "prev": "?page=1",
        "next": "?page=3",
    }


@pytest.mark.parametrize("value", ["0", "-1", "abc", "99999999999999999999", "1e309", "%00", ""])
def test_bad_page_numbers_give_a_page_of_news_never_an_error(client, news_index, value):
    assert client.get(INDEX_URL, {"page": value}).status_code == 200


def test_index_filters_by_cooperative_and_keeps_the_filter_across_pages(client, news_index):
    alterna = cooperative("alterna")
    for number in range(1, 13):
        add_news(news_index, number, cooperatives=[alterna] if number % 2 else [])
    add_news(news_index, 50, cooperatives=[alterna, cooperative("coop-portage")])
    titles = listed_titles(client, f"{INDEX_URL}?cooperative=alterna")
    assert titles == ["Actualité 50", *[f"Actualité {n}" for n in (11, 9, 7, 5, 3, 1)]]
    main = html(client.get(f"{INDEX_URL}?cooperative=coop-portage")).find("main")
    assert main.h2.get_text() == "Les actualités concernant Coop Portage"
    filters = main.find("nav", class_="filters")
    # Only the cooperatives that news concerns, with the current one marked.
    assert [a.get_text() for a in filters.find_all("a")] == ["Toutes", "Coop Portage", "Alterna"]
    assert filters.find("a", attrs={"aria-current": "page"}).get_text() == "Coop Portage"


def test_filter_survives_pagination(client, news_index):
    alterna = cooperative("alterna")
    for number in range(1, 13):
        add_news(news_index, number, cooperatives=[alterna])
    nav = html(client.get(f"{INDEX_URL}?cooperative=alterna")).find("nav", class_="pagination")
    assert nav.find("a", rel="next")["href"] == "?cooperative=alterna&page=2"
    assert len(listed_titles(client, f"{INDEX_URL}?cooperative=alterna&page=2")) == 2


@pytest.mark.parametrize("value", [*HOSTILE, "grandsensemble", "ALTERNA", "alterna/"])
def test_unknown_or_hostile_cooperative_gives_every_news_never_an_error(client, news_index, value):
    add_news(news_index, 1, cooperatives=[cooperative("alterna")])
    response = client.get(INDEX_URL, {"cooperative": value, "page": value})
    assert response.status_code == 200
    assert "Toutes les actualités" in html(response).find("main").h2.get_text()


def test_index_and_news_pages_are_in_the_sitemap(client, news_index):
    news = add_news(news_index, 1)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert news_index.get_full_url() in sitemap
    assert news.get_full_url() in sitemap


def test_search_finds_news_by_their_text(client, news_index):
    add_news(news_index, 1, body=[{"type": "paragraph", "value": "<p>Un mot rare : zinnia.</p>"}])
    response = client.get("/recherche/", {"q": "zinnia"})
    assert "Actualité 1" in response.content.decode()


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
def test_news_pages_and_feeds_cost_the_same_queries_for_3_or_100_news(
    client, news_index, settings, media, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    cooperatives = list(CooperativePage.objects.all())
    images = [make_image(number) for number in range(5)]

    def grow(numbers):
        for number in numbers:
            add_news(
                news_index,
                number,
                image=images[number % 5],
                image_alt="Une image",
                cooperatives=cooperatives[: number % 3 + 1],
            )

    grow(range(1, 3))
    urls = [
        INDEX_URL,
        f"{INDEX_URL}?page=2",
        f"{INDEX_URL}?cooperative=alterna",
        "/actualites/actualite-1/",
        RSS_URL,
        ATOM_URL,
        "/",
    ]
    small = query_counts(client, urls, django_assert_max_num_queries)
    grow(range(3, 100))
    assert NewsPage.objects.live().count() == 100
    large = query_counts(client, urls, django_assert_max_num_queries)
    assert large == small, "the number of queries grows with the news"


# --- Feeds ---------------------------------------------------------------------------


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, ET.fromstring(response.content)


def test_rss_feed_lists_live_public_news_in_french_with_absolute_urls(client, news_index):
    add_news(news_index, 1, date=datetime.date(2026, 3, 12), cooperatives=[cooperative("alterna")])
    private = add_news(news_index, 2)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft = NewsPage(title="Brouillon", slug="brouillon", summary="Pas encore.", live=False)
    news_index.add_child(instance=draft)

    response, rss = feed(client, RSS_URL)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Actualités de Smart en France"
    assert channel.findtext("language") == "fr"
    assert "nouvelles de Smart" in channel.findtext("description")
    assert channel.findtext("link") == news_index.get_full_url()
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Actualité 1",
        "Index de l'égalité professionnelle : 82/100 en 2023",
    ]
    first = items[0]
    assert first.findtext("link") == "http://127.0.0.1:8000/actualites/actualite-1/"
    assert first.findtext("description") == "Le résumé de l'actualité 1."
    assert first.findtext("pubDate") == "Thu, 12 Mar 2026 00:00:00 +0100"
    assert [c.text for c in first.findall("category")] == ["Alterna"]


def test_news_dated_by_its_year_alone_gets_no_invented_day_in_the_feeds(client, news_index):
    _, rss = feed(client, RSS_URL)
    (item,) = rss.find("channel").findall("item")
    assert item.find("pubDate") is None
    _, atom = feed(client, ATOM_URL)
    (entry,) = atom.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}published") is None
    # Atom requires <updated>: the day the item was last published on the site, a fact.
    news = NewsPage.objects.get(slug=INDEX_2023_SLUG)
    assert entry.findtext(f"{ATOM}updated") == news.last_published_at.isoformat()


def test_atom_feed_is_complete_with_stable_ids_and_its_own_address(client, news_index):
    news = add_news(news_index, 1, date=datetime.date(2026, 3, 12))
    response, atom = feed(client, ATOM_URL)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom.findtext(f"{ATOM}title") == "Actualités de Smart en France"
    assert atom.findtext(f"{ATOM}subtitle").startswith("Les dernières nouvelles")
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {
        "alternate": news_index.get_full_url(),
        "self": "http://127.0.0.1:8000/actualites/atom.xml",
    }
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "Smart en France"
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"urn:uuid:{news.translation_key}"
    assert entry.findtext(f"{ATOM}published") == "2026-03-12T00:00:00+01:00"
    assert entry.find(f"{ATOM}link").get("href") == news.get_full_url()

    # The id stays when the title and address change: readers do not see it twice.
    news.title, news.slug = "Un nouveau titre", "nouveau-titre"
    news.save_revision().publish()
    _, atom = feed(client, ATOM_URL)
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Un nouveau titre"
    assert entry.findtext(f"{ATOM}id") == f"urn:uuid:{news.translation_key}"


def test_feed_titles_with_markup_characters_read_right(client, news_index):
    add_news(news_index, 1, date=datetime.date(2026, 3, 12), title="R&D <bêta>")
    _, rss = feed(client, RSS_URL)
    # RSS readers may read the title as HTML: escaped once more, it reads "R&D <bêta>".
    assert rss.find("channel/item").findtext("title") == "R&amp;D &lt;bêta&gt;"
    _, atom = feed(client, ATOM_URL)
    assert atom.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "R&D <bêta>"


@pytest.mark.parametrize("url", [RSS_URL, ATOM_URL])
def test_feeds_answer_head_refuse_post_and_ignore_query_strings(client, news_index, url):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
    for value in HOSTILE[:8]:
        assert client.get(url, {"page": value, "cooperative": value}).status_code == 200


@pytest.mark.parametrize("url", [RSS_URL, ATOM_URL])
def test_feeds_are_not_found_without_a_live_news_index(client, news_index, url):
    news_index.unpublish()
    assert client.get(url).status_code == 404


def test_cdn_purge_covers_the_feeds(news_index):
    assert news_index.get_cached_paths() == ["/", "/rss.xml", "/atom.xml"]


# --- Template tags for the other pages -----------------------------------------------


def page_request():
    request = RequestFactory().get("/")
    # What core.cache.CachedRouteMiddleware gives every page request: its site, from the cache.
    request._wagtail_site = Site.objects.filter(is_default_site=True).first()
    return request


def render(source, request=None):
    request = request or page_request()
    return engines["django"].from_string(source).render({"request": request})


def test_every_page_can_link_the_feeds_at_no_query_once_warm(news_index, django_assert_num_queries):
    links = BeautifulSoup(render("{% load news_tags %}{% news_feed_links %}"), "html.parser")
    assert [(link["type"], link["href"]) for link in links.find_all("link")] == [
        ("application/rss+xml", RSS_URL),
        ("application/atom+xml", ATOM_URL),
    ]
    assert all(link["rel"] == ["alternate"] and link["title"] for link in links.find_all("link"))
    request = page_request()
    with django_assert_num_queries(0):
        render("{% load news_tags %}{% news_feed_links %}", request)


def test_no_feed_links_without_a_news_index(demo_site):
    NewsIndexPage.objects.get().delete()
    assert render("{% load news_tags %}{% news_feed_links %}").strip() == ""


def test_latest_news_gives_the_three_newest_at_no_query_once_warm(
    news_index, django_assert_num_queries
):
    for number in range(1, 6):
        add_news(news_index, number)
    section = BeautifulSoup(render('{% include "news/latest_news.html" %}'), "html.parser")
    assert section.h2.get_text() == "Actualités"
    titles = [a.get_text() for a in section.select("li article.card h3 a")]
    assert titles == ["Actualité 5", "Actualité 4", "Actualité 3"]
    assert section.find("a", string="Toutes les actualités")["href"] == INDEX_URL
    request = page_request()
    with django_assert_num_queries(0):
        render('{% include "news/latest_news.html" %}', request)
    assert len(render("{% load news_tags %}{% latest_news 2 as items %}{{ items|length }}")) == 1


def test_latest_news_section_is_absent_without_news(demo_site):
    NewsPage.objects.all().delete()
    assert render('{% include "news/latest_news.html" %}').strip() == ""


def test_latest_news_follows_publication(news_index):
    news = add_news(news_index, 1)
    assert "Actualité 1" in render('{% include "news/latest_news.html" %}')
    news.unpublish()
    assert "Actualité 1" not in render('{% include "news/latest_news.html" %}')


# --- Demo content --------------------------------------------------------------------


def test_demo_news_tells_the_2023_index_dated_by_its_year_only(client, news_index):
    main = html(client.get(f"{INDEX_URL}{INDEX_2023_SLUG}/")).find("main")
    text = " ".join(main.get_text(" ").split())
    for fact in ("82 points sur 100", "2023", "données de l'année 2022"):
        assert fact in text
    time = main.find("time")
    assert (time["datetime"], time.get_text()) == ("2023", "2023")
    news = NewsPage.objects.get(slug=INDEX_2023_SLUG)
    assert news.date_precision == DatePrecision.YEAR
    assert list(news.cooperatives.all()) == []
    cta = main.select_one(".cta a")
    assert cta["href"] == "/index-egalite/"


def test_demo_news_loads_once_and_never_overwrites_an_edit(news_index):
    news = NewsPage.objects.get(slug=INDEX_2023_SLUG)
    news.title = "Titre revu par la rédaction"
    news.save_revision().publish()
    pages = Page.objects.count()
    assert load_demo_news(HomePage.objects.get()) == []
    assert Page.objects.count() == pages
    news.refresh_from_db()
    assert news.title == "Titre revu par la rédaction"


def test_demo_news_finds_a_moved_news_index_rather_than_making_a_second(news_index):
    news_index.slug = "nouvelles"
    news_index.save_revision().publish()
    assert load_demo_news(HomePage.objects.get()) == []
    assert NewsIndexPage.objects.count() == 1
