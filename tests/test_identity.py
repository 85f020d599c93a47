"""The site's identity: its wordmark (or the logo of the settings), icons, menus with sub-menus."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image

from core.models import SiteSettings


def soup(client, url="/"):
    return BeautifulSoup(client.get(url).content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "content_type"),
    [
        ("/favicon.ico", "image/"),
        ("/apple-touch-icon.png", "image/png"),
        ("/icon-192.png", "image/png"),
        ("/icon-512.png", "image/png"),
        ("/site.webmanifest", ""),
    ],
)
def test_the_icons_browsers_ask_for_are_at_the_root(client, address, content_type):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.django_db
def test_the_manifest_names_the_site_in_french_and_its_icons_exist(client):
    response = client.get("/site.webmanifest")
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["lang"] == "fr" and manifest["name"] == "Smart en France"
    for icon in manifest["icons"]:
        if icon["src"].startswith("/static/"):  # collected in production, not in tests
            assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
        else:
            assert client.get(icon["src"]).status_code == 200, icon["src"]


@pytest.mark.django_db
def test_every_page_links_its_icons_and_shows_the_wordmark_as_a_named_image(client, demo_site):
    page = soup(client, "/ecosysteme/")
    head = page.find("head")
    assert head.find("link", rel="icon", href="/favicon.ico")
    assert head.find("link", rel="apple-touch-icon")
    assert head.find("link", rel="manifest")
    brand = page.select_one("header a.brand")
    logo = brand.find("img")
    assert logo["src"].endswith(".svg") and logo["alt"] == "Smart en France"
    assert finders.find("img/wordmark.svg")
    assert brand["href"] == "/"


def png_logo():
    buffer = io.BytesIO()
    PillowImage.new("RGBA", (400, 100), (255, 255, 255, 0)).save(buffer, "PNG")
    return Image.objects.create(title="Logo officiel", file=ImageFile(buffer, name="logo.png"))


@pytest.mark.django_db
def test_the_logo_of_the_site_settings_replaces_the_wordmark_at_once(client, demo_site):
    assert soup(client).select_one("header a.brand img")["src"].endswith("wordmark.svg")
    site_settings = SiteSettings.objects.get()
    site_settings.logo = png_logo()
    site_settings.save()
    logo = soup(client).select_one("header a.brand img")
    assert "wordmark" not in logo["src"]
    assert logo["alt"] == "Smart en France"
    assert logo["height"] == "40" and logo["width"] == "160"


@pytest.mark.django_db
def test_the_menu_reaches_every_section_and_their_pages_without_script(client, demo_site):
    nav = soup(client).find("nav", attrs={"aria-label": "Navigation principale"})
    top = [link.get_text(strip=True) for link in nav.select(":scope > ul > li > a")]
    for section in ("Qui sommes-nous", "L'écosystème", "Actualités", "Agenda", "Contact"):
        assert section in top, section
    about = nav.find("a", string="Qui sommes-nous").find_parent("li")
    submenu = about.find("details", class_="submenu")
    assert submenu.find("summary").get_text(strip=True) == (
        "Les pages de la rubrique Qui sommes-nous"
    )
    assert [a.get_text(strip=True) for a in submenu.find_all("a")] == [
        "Le projet",
        "Notre histoire",
    ]
    assert nav.find_all("script") == []
