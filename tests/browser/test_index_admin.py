"""The index admin form in a real Chromium (French locale): where the browser is the cause.

Typing "7,8" in a French browser, the panels that follow the workforce range and
the points recomputed as the team types all happen in the browser, so they are
tested there; the server's side of each is in tests/test_index_admin.py.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from equality_index.models import EqualityIndexYear

from .conftest import LOCALE, assert_no_axe_violations
from .test_index_publication import PASSWORD, fill_year_2026, log_in

ADD_URL = "/admin/snippets/equality_index/equalityindexyear/add/"
DESKTOP = {"width": 1280, "height": 900}
SMALL_RANGE_ONLY = "section[data-index-ranges='50:250']"
LARGE_RANGES_ONLY = "section[data-index-ranges='251:999 1000:']"


@pytest.fixture
def team_member(live_site, django_user_model):
    user = django_user_model.objects.create_user(
        username="dominique", email="dominique@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Communication"))
    return user


@pytest.fixture
def admin_form(live_site, team_member, new_page):
    """The form for a new index year, logged in as a member of the Communication group."""
    page = new_page(viewport=DESKTOP)
    log_in(page, live_site, "dominique")
    page.goto(live_site + ADD_URL)
    return page


def hidden_states(page, selector):
    return page.locator(selector).evaluate_all("sections => sections.map(s => s.hidden)")


def save_draft(page):
    page.get_by_role("button", name=re.compile("Enregistrer le brouillon", re.I)).click()
    page.wait_for_url(re.compile(r".*/edit/\d+/$"))


def test_a_decimal_comma_typed_in_a_french_chromium_is_read_as_such(admin_form):
    page = admin_form
    assert page.evaluate("navigator.language") == LOCALE
    fill_year_2026(page)
    pay_gap = page.locator("#id_remunerations_result")
    pay_gap.fill("")
    pay_gap.press_sequentially("7,8")  # key by key, as a person types it
    assert pay_gap.input_value() == "7,8"
    employees = page.locator("#id_salary_raises_and_promotions_employees_count_result")
    employees.fill("")
    employees.press_sequentially("1.7")

    save_draft(page)

    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert year.remunerations_result == Decimal("7.8")  # 31 points, not the 0 of 78 %
    assert year.salary_raises_and_promotions_employees_count_result == Decimal("1.7")
    assert year.remunerations_score == 31
    assert page.locator("#id_remunerations_result").input_value() == "7,8"


def test_only_the_indicators_of_the_chosen_range_are_shown(admin_form):
    page = admin_form
    # No range yet: nothing to hide.
    assert hidden_states(page, SMALL_RANGE_ONLY) == [False]
    assert hidden_states(page, LARGE_RANGES_ONLY) == [False, False]

    page.select_option("#id_workforce_range", "50:250")
    assert hidden_states(page, SMALL_RANGE_ONLY) == [False]
    assert hidden_states(page, LARGE_RANGES_ONLY) == [True, True]
    assert not page.locator("#id_promotions_result").is_visible()

    page.select_option("#id_workforce_range", "1000:")
    assert hidden_states(page, SMALL_RANGE_ONLY) == [True]
    assert hidden_states(page, LARGE_RANGES_ONLY) == [False, False]
    assert page.locator("#id_promotions_result").is_visible()


def test_a_panel_of_another_range_holding_values_stays_with_a_warning(admin_form):
    page = admin_form
    page.select_option("#id_workforce_range", "251:999")
    page.fill("#id_promotions_result", "2")

    page.select_option("#id_workforce_range", "50:250")

    promotions = page.locator(LARGE_RANGES_ONLY).nth(1)
    assert promotions.is_visible(), "hidden with a value the server will refuse"
    assert "ne s'applique pas aux entreprises de 50 à 250 salariés" in promotions.inner_text()
    assert hidden_states(page, LARGE_RANGES_ONLY) == [True, False]

    page.fill("#id_promotions_result", "")
    page.select_option("#id_workforce_range", "50:250")
    assert hidden_states(page, LARGE_RANGES_ONLY) == [True, True]


def test_the_points_are_recomputed_as_the_team_types(admin_form):
    page = admin_form
    points = page.locator("[data-index-live-output]")
    fill_year_2026(page)

    page.wait_for_function(
        "() => document.querySelector('[data-index-live-output]')"
        ".textContent.includes('93 points sur 100')"
    )
    assert "saisie en cours" in points.inner_text()

    # 20,1 % for men, raises for men too: 0 + 35 + 15 + 10 = 60, under 75.
    page.select_option("#id_salary_raises_and_promotions_favorable_population", "men")
    page.fill("#id_remunerations_result", "20,1")
    page.wait_for_function(
        "() => document.querySelector('[data-index-live-output]').textContent.includes('60/100')"
    )
    assert "mesures de correction" in points.inner_text()

    page.fill("#id_remunerations_result", "78")
    page.wait_for_function(
        "() => document.querySelector('[data-index-live-output]').textContent"
        ".includes('À corriger')"
    )
    assert "compris entre 0 et 50 %" in points.inner_text()
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()


def test_the_form_without_javascript_shows_every_indicator(browser, live_site, team_member):
    context = browser.new_context(locale=LOCALE, viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_site}/admin/login/")
        page.fill("#id_username", "dominique")
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_url(f"{live_site}/admin/")
        page.goto(live_site + ADD_URL)
        assert hidden_states(page, "section[data-index-ranges]") == [False, False, False]
    finally:
        context.close()


def test_the_enhanced_form_and_the_dashboard_have_no_axe_violations(
    live_site, team_member, new_page
):
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    log_in(page, live_site, "dominique")
    assert page.locator("#index-egalite-statut").is_visible()
    assert_no_axe_violations(page)

    page.goto(live_site + ADD_URL)
    page.select_option("#id_workforce_range", "251:999")
    page.fill("#id_promotions_result", "1e3")
    page.wait_for_function(
        "() => document.querySelector('[data-index-live-output]').textContent"
        ".includes('À corriger')"
    )
    assert_no_axe_violations(page)


def test_a_form_sent_back_with_errors_shows_them_in_the_points_panel(admin_form):
    page = admin_form
    fill_year_2026(page)
    page.fill("#id_remunerations_result", "78")
    save_button = page.get_by_role("button", name=re.compile("Enregistrer le brouillon", re.I))
    save_button.click()
    page.wait_for_load_state()

    banner = page.locator(".messages").inner_text()
    assert "Indicateur « Écart de rémunération », champ « Résultat »" in banner
    page.wait_for_function(
        "() => document.querySelector('[data-index-live-output]').textContent"
        ".includes('À corriger')"
    )
    assert page.locator("#id_remunerations_result").input_value() == "78"
