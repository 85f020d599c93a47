"""What editors meet in the admin: protected pages, the settings, slugs, links, images, dates."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page

from core.blocks import CallToActionBlock
from core.models import SiteSettings
from pages.models import HistoryPage, StandardPage

from .admin_forms import page_edit_post_data, stream_post_data

ESSENTIAL = ["accueil", "index-egalite", "contact", "plan-du-site", "mentions-legales",
             "donnees-personnelles", "accessibilite"]  # fmt: skip


def member(django_user_model, group_name, username=None):
    user = django_user_model.objects.create_user(
        username=username or f"membre-{group_name}", password="unused-in-tests-1"
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(django_user_model):
    return member(django_user_model, "Éditeurs")


@pytest.fixture
def administrator_client(django_user_model):
    return member(django_user_model, "Administrateurs")


# --- Pages the site and the law depend on -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ESSENTIAL)
def test_an_editor_cannot_delete_unpublish_or_move_an_essential_page(
    editor_client, demo_site, slug
):
    page = demo_site[slug]
    home = demo_site["accueil"]
    attempts = [
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
    ]
    if page.pk != home.pk:
        about = demo_site["qui-sommes-nous"]
        attempts.append(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, about.pk]))
    for url in attempts:
        response = editor_client.post(url, follow=True)
        assert response.status_code in (200, 403), url
        text = response.content.decode()
        # Ours, or Wagtail's own refusal for a page with children (deleting those
        # takes a permission editors do not have).
        assert "Seule une personne du groupe Administrateurs" in text or "autorisations" in text, (
            url
        )
    page.refresh_from_db()
    assert page.live and Page.objects.filter(pk=page.pk).exists()
    assert page.get_parent().pk == (home.get_parent().pk if page.pk == home.pk else home.pk)


@pytest.mark.django_db
def test_an_editor_cannot_delete_a_section_that_holds_an_essential_page(editor_client, demo_site):
    section = StandardPage(title="Rubrique", slug="rubrique")
    demo_site["accueil"].add_child(instance=section)
    section.save_revision().publish()
    legal = demo_site["mentions-legales"]
    legal.move(section, pos="last-child")
    response = editor_client.post(reverse("wagtailadmin_pages:delete", args=[section.pk]))
    assert response.status_code == 302
    assert Page.objects.filter(pk=section.pk).exists()


@pytest.mark.django_db
def test_an_editor_still_edits_and_publishes_an_essential_page(editor_client, demo_site):
    page = demo_site["contact"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = editor_client.get(edit_url).content.decode()
    assert "action-unpublish" not in html and 'action-delete"' not in html
    data = page_edit_post_data(html, page, title="Nous écrire", **{"action-publish": "1"})
    assert editor_client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert page.title == "Nous écrire" and page.live


@pytest.mark.django_db
def test_an_administrator_may_unpublish_an_essential_page(administrator_client, demo_site):
    page = demo_site["plan-du-site"]
    response = administrator_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
def test_an_ordinary_page_is_the_editors_to_delete(editor_client, demo_site):
    page = StandardPage(title="Page de passage", slug="page-de-passage")
    demo_site["accueil"].add_child(instance=page)
    page.save_revision().publish()
    response = editor_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


# --- No approval step left hanging --------------------------------------------------------


@pytest.mark.django_db
def test_there_is_no_approval_workflow_to_get_stuck_in(editor_client, demo_site):
    page = demo_site["qui-sommes-nous"]
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Soumettre" not in html
    assert "Moderators" not in html


# --- The site settings are the editors' too -----------------------------------------------


@pytest.mark.django_db
def test_an_editor_fills_the_footers_address_phone_and_contact_recipient(
    editor_client, client, demo_site
):
    page = editor_client.get(
        reverse("wagtailsettings:edit", args=["core", "sitesettings"]), follow=True
    )
    assert page.status_code == 200
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(page.content.decode(), form_id="w-editor-form")
    site_settings = SiteSettings.objects.get()
    for key, value in stream_post_data(site_settings.social_links, "social_links").items():
        data[key] = value
    data["postal_address"] = "1 rue de l'Exemple\n59000 Lille"
    data["contact_phone"] = "03 20 00 00 00"
    data["contact_recipients"] = "accueil@smart.example"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    footer = client.get("/").content.decode()
    assert "59000 Lille" in footer and "03 20 00 00 00" in footer


@pytest.mark.django_db
def test_a_wrong_recipient_address_is_refused_in_french():
    site_settings = SiteSettings(contact_recipients="accueil@smart.example, pas-une-adresse")
    with pytest.raises(ValidationError) as refused:
        site_settings.full_clean(exclude=["site"])
    assert "« pas-une-adresse » n'est pas une adresse électronique valide" in str(refused.value)


@pytest.mark.django_db
def test_administrators_see_what_the_site_lacks_before_going_live(
    administrator_client, editor_client, demo_site
):
    dashboard = administrator_client.get("/admin/").content.decode()
    assert "Avant la mise en ligne" in dashboard
    assert "diteur du site (mentions légales)" in dashboard
    assert "le destinataire des messages de contact" in dashboard
    assert "Avant la mise en ligne" not in editor_client.get("/admin/").content.decode()


# --- New pages find their place -----------------------------------------------------------


@pytest.mark.django_db
def test_a_new_page_is_in_the_menus_unless_unticked(editor_client, demo_site):
    home = demo_site["accueil"]
    form = editor_client.get(
        reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    ).content.decode()
    checkbox = BeautifulSoup(form, "html.parser").find("input", attrs={"name": "show_in_menus"})
    assert checkbox is not None and checkbox.has_attr("checked")
    assert "apparaît dans le menu principal" in form


@pytest.mark.django_db
def test_a_slug_typed_with_accents_is_made_plain(editor_client, demo_site):
    home = demo_site["accueil"]
    add_url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    data = page_edit_post_data(
        editor_client.get(add_url).content.decode(),
        StandardPage(title="Devenir sociétaire"),
        title="Devenir sociétaire",
        slug="devenir-sociétaire",
    )
    assert editor_client.post(add_url, data).status_code == 302
    assert StandardPage.objects.get(title="Devenir sociétaire").slug == "devenir-societaire"


@pytest.mark.parametrize("address", ["/contact/", "/ecosysteme/alterna/", "https://example.org/"])
def test_a_call_to_action_takes_a_site_address_or_a_full_one(address):
    block = CallToActionBlock()
    value = block.to_python({"text": "Écrivez-nous", "url": address, "button_label": "Contact"})
    assert block.clean(value)["url"] == address


@pytest.mark.parametrize("address", ["contact", "//evil.example/", "javascript:alert(1)"])
def test_a_call_to_action_refuses_what_is_no_address(address):
    block = CallToActionBlock()
    value = block.to_python({"text": "Écrivez-nous", "url": address, "button_label": "Contact"})
    with pytest.raises(ValidationError):
        block.clean(value)


# --- Images and dates ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_image_suggests_its_description_as_alt_text_never_its_file_name():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 8)).save(buffer, "PNG")
    image = Image.objects.create(title="IMG_2043", file=ImageFile(buffer, name="IMG_2043.png"))
    assert image.default_alt_text == ""
    image.description = "Trois personnes autour d'une table"
    assert image.default_alt_text == "Trois personnes autour d'une table"


@pytest.mark.django_db
def test_a_timeline_date_typed_the_french_way_is_read_as_such(admin_client, demo_site):
    history = HistoryPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[history.pk])
    html = admin_client.get(edit_url).content.decode()
    assert 'value="01/01/1998"' in html  # shown the French way
    data = page_edit_post_data(html, history)
    data["events-0-date"] = "15/09/2025"
    assert admin_client.post(edit_url, data).status_code == 302
    history.refresh_from_db()
    draft = history.get_latest_revision_as_object()
    assert datetime.date(2025, 9, 15) in [event.date for event in draft.events.all()]


@pytest.mark.django_db
def test_a_date_that_cannot_be_read_is_an_error_never_replaced(admin_client, demo_site):
    history = HistoryPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[history.pk])
    data = page_edit_post_data(admin_client.get(edit_url).content.decode(), history)
    data["events-0-date"] = "15 sept"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 200
    assert "Saisissez une date valide" in response.content.decode()
    assert 'value="15 sept"' in response.content.decode()  # what was typed is kept


@pytest.mark.django_db
def test_the_index_pages_address_declared_to_the_ministry_cannot_change(
    administrator_client, demo_site
):
    page = demo_site["index-egalite"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = page_edit_post_data(
        administrator_client.get(edit_url).content.decode(), page, slug="index-2"
    )
    response = administrator_client.post(edit_url, data)
    assert response.status_code == 200
    assert "est déclarée au ministère du Travail" in response.content.decode()
    page.refresh_from_db()
    assert page.slug == "index-egalite" and page.url == "/index-egalite/"
