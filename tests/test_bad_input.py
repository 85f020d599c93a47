"""Random and hostile input at every public entry point: never a 500, always French or a 404.

Hypothesis generates the input. pytest-django's database and client are created
once per test, not per example (hence the suppressed health check): each example
that could write runs inside a savepoint that is rolled back, so examples do not
see each other's traces, and what was stored before is compared after.
"""

import json
import string
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from equality_index.models import EqualityIndexYear

from .conftest import run_mail_worker
from .servers import DEMO_CONTENT_PAGES
from .test_equality_index import ADMIN as INDEX_ADMIN
from .test_equality_index import year_form_data

BAD_INPUT = settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the repository; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PUBLIC_PAGES = DEMO_CONTENT_PAGES
EXPORTS = [
    "/index-egalite/donnees.csv",
    "/index-egalite/donnees-tableur.csv",
    "/index-egalite/donnees.json",
]
HOSTILE = [
    "",
    " ",
    "\x00",
    "%00",
    "\ufeff",
    "\u202e",
    "../../../../etc/passwd",
    "..%2f..%2f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE wagtailcore_page; --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${jndi:ldap://example.org/a}",
    "%s%s%s%n",
    "é" * 300,
    "a" * 5000,
    "🙂" * 50,
    "\r\nSet-Cookie: volé=1",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
query_params = st.dictionaries(
    st.one_of(st.sampled_from(["q", "page", "p", "id", "format", "lang"]), st.text(max_size=20)),
    hostile_text,
    max_size=4,
)
NOT_FOUND_TITLE = "Page introuvable"


def assert_handled(response, where):
    """A page in French, a redirect or a 404 page in French: never a 500, never English."""
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    assert response.status_code in {200, 301, 302, 404}, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if response.status_code == 404:
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html and soup.html.get("lang") == "fr", f"{where}: 404 page not in French"
        assert soup.find("h1").get_text(strip=True) == NOT_FOUND_TITLE
    elif response.status_code == 200 and content_type.startswith("text/html"):
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html.get("lang") == "fr", f"{where}: page not in French"


def stored_index_years():
    return {year.pk: model_to_dict(year) for year in EqualityIndexYear.objects.all()}


# --- URLs --------------------------------------------------------------------------------


@BAD_INPUT
@given(segments=st.lists(hostile_text, min_size=1, max_size=4))
@example(segments=["\x00"])
@example(segments=["qui-sommes-nous", "\x00"])
@example(segments=["index-egalite", "donnees.csv\x00"])
def test_any_url_path_answers_a_page_or_a_french_404(client, demo_site, segments):
    path = "/" + "/".join(quote(segment, safe="") for segment in segments) + "/"

    response = client.get(path)

    assert_handled(response, path)


@BAD_INPUT
@given(page=st.sampled_from(PUBLIC_PAGES + EXPORTS), params=query_params)
@example(page="/", params={"q": "\x00"})
@example(page="/index-egalite/", params={"page": "-1"})
def test_any_query_string_on_any_page_type_or_export_is_harmless(client, demo_site, page, params):
    response = client.get(page, params)

    assert_handled(response, f"{page} {params!r}")
    if page in EXPORTS:
        assert response.status_code == 200


# --- The search box ------------------------------------------------------------------------


def search_url():
    try:
        return reverse("search")
    except NoReverseMatch:
        pytest.skip("search view not present yet")


@BAD_INPUT
@given(query=hostile_text, page=hostile_text)
@example(query="\x00", page="1")
@example(query="coopérative", page="99999999999999999999")
@example(query="' OR 1=1 --", page="-1")
def test_any_search_gives_a_french_results_page(client, demo_site, query, page):
    url = search_url()

    response = client.get(url, {"q": query, "page": page})

    assert_handled(response, f"search {query!r} page {page!r}")
    assert response.status_code == 200


# --- The contact form ------------------------------------------------------------------


def contact_form_fields(client):
    response = client.get("/contact/")
    if response.status_code == 404:
        pytest.skip("contact page not present yet")
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", attrs={"method": lambda method: (method or "").lower() == "post"})
    return sorted(
        {
            field["name"]
            for field in form.find_all(["input", "textarea", "select"])
            if field.get("name")
        }
        - {"csrfmiddlewaretoken"}
    )


@pytest.fixture
def contact_fields(client, demo_site):
    return contact_form_fields(client)


@BAD_INPUT
@given(data=st.data())
def test_any_contact_form_submission_gives_a_french_page(client, contact_fields, data):
    values = data.draw(st.fixed_dictionaries({name: hostile_text for name in contact_fields}))
    mail.outbox.clear()
    caches["default"].clear()  # each example is a new visitor for the rate limit

    with transaction.atomic():
        response = client.post("/contact/", values)
        assert_handled(response, f"contact {values!r}")
        assert response.status_code in (200, 302)  # the form again, or the thank-you page
        run_mail_worker()
        transaction.set_rollback(True)
    # A message goes out only for a valid form, and never with a forged header in it.
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject


# --- The index admin form ----------------------------------------------------------------

INDEX_FIELDS = sorted(year_form_data().keys())
numberish = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
)
index_field_value = st.one_of(hostile_text, numberish, st.sampled_from(["calculable", "on", "men"]))


@pytest.fixture
def communication_client(client, django_user_model, demo_site):
    user = django_user_model.objects.create_user(username="com", password="unused-in-tests")
    user.groups.add(Group.objects.get(name="Communication"))
    client.force_login(user)
    return client


@BAD_INPUT
@given(
    changes=st.dictionaries(st.sampled_from(INDEX_FIELDS), index_field_value, max_size=8),
    action=st.sampled_from(["", "action-publish"]),
)
@example(changes={"publication_year": "2023"}, action="action-publish")
@example(changes={"remunerations_result": "1e309"}, action="action-publish")
@example(changes={"data_year": "\x00"}, action="")
def test_random_values_in_the_index_admin_form_never_break_or_alter_anything(
    communication_client, changes, action
):
    before = stored_index_years()
    data = {**year_form_data(), **changes}
    if action:
        data[action] = action

    with transaction.atomic():
        response = communication_client.post(reverse(f"{INDEX_ADMIN}:add"), data)
        assert response.status_code in {200, 302}, f"{changes!r}: {response.status_code}"
        if response.status_code == 200:
            assert response.context["form"].errors, "form sent back without a reason"
        # Whatever was posted, what was stored before is exactly as it was.
        after = stored_index_years()
        assert {pk: after.get(pk) for pk in before} == before
        assert len(after) - len(before) in {0, 1}
        transaction.set_rollback(True)


# --- Exports --------------------------------------------------------------------------------


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_exports_only_answer_reads(client, demo_site, export, method):
    response = getattr(client, method)(export)

    assert response.status_code == 405
    assert EqualityIndexYear.objects.filter(live=True).count() == 1


@BAD_INPUT
@given(suffix=st.text(alphabet=string.printable, min_size=1, max_size=40))
def test_export_lookalike_addresses_answer_a_french_404(client, demo_site, suffix):
    path = "/index-egalite/donnees." + quote(suffix, safe="")

    response = client.get(path)

    assert_handled(response, path)
    if suffix not in {"csv", "json"}:
        assert response.status_code in {301, 302, 404}


# --- Rich text that is not the editor's JSON --------------------------------------------

NULL_CHARACTERS_REFUSED = (
    "Le caractère nul n\u2019est pas autorisé."  # Django's typographic apostrophe
)


@pytest.mark.parametrize("garbage", ["pas du JSON", "-1", '{"blocks": 3}', "[]", "\ufeff{}"])
def test_index_form_refuses_rich_text_that_is_not_the_editors(communication_client, garbage):
    data = {**year_form_data(), "corrective_measures_text": garbage}

    response = communication_client.post(reverse(f"{INDEX_ADMIN}:add"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert NULL_CHARACTERS_REFUSED in errors["corrective_measures_text"]
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()


def is_draftail_json(value):
    try:
        return "blocks" in json.loads(value)
    except (TypeError, ValueError):
        return False


def test_page_editor_refuses_rich_text_that_is_not_the_editors(admin_client, demo_site):
    from .admin_forms import page_edit_post_data

    page = demo_site["le-projet"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = admin_client.get(edit_url).content.decode()
    data = page_edit_post_data(html, page)
    rich_text_keys = [key for key, value in data.items() if is_draftail_json(value)]
    assert rich_text_keys, "the page has no rich text paragraph to tamper with"
    data[rich_text_keys[0]] = "pas du JSON"
    revisions = page.revisions.count()

    response = admin_client.post(edit_url, data)

    assert response.status_code == 200
    body_error = response.context["form"].errors["body"].as_data()[0]
    assert NULL_CHARACTERS_REFUSED in json.dumps(body_error.as_json_data(), ensure_ascii=False)
    assert page.revisions.count() == revisions
