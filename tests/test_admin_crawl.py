"""The admin as each role sees it, on the demo content: never a server error.

For each role (superuser, Administrateurs, Éditeurs, Communication, Accueil), the
dashboard, every entry of the menu (submenus included), every listing and report
they lead to, and the edit and preview views of every page and of every snippet
answer 200, 302 (a redirect, to the login or elsewhere) or 403, never 500. The
links found on the dashboard and in the listings are followed once too.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from equality_index.models import EqualityIndexYear

ROLES = ["superuser", "Administrateurs", "Éditeurs", "Communication", "Accueil"]
ALLOWED = {200, 302, 403}
ADMIN_LINK = re.compile(r'href="(/admin/[^"#?]*)"')
# Not followed: logging out, and the bulk actions, which need the ids of what they act on.
NOT_FOLLOWED = ("/admin/logout/", "/admin/bulk/")


def user_for(role, django_user_model):
    if role == "superuser":
        return django_user_model.objects.create_superuser(
            username="super", email="super@example.org", password="unused-in-tests-1"
        )
    user = django_user_model.objects.create_user(
        username=f"role-{role}", email="role@example.org", password="unused-in-tests-1"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def menu_urls(request):
    urls = []

    def walk(items):
        for item in items:
            if getattr(item, "url", None) and item.url != "#":
                urls.append(item.url)
            submenu = getattr(item, "menu", None)
            if submenu is not None:
                walk(submenu.menu_items_for_request(request))

    walk(admin_menu.menu_items_for_request(request))
    return urls


def object_urls():
    urls = []
    for page in Page.objects.filter(depth__gt=1):
        urls += [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
        ]
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        urls.append(reverse(viewset.get_url_name("list")))
        for instance in model.objects.all():
            urls.append(reverse(viewset.get_url_name("edit"), args=[instance.pk]))
            urls.append(reverse(viewset.get_url_name("history"), args=[instance.pk]))
    return urls


def answer(client, url):
    response = client.get(url)
    return response.status_code, response


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_admin_view_answers_500_for_any_role(role, demo_site, django_user_model, rf):
    # An index year with a draft on top of its published version, as the team leaves one.
    year = EqualityIndexYear.objects.get(publication_year=2023)
    year.scope_description = "Brouillon de relecture"
    year.save_revision()

    user = user_for(role, django_user_model)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    request = rf.get("/admin/")
    request.user = user

    to_visit = ["/admin/", *menu_urls(request), *object_urls()]
    visited, failures = set(), []
    for depth in (0, 1):
        found = []
        for url in to_visit:
            # The menu's help entries lead to Wagtail's guide, outside the site.
            if url in visited or url.startswith(NOT_FOLLOWED) or not url.startswith("/"):
                continue
            visited.add(url)
            status, response = answer(client, url)
            if status not in ALLOWED:
                failures.append(f"{url}: {status}")
            elif depth == 0 and status == 200 and "html" in response.get("Content-Type", ""):
                found += ADMIN_LINK.findall(response.content.decode())
        to_visit = found
    assert len(visited) > 40, f"only {len(visited)} admin views reached"
    assert not failures, f"{role}: " + "; ".join(failures)


@pytest.mark.django_db
def test_the_legal_notice_opens_in_the_editor_even_with_hand_written_line_breaks(
    admin_client, demo_site
):
    page = demo_site["mentions-legales"]
    page.body = [("paragraph", "<p>Smart en France<br>1 rue de l'Exemple<BR>59000 Lille<br /></p>")]
    page.save_revision().publish()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "1 rue de l" in response.content.decode()


@pytest.mark.django_db
def test_admin_strings_read_as_french(admin_client, demo_site):
    viewset = EqualityIndexYear.snippet_viewset
    add_year = admin_client.get(reverse(viewset.get_url_name("add"))).content.decode()
    add_year += admin_client.get(reverse(viewset.get_url_name("list"))).content.decode()
    page = demo_site["mentions-legales"]
    edit_page = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    explorer = admin_client.get(reverse("wagtailadmin_explore_root")).content.decode()
    for garbled in ("un(e)", "Le(la)", "enregistré(e)", "Status :", "e.g http", "domain.com"):
        assert garbled not in add_year + edit_page, garbled
    assert "Ajouter :" in add_year
    assert "sans accent ni espace" in edit_page  # the slug's help
    assert "Root" not in explorer and "Racine" in explorer
