"""Search engines and social networks find and describe the site; the legally required pages
are there, linked from every page, and editors' settings show in the footer.

Everything is read from what the site serves (XML, text, HTML), not from the models.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from cooperatives.models import CooperativePage
from core.models import SiteSettings
from pages.models import StandardPage

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# Every page of the demo, by its address: the guard test below keeps this list honest.
DEMO_PAGE_URLS = [
    "/",
    "/qui-sommes-nous/",
    "/qui-sommes-nous/le-projet/",
    "/qui-sommes-nous/histoire/",
    "/ecosysteme/",
    "/ecosysteme/grandsensemble/",
    "/ecosysteme/coop-portage/",
    "/ecosysteme/alterna/",
    "/index-egalite/",
    "/actualites/",
    "/actualites/index-egalite-2023/",
    "/agenda/",
    "/contact/",
    "/nous-rejoindre/",
    "/documents-publics/",
    "/plan-du-site/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
]
# Pages that are not Wagtail pages but carry the site's footer all the same.
OTHER_PAGES = ["/recherche/", "/recherche/?q=coop", "/cette-page-n-existe-pas/"]

LEGAL_LINKS = {
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/accessibilite/": "Accessibilité : non conforme",
    "/plan-du-site/": "Plan du site",
    "/contact/": "Contact",
}


def normalized(text):
    return " ".join(text.split())


def get_soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def live_public_pages():
    return Page.objects.live().public().filter(depth__gt=1).specific()


def meta(soup, **attrs):
    """The content of the <meta> tag with these attributes, or None when there is none."""
    tag = soup.head.find("meta", attrs=attrs)
    return tag["content"] if tag is not None else None


def publish(page, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def sitemap_entries(client):
    """{loc: lastmod} of sitemap.xml, checking each <url> has both."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    entries = {}
    for url in root.findall("sm:url", SITEMAP_NS):
        loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
        lastmod = url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        assert loc, "a <url> without <loc>"
        assert lastmod, f"{loc} has no <lastmod>"
        entries[loc] = lastmod
    return entries


def footer_links(soup):
    """{href: text} of the links in the page's footer."""
    footer = soup.find("footer")
    assert footer is not None, "the page has no <footer>"
    return {link["href"]: normalized(link.get_text()) for link in footer.find_all("a")}


def json_ld(soup):
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1, f"expected one JSON-LD script, found {len(scripts)}"
    return scripts[0], json.loads(scripts[0].string)


def test_demo_page_list_is_every_live_public_page(demo_site):
    """The URL lists below are the whole demo site: a new demo page must be added to them."""
    assert sorted(page.url for page in live_public_pages()) == sorted(DEMO_PAGE_URLS)


# --- sitemap.xml -------------------------------------------------------------------


def test_sitemap_lists_every_live_public_page_with_its_last_publication_date(client, demo_site):
    entries = sitemap_entries(client)

    expected = {page.get_full_url(): page for page in live_public_pages()}
    assert set(entries) == set(expected)
    for loc, page in expected.items():
        published_on = timezone.localdate(page.last_published_at)
        assert entries[loc] == published_on.isoformat(), loc


def test_sitemap_lastmod_follows_the_pages_last_publication(client, demo_site):
    alterna = demo_site["alterna"]
    Page.objects.filter(pk=alterna.pk).update(
        last_published_at=datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)
    )

    assert sitemap_entries(client)[alterna.get_full_url()] == "2024-03-01"


def test_sitemap_leaves_out_drafts_and_private_pages(client, demo_site):
    home = demo_site["accueil"]
    draft = StandardPage(title="Brouillon", slug="brouillon", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    private = StandardPage(title="Réservé", slug="reserve")
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    locs = set(sitemap_entries(client))

    assert draft.get_full_url() not in locs
    assert private.get_full_url() not in locs
    assert demo_site["alterna"].get_full_url() in locs


def test_page_excluded_by_its_editor_leaves_the_sitemap_and_asks_not_to_be_indexed(
    client, demo_site
):
    alterna = demo_site["alterna"]
    assert meta(get_soup(client, alterna.url), name="robots") is None

    publish(alterna, exclude_from_sitemap=True)

    locs = set(sitemap_entries(client))
    assert alterna.get_full_url() not in locs
    assert demo_site["coop-portage"].get_full_url() in locs
    assert meta(get_soup(client, alterna.url), name="robots") == "noindex"


def test_exclusion_saved_as_a_draft_changes_nothing_until_published(client, demo_site):
    alterna = demo_site["alterna"]
    alterna.exclude_from_sitemap = True
    alterna.save_revision()

    assert alterna.get_full_url() in sitemap_entries(client)
    assert meta(get_soup(client, alterna.url), name="robots") is None


@pytest.mark.parametrize("url", DEMO_PAGE_URLS)
def test_public_page_is_open_to_search_engines(client, demo_site, url):
    robots = meta(get_soup(client, url), name="robots")
    assert robots is None or "noindex" not in robots


# --- robots.txt --------------------------------------------------------------------


def test_robots_txt_disallows_everything_by_default_outside_production(client, db, settings):
    assert settings.ALLOW_INDEXING is False

    response = client.get("/robots.txt")

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow: /"]
    assert not any(line.lower().startswith("sitemap:") for line in lines)


def test_robots_txt_points_to_a_sitemap_that_answers_when_indexing_is_allowed(
    client, demo_site, settings
):
    settings.ALLOW_INDEXING = True

    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Disallow: /" not in lines
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [f"http://testserver{reverse('sitemap')}"]
    assert client.get(sitemaps[0]).status_code == 200


# --- Head of every page: canonical, description, OpenGraph, Twitter ----------------


@pytest.mark.parametrize("url", DEMO_PAGE_URLS)
def test_public_page_has_canonical_description_and_sharing_tags(client, demo_site, url):
    page = Page.objects.get(pk=next(p.pk for p in live_public_pages() if p.url == url)).specific
    soup = get_soup(client, url)

    canonical = soup.head.find("link", rel="canonical")
    assert canonical is not None, f"{url} has no canonical link"
    assert canonical["href"] == page.get_full_url()

    description = meta(soup, name="description")
    assert description and description.strip(), f"{url} has no meta description"
    assert description == (page.search_description or page.summary)

    assert meta(soup, property="og:title")
    assert meta(soup, property="og:description") == description
    assert meta(soup, property="og:url") == page.get_full_url()
    og_image = meta(soup, property="og:image")
    assert og_image and re.match(r"https?://", og_image), f"{url}: og:image {og_image!r}"
    assert meta(soup, name="twitter:card") == "summary_large_image"
    assert meta(soup, name="twitter:image") == og_image


def test_default_sharing_image_is_a_1200_by_630_static_image(client, demo_site):
    og_image = meta(get_soup(client, "/"), property="og:image")

    assert og_image == "http://testserver" + static("img/partage.png")
    found = finders.find("img/partage.png")
    assert found, "static/img/partage.png is missing"
    with PILImage.open(found) as image:
        assert image.size == (1200, 630)


def test_meta_description_falls_back_to_the_summary(client, demo_site):
    alterna = demo_site["alterna"]
    assert not alterna.search_description

    soup = get_soup(client, alterna.url)

    assert meta(soup, name="description") == alterna.summary
    assert meta(soup, property="og:description") == alterna.summary


def test_search_description_overrides_the_summary(client, demo_site):
    alterna = publish(
        demo_site["alterna"], search_description="Services à domicile en coopérative."
    )

    soup = get_soup(client, alterna.url)

    assert meta(soup, name="description") == "Services à domicile en coopérative."
    assert meta(soup, property="og:description") == "Services à domicile en coopérative."
    assert alterna.summary not in str(soup.head)


def test_seo_title_is_the_shared_title(client, demo_site):
    alterna = publish(demo_site["alterna"], seo_title="Alterna, services à domicile")

    soup = get_soup(client, alterna.url)

    assert meta(soup, property="og:title") == "Alterna, services à domicile"
    assert soup.title.get_text().startswith("Alterna, services à domicile")


def test_social_image_chosen_by_the_editor_is_shared(client, demo_site, settings, tmp_path):
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Atelier", file=get_test_image_file())
    alterna = publish(demo_site["alterna"], social_image=image)

    soup = get_soup(client, alterna.url)

    og_image = meta(soup, property="og:image")
    assert og_image.startswith("http://testserver/")
    assert "partage.png" not in og_image
    rendition = image.get_rendition("fill-1200x630|format-jpeg")
    assert og_image.endswith(rendition.url)
    assert meta(soup, name="twitter:image") == og_image


# --- JSON-LD -------------------------------------------------------------------------


def test_home_page_json_ld_describes_smart_and_its_member_cooperatives(client, demo_site):
    _, data = json_ld(get_soup(client, "/"))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Smart en France"
    assert data["url"] == demo_site["accueil"].get_full_url()
    members = {member["name"]: member for member in data["member"]}
    assert set(members) == {"GrandsEnsemble", "Coop Portage", "Alterna"}
    for slug, name in [
        ("grandsensemble", "GrandsEnsemble"),
        ("coop-portage", "Coop Portage"),
        ("alterna", "Alterna"),
    ]:
        assert members[name]["@type"] == "Organization"
        assert members[name]["url"] == demo_site[slug].get_full_url()


def test_json_ld_leaves_out_an_unpublished_cooperative(client, demo_site):
    demo_site["coop-portage"].unpublish()

    _, data = json_ld(get_soup(client, "/"))

    assert {member["name"] for member in data["member"]} == {"GrandsEnsemble", "Alterna"}


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, demo_site):
    title = 'Alterna </script><script>alert("x")</script> & co'
    publish(CooperativePage.objects.get(slug="alterna"), title=title)

    soup = get_soup(client, "/")

    script, data = json_ld(soup)
    assert title in {member["name"] for member in data["member"]}
    assert "</script>" not in script.string
    assert not any("alert" in (s.string or "") for s in soup.find_all("script") if s is not script)


def test_json_ld_needs_no_nonce_so_the_home_page_stays_cacheable(client, demo_site):
    # JSON-LD is a data block, never executed, so the CSP does not apply to it; a
    # nonce would make the page private (see NonceResponsesArePrivateMiddleware).
    first = client.get("/")
    script, _ = json_ld(BeautifulSoup(first.content, "html.parser"))
    assert script.get("nonce") is None
    assert "private" not in first.get("Cache-Control", "")
    assert client.get("/")["X-Page-Cache"] == "hit"


# --- The legal pages -----------------------------------------------------------------


def page_sections(client, url):
    """{h2 text: text of what follows it, up to the next h2} of the page's main content."""
    main = get_soup(client, url).find("main")
    sections = {}
    for heading in main.find_all("h2"):
        texts = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            texts.append(sibling.get_text(" "))
        sections[normalized(heading.get_text())] = normalized(" ".join(texts))
    return main, sections


PLACEHOLDERS = ("[À compléter", "à compléter", "[", "TODO", "XXX")


@pytest.mark.parametrize(
    "url", ["/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/contact/", "/"]
)
def test_visitors_never_see_a_placeholder(client, demo_site, url):
    text = get_soup(client, url).find("main").get_text(" ")
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text, f"{url} shows {placeholder!r}"


def test_legal_notice_shows_publisher_director_and_host_once_the_settings_have_them(
    client, demo_site
):
    _, sections = page_sections(client, "/mentions-legales/")
    assert "Éditeur du site" not in sections  # nothing to say yet, and nothing pretended
    site_settings = SiteSettings.objects.get()
    site_settings.publisher_details = "Smart en France, SCIC SA\n1 rue de l'Exemple, 59000 Lille"
    site_settings.publication_director = "Camille Martin, présidente"
    site_settings.host_details = "Hébergeur Exemple, 2 rue du Serveur, 75000 Paris"
    site_settings.save()
    main, sections = page_sections(client, "/mentions-legales/")
    assert "SCIC SA" in sections["Éditeur du site"]
    assert "59000 Lille" in sections["Éditeur du site"]
    assert sections["Directrice ou directeur de la publication"] == "Camille Martin, présidente"
    assert "Hébergeur Exemple" in sections["Hébergement"]
    assert main.find("br") is not None  # one line per line typed


def test_privacy_page_says_where_to_exercise_ones_rights(client, demo_site):
    _, sections = page_sections(client, "/donnees-personnelles/")
    assert "formulaire de contact" in sections["Pour exercer vos droits"]
    site_settings = SiteSettings.objects.get()
    site_settings.privacy_contact_email = "donnees@smart.example"
    site_settings.save()
    main, sections = page_sections(client, "/donnees-personnelles/")
    assert "donnees@smart.example" in sections["Pour exercer vos droits"]
    assert main.find("a", href="mailto:donnees@smart.example") is not None


def test_privacy_page_says_what_why_how_long_the_rights_and_the_cnil(client, demo_site):
    main, sections = page_sections(client, "/donnees-personnelles/")

    assert main.find("h1").get_text(strip=True) == "Données personnelles"
    assert "formulaire de contact" in sections["Ce que nous collectons"]
    assert "consentement" in sections["Pourquoi"]
    assert "jours après sa réception" in sections["Pendant combien de temps"]
    rights = sections["Vos droits"]
    for right in ["accéder", "rectifier", "effacer", "vous y opposer", "portabilité"]:
        assert right in rights, f"the right to {right!r} is not stated"
    assert "CNIL" in rights
    assert main.find("a", href="https://www.cnil.fr/") is not None


def test_accessibility_statement_follows_the_rgaa_model(client, demo_site):
    main, sections = page_sections(client, "/accessibilite/")

    assert main.find("h1").get_text(strip=True) == "Déclaration d'accessibilité"
    assert "non conforme" in sections["État de conformité"]
    assert "RGAA" in sections["État de conformité"]
    assert "Contenus non accessibles" in sections
    assert "Contact" in sections["Retour d'information et contact"]
    recourse = sections["Voies de recours"]
    assert "Défenseur des droits" in recourse
    assert "Libre réponse 71120" in recourse
    assert main.find("a", href="https://www.defenseurdesdroits.fr/") is not None


def test_legal_pages_are_editable_pages(demo_site):
    for slug in ["mentions-legales", "donnees-personnelles", "accessibilite"]:
        page = demo_site[slug]
        assert isinstance(page, StandardPage)
        assert page.live


# --- Footer and site settings -------------------------------------------------------


@pytest.mark.parametrize("url", DEMO_PAGE_URLS + OTHER_PAGES)
def test_footer_of_every_page_links_to_the_legal_and_service_pages(client, demo_site, url):
    status = 404 if "n-existe-pas" in url else 200
    links = footer_links(get_soup(client, url, status))

    for href, label in LEGAL_LINKS.items():
        assert links.get(href) == label, f"{url}: footer lacks {label!r} -> {href}"


def test_footer_legal_links_follow_the_site_settings(client, demo_site):
    home = demo_site["accueil"]
    new_notice = StandardPage(
        title="Informations légales", slug="informations-legales", show_in_menus=False
    )
    home.add_child(instance=new_notice)
    new_notice.save_revision().publish()
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.legal_notice_page = new_notice
    site_settings.accessibility_page = None
    site_settings.save()

    links = footer_links(get_soup(client, demo_site["alterna"].url))

    assert links.get("/informations-legales/") == "Mentions légales"
    assert "/mentions-legales/" not in links
    assert "/accessibilite/" not in links


def test_footer_leaves_out_a_legal_page_that_is_unpublished(client, demo_site):
    demo_site["donnees-personnelles"].unpublish()

    links = footer_links(get_soup(client, "/"))

    assert "/donnees-personnelles/" not in links
    assert "/mentions-legales/" in links


@pytest.mark.parametrize("url", ["/", "/ecosysteme/alterna/", "/recherche/", "/contact/"])
def test_address_contact_and_social_links_set_in_the_admin_show_in_every_footer(
    client, demo_site, url
):
    site_settings = SiteSettings.for_site(demo_site["accueil"].get_site())
    site_settings.postal_address = "12 rue de l'Exemple\n59000 Lille"
    site_settings.contact_email = "contact@smart.example"
    site_settings.contact_phone = "03 20 00 00 00"
    site_settings.social_links = [
        ("link", {"label": "Mastodon", "url": "https://mastodon.example/@smart"})
    ]
    site_settings.save()

    footer = get_soup(client, url).find("footer")

    address = footer.find("address")
    assert address is not None
    assert normalized(address.find("p").get_text(" ")) == "12 rue de l'Exemple 59000 Lille"
    assert address.find("a", href="mailto:contact@smart.example") is not None
    phone = address.find("a", href="tel:0320000000")
    assert phone is not None and phone.get_text(strip=True) == "03 20 00 00 00"
    mastodon = footer.find("a", href="https://mastodon.example/@smart")
    assert mastodon is not None and mastodon.get_text(strip=True) == "Mastodon"


def test_footer_shows_no_address_while_none_is_set(client, demo_site):
    footer = get_soup(client, "/").find("footer")

    assert footer.find("address") is None


# --- Plan du site --------------------------------------------------------------------


def site_map_tree(client):
    """{href: href of the link of the list item that contains it, or None} of the site map."""
    nav = get_soup(client, "/plan-du-site/").find("nav", attrs={"aria-label": "Plan du site"})
    assert nav is not None, "the site map is not a labelled navigation"
    assert nav.find("ul") is not None
    parents = {}
    for link in nav.find_all("a"):
        item = link.find_parent("li")
        assert item.find("a") is link, f"{link['href']} is not the first link of its list item"
        outer_item = item.find_parent("li")
        parents[link["href"]] = outer_item.find("a")["href"] if outer_item else None
    return parents


def test_site_map_lists_every_live_public_page_nested_under_its_parent(client, demo_site):
    parents = site_map_tree(client)

    pages = list(live_public_pages())
    assert set(parents) == {page.url for page in pages}
    for page in pages:
        parent = page.get_parent()
        expected = parent.url if page.depth > 2 else None
        assert parents[page.url] == expected, f"{page.url} is not listed under {expected}"


def test_site_map_follows_publication_and_privacy(client, demo_site):
    about = demo_site["qui-sommes-nous"]
    new = StandardPage(title="Nos valeurs", slug="nos-valeurs")
    about.add_child(instance=new)
    new.save_revision().publish()
    draft = StandardPage(title="Brouillon", slug="brouillon", live=False)
    about.add_child(instance=draft)
    draft.save_revision()
    PageViewRestriction.objects.create(
        page=demo_site["ecosysteme"], restriction_type=PageViewRestriction.LOGIN
    )

    parents = site_map_tree(client)

    assert parents["/qui-sommes-nous/nos-valeurs/"] == "/qui-sommes-nous/"
    assert "/qui-sommes-nous/brouillon/" not in parents
    assert "/ecosysteme/" not in parents
    assert "/ecosysteme/alterna/" not in parents


# --- Wagtail's content checker ------------------------------------------------------


def checker_configuration(soup):
    script = soup.find("script", id="checker-axe-configuration")
    assert script is not None, "no content checker configuration in the page"
    return json.loads(script.string)


def test_userbar_content_checker_checks_image_alt_texts(admin_client, demo_site):
    soup = get_soup(admin_client, demo_site["alterna"].url)

    rules = checker_configuration(soup)["options"]["runOnly"]

    assert "image-alt" in rules, (
        f"the userbar's content checker runs only {rules}: 'image-alt' is missing "
        "(pages/wagtail_hooks.py does not replace Wagtail 8's AccessibilityItem)"
    )
    # Wagtail's own rules stay: headings, empty links, alt text quality.
    assert {"heading-order", "empty-heading", "link-name", "alt-text-quality"} <= set(rules)


def test_page_editor_checks_panel_checks_image_alt_texts(admin_client, demo_site):
    edit_url = reverse("wagtailadmin_pages:edit", args=[demo_site["alterna"].pk])
    soup = get_soup(admin_client, edit_url)

    rules = checker_configuration(soup)["options"]["runOnly"]

    assert "image-alt" in rules, (
        f"the editor's checks panel runs only {rules}: 'image-alt' is missing "
        "(pages/wagtail_hooks.py does not replace Wagtail 8's AccessibilityItem)"
    )


def test_visitors_get_no_userbar(client, demo_site):
    soup = get_soup(client, demo_site["alterna"].url)

    assert soup.find("script", id="checker-axe-configuration") is None
