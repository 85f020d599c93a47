"""Who can do what: the groups made by migrations, and what an anonymous visitor never sees.

Groups: "Éditeurs" (pages, images, documents; pages migration 0004), "Communication"
(the equality index; equality_index migration 0002), "Administrateurs" (everything).
Every check goes through the admin's real views or the public addresses.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, PageViewRestriction

from equality_index.models import EqualityIndexYear
from pages.models import StandardPage

from .admin_forms import page_edit_post_data
from .test_equality_index import ADMIN as INDEX_ADMIN
from .test_equality_index import year_form_data

ADMIN_PREFIX = f"/{settings.ADMIN_URL_PATH}/"
LOGIN_URL = f"{ADMIN_PREFIX}login/"
DRAFT_MARKER = "Brouillon confidentiel"
PRIVATE_MARKER = "Contenu réservé"
DRAFT_YEAR = 2099


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="unused-in-tests"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, "Éditeurs", "editrice")


@pytest.fixture
def communication(django_user_model):
    return member_of(django_user_model, "Communication", "communication")


@pytest.fixture
def administrator(django_user_model):
    return member_of(django_user_model, "Administrateurs", "administratrice")


def client_for(client, user):
    client.force_login(user)
    return client


def is_refused(response):
    """Wagtail refuses an admin view with a 403 or a redirect away from it (to the dashboard)."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def edit_form(admin_client, page, **changes):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return page_edit_post_data(response.content.decode(), page, **changes)


# --- The groups ------------------------------------------------------------------------


def test_migrations_create_the_three_groups_and_drop_wagtails_english_ones(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert {"Éditeurs", "Communication", "Administrateurs"} <= names
    assert not names & {"Editors", "Moderators"}


def test_editors_group_grants_pages_images_and_documents_on_the_whole_tree(db):
    editors = Group.objects.get(name="Éditeurs")
    root = Page.get_first_root_node()

    page_codenames = set(
        editors.page_permissions.filter(page=root).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= page_codenames
    assert "bulk_delete_page" not in page_codenames
    collection_codenames = set(
        editors.collection_permissions.values_list("permission__codename", flat=True)
    )
    assert {"add_image", "change_image", "choose_image"} <= collection_codenames
    assert {"add_document", "change_document", "choose_document"} <= collection_codenames
    group_codenames = set(editors.permissions.values_list("codename", flat=True))
    assert "access_admin" in group_codenames
    assert not any("equalityindexyear" in codename for codename in group_codenames)


def test_administrators_group_holds_every_permission_of_the_migrated_models(db):
    administrators = Group.objects.get(name="Administrateurs")

    missing = Permission.objects.exclude(group=administrators)
    assert not missing.exists(), list(missing.values_list("codename", flat=True))


# --- Éditeurs ------------------------------------------------------------------------


def test_editor_edits_and_publishes_a_page(client, admin_client, editor, demo_site):
    page = demo_site["qui-sommes-nous"]
    data = edit_form(admin_client, page, title="Qui sommes-nous, revu")
    data["action-publish"] = "action-publish"
    client.logout()

    response = client_for(client, editor).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.title == "Qui sommes-nous, revu"
    assert page.live and not page.has_unpublished_changes


def test_editor_may_add_pages_and_upload_images_and_documents(client, editor, demo_site):
    home = demo_site["accueil"] if "accueil" in demo_site else Page.objects.get(depth=2)
    client_for(client, editor)

    add_page = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    assert client.get(add_page).status_code == 200
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtaildocs:add")).status_code == 200


def test_editor_cannot_add_nor_publish_an_index_year(client, editor, db):
    client_for(client, editor)

    assert is_refused(client.get(reverse(f"{INDEX_ADMIN}:add")))
    data = year_form_data()
    data["action-publish"] = "action-publish"
    assert is_refused(client.post(reverse(f"{INDEX_ADMIN}:add"), data))
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()


def test_editor_cannot_publish_a_draft_index_year(client, communication, editor, db):
    client_for(client, communication)
    assert client.post(reverse(f"{INDEX_ADMIN}:add"), year_form_data()).status_code == 302
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert not year.live
    client.logout()
    data = year_form_data()
    data["action-publish"] = "action-publish"

    response = client_for(client, editor).post(reverse(f"{INDEX_ADMIN}:edit", args=[year.pk]), data)

    assert is_refused(response)
    year.refresh_from_db()
    assert not year.live


def test_editor_cannot_manage_accounts(client, editor, db):
    client_for(client, editor)

    assert is_refused(client.get(reverse("wagtailusers_users:index")))
    assert is_refused(client.get(reverse("wagtailusers_groups:index")))


# --- Communication -------------------------------------------------------------------


def test_communication_cannot_edit_pages(client, admin_client, communication, demo_site):
    page = demo_site["qui-sommes-nous"]
    data = edit_form(admin_client, page, title="Modifié par la communication")
    data["action-publish"] = "action-publish"
    client.logout()
    client_for(client, communication)

    assert is_refused(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert is_refused(client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data))
    page.refresh_from_db()
    assert page.title != "Modifié par la communication"
    assert page.latest_revision == page.live_revision


def test_communication_cannot_add_pages(client, communication, demo_site):
    home = Page.objects.get(depth=2)
    client_for(client, communication)

    add_page = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home.pk])
    assert is_refused(client.get(add_page))
    assert not home.specific.permissions_for_user(communication).can_add_subpage()


def test_communication_publishes_an_index_year(client, communication, db):
    data = year_form_data()
    data["action-publish"] = "action-publish"

    response = client_for(client, communication).post(reverse(f"{INDEX_ADMIN}:add"), data)

    assert response.status_code == 302
    assert EqualityIndexYear.objects.get(publication_year=2026).live


# --- Administrateurs -----------------------------------------------------------------


def test_administrator_edits_pages_publishes_the_index_and_manages_accounts(
    client, admin_client, administrator, demo_site
):
    page = demo_site["qui-sommes-nous"]
    page_data = edit_form(admin_client, page, title="Revu par l'administration")
    page_data["action-publish"] = "action-publish"
    client.logout()
    client_for(client, administrator)

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.post(edit_url, page_data).status_code == 302
    year_data = year_form_data()
    year_data["action-publish"] = "action-publish"
    assert client.post(reverse(f"{INDEX_ADMIN}:add"), year_data).status_code == 302
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    page.refresh_from_db()
    assert page.title == "Revu par l'administration"
    assert EqualityIndexYear.objects.get(publication_year=2026).live


# --- What an anonymous visitor never sees --------------------------------------------


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def search_url():
    try:
        return reverse("search")
    except NoReverseMatch:
        pytest.skip("search view not present yet")


def add_page(parent, slug, title, live=True):
    page = StandardPage(title=title, slug=slug, intro=f"<p>{title}</p>", summary=title, live=live)
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def secrets_in_the_admin(demo_site):
    """A draft revision of a live page, a page never published, a password-protected page,
    a draft index year and a draft revision of the published 2023 year."""
    about = demo_site["qui-sommes-nous"]
    about.title = f"{DRAFT_MARKER} titre"
    about.save_revision()

    home = Page.objects.get(depth=2)
    never_published = add_page(home, "jamais-publiee", f"{DRAFT_MARKER} page", live=False)
    private = add_page(home, "page-privee", f"{PRIVATE_MARKER} aux adhérents")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="adherents"
    )

    draft_year = EqualityIndexYear(
        publication_year=DRAFT_YEAR,
        data_year=DRAFT_YEAR - 1,
        breakdown_known=False,
        published_index=37,
        scope_description=DRAFT_MARKER,
    )
    draft_year.save()
    draft_year.save_revision()
    published_2023 = EqualityIndexYear.objects.get(publication_year=2023)
    published_2023.published_index = 37
    published_2023.scope_description = DRAFT_MARKER
    published_2023.save_revision()
    return {"about": about, "never_published": never_published, "private": private}


def assert_no_secret(response, where):
    body = response.content.decode()
    for secret in (DRAFT_MARKER, PRIVATE_MARKER, str(DRAFT_YEAR)):
        assert secret not in body, f"{where} shows {secret!r}"


def test_anonymous_sees_the_published_page_not_its_draft(client, secrets_in_the_admin):
    response = client.get("/qui-sommes-nous/")

    assert response.status_code == 200
    assert "Qui sommes-nous" in text_of(response)
    assert_no_secret(response, "/qui-sommes-nous/")


def test_anonymous_gets_404_for_a_page_never_published(client, secrets_in_the_admin):
    response = client.get("/jamais-publiee/")

    assert response.status_code == 404
    assert_no_secret(response, "/jamais-publiee/")


def test_anonymous_gets_the_password_form_not_the_private_page(client, secrets_in_the_admin):
    response = client.get("/page-privee/")

    assert PRIVATE_MARKER not in response.content.decode()
    assert response.status_code in {200, 401, 403}
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"type": "password"}) is not None


@pytest.mark.parametrize(
    "url_name", ["revisions_index", "revisions_view", "preview_on_edit", "edit", "view_draft"]
)
def test_anonymous_cannot_reach_page_revisions_or_previews(client, secrets_in_the_admin, url_name):
    about = secrets_in_the_admin["about"]
    revision = about.latest_revision
    args = [about.pk, revision.pk] if url_name == "revisions_view" else [about.pk]

    response = client.get(reverse(f"wagtailadmin_pages:{url_name}", args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_anonymous_cannot_reach_index_year_revisions(client, secrets_in_the_admin):
    year = EqualityIndexYear.objects.get(publication_year=2023)
    urls = [
        reverse(f"{INDEX_ADMIN}:revisions_view", args=[year.pk, year.latest_revision.pk]),
        reverse(f"{INDEX_ADMIN}:edit", args=[year.pk]),
        reverse(f"{INDEX_ADMIN}:list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize(
    "path", ["", "pages/", "images/", "documents/", "users/", "groups/", "snippets/", "reports/"]
)
def test_anonymous_is_sent_to_the_login_page_by_every_admin_view(client, db, path):
    response = client.get(f"{ADMIN_PREFIX}{path}")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_no_page_of_the_site_shows_a_draft_a_private_page_or_an_unpublished_year(
    client, secrets_in_the_admin
):
    live_urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    assert "/index-egalite/" in live_urls
    for url in live_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response, url)


def test_index_page_shows_the_published_figure_not_the_draft_one(client, secrets_in_the_admin):
    text = text_of(client.get("/index-egalite/"))

    assert "82" in text
    assert "37" not in text
    assert str(DRAFT_YEAR) not in text


@pytest.mark.parametrize("query", [DRAFT_MARKER, "confidentiel", "réservé", str(DRAFT_YEAR)])
def test_search_never_finds_a_draft_a_private_page_or_an_unpublished_year(
    client, secrets_in_the_admin, query
):
    response = client.get(search_url(), {"q": query})

    assert response.status_code == 200
    results = BeautifulSoup(response.content, "html.parser").select("main ol li a")
    hrefs = {link.get("href") for link in results}
    assert not hrefs & {"/jamais-publiee/", "/page-privee/"}
    body = response.content.decode().replace(query, "")  # the query is echoed back
    for secret in (f"{DRAFT_MARKER} titre", f"{DRAFT_MARKER} page", PRIVATE_MARKER):
        assert secret not in body


def test_sitemap_lists_no_draft_nor_private_page(client, secrets_in_the_admin):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    body = response.content.decode()
    assert "/qui-sommes-nous/" in body
    assert "/jamais-publiee/" not in body
    assert "/page-privee/" not in body


def test_exports_hold_only_published_years_as_published(client, secrets_in_the_admin):
    csv_response = client.get("/index-egalite/donnees.csv")
    json_response = client.get("/index-egalite/donnees.json")

    assert csv_response.status_code == json_response.status_code == 200
    assert_no_secret(csv_response, "the CSV export")
    assert_no_secret(json_response, "the JSON export")
    rows = json.loads(json_response.content)["lignes"]
    assert {row["annee_publication"] for row in rows} == {2023}
    assert {row["index"] for row in rows} == {82}
