"""The communication team publishes a new year of the index, as a person would."""

import re

import pytest
from django.contrib.auth.models import Group

from equality_index.models import EqualityIndexYear

from .conftest import assert_no_axe_violations

PASSWORD = "un-mot-de-passe-de-test-assez-long"


@pytest.fixture
def communication_member(live_site, django_user_model):
    user = django_user_model.objects.create_user(
        username="camille", email="camille@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Communication"))
    return user


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("identifier", re.I)).click()
    page.wait_for_url(f"{base_url}/admin/")


def fill_year_2026(page):
    """A 50-250 year worked out by hand: 33 + 35 (corrected) + 15 + 10 = 93/100."""
    page.fill("#id_publication_year", "2026")
    page.fill("#id_data_year", "2025")
    page.select_option("#id_workforce_range", "50:250")
    page.select_option("#id_scope", "ues")
    page.fill("#id_scope_description", "Les coopératives de l'UES et leurs salarié·es.")
    page.select_option("#id_remunerations_status", "calculable")
    page.fill("#id_remunerations_result", "6.1")
    page.select_option("#id_remunerations_favorable_population", "men")
    page.select_option("#id_salary_raises_and_promotions_status", "calculable")
    page.fill("#id_salary_raises_and_promotions_result", "4.6")
    page.fill("#id_salary_raises_and_promotions_employees_count_result", "1.7")
    page.select_option("#id_salary_raises_and_promotions_favorable_population", "women")
    page.select_option("#id_maternity_leaves_status", "calculable")
    page.fill("#id_maternity_leaves_result", "100")
    page.fill("#id_high_remunerations_result", "4")
    page.select_option("#id_high_remunerations_favorable_population", "men")


def test_communication_member_enters_previews_and_publishes_a_new_year(
    live_site, communication_member, new_page
):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_site, "camille")

    # The dashboard says this year's index is not out yet.
    assert "Index de l'égalité" in page.content().replace("&#x27;", "'")

    page.goto(f"{live_site}/admin/snippets/equality_index/equalityindexyear/add/")
    fill_year_2026(page)
    page.get_by_role("button", name=re.compile("Enregistrer le brouillon", re.I)).click()
    page.wait_for_url(re.compile(r".*/edit/\d+/$"))

    # The computed points are shown to the team, never typed in.
    computed = page.locator("text=Points calculés selon les barèmes officiels").locator("..")
    assert "93 points sur 100" in computed.inner_text()
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert not year.live

    # Preview: the public rendering of the year, in the side panel.
    page.locator("button[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("iframe").first
    preview.get_by_text("Index 2026, au titre des données 2025").wait_for()
    assert "33 sur 40" in preview.locator("body").inner_text()

    # Nothing is public yet.
    visitor = new_page()
    visitor.goto(f"{live_site}/index-egalite/")
    assert "Index 2026" not in visitor.content()

    # Publish, from the actions menu of the editor's footer.
    page.get_by_role("button", name=re.compile("Plus d.actions", re.I)).first.click()
    page.get_by_role("button", name=re.compile("^Publier", re.I)).click()
    page.wait_for_url(re.compile(r".*/equalityindexyear/$"))
    year.refresh_from_db()
    assert year.live and year.index == 93

    visitor.goto(f"{live_site}/index-egalite/")
    body = visitor.locator("main").inner_text()
    assert "Index 2026, au titre des données 2025" in body
    assert "93" in visitor.locator(".index-score").first.inner_text()
    # The previous year stays in the history.
    history = visitor.locator("table", has_text="Index publiés, par année").inner_text()
    assert "2023" in history and "82/100" in history and "93/100" in history

    visitor.goto(f"{live_site}/")
    teaser = visitor.locator(".index-teaser").inner_text()
    assert "93/100" in teaser and "2026" in teaser

    # The full breakdown is held to the same accessibility bar as every page.
    checker = new_page(bypass_csp=True)
    checker.goto(f"{live_site}/index-egalite/")
    assert_no_axe_violations(checker)


def publish_2026_with_its_breakdown():
    """The 2026 year of fill_year_2026, published: its breakdown makes the widest history row."""
    year = EqualityIndexYear(
        publication_year=2026,
        data_year=2025,
        workforce_range="50:250",
        scope="ues",
        scope_description="Les coopératives de l'UES et leurs salarié·es.",
        remunerations_status="calculable",
        remunerations_result="6.1",
        remunerations_favorable_population="men",
        salary_raises_and_promotions_status="calculable",
        salary_raises_and_promotions_result="4.6",
        salary_raises_and_promotions_employees_count_result="1.7",
        salary_raises_and_promotions_favorable_population="women",
        maternity_leaves_status="calculable",
        maternity_leaves_result=100,
        high_remunerations_result=4,
        high_remunerations_favorable_population="men",
    )
    year.save()
    year.save_revision().publish()


# The size each chart label is drawn at on screen: its font size times the SVG's scale.
CHART_LABEL_SIZES_JS = """
() => [...document.querySelectorAll("figure.chart svg text")].map(text => ({
  text: text.textContent.trim(),
  px: text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize),
}))
"""


def test_index_page_fits_a_phone_with_readable_chart_labels(live_site, new_page):
    publish_2026_with_its_breakdown()
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{live_site}/index-egalite/")

    widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    labels = phone.evaluate(CHART_LABEL_SIZES_JS)
    assert {label["text"] for label in labels} >= {"2023", "2026", "82", "93", "100"}
    too_small = [label for label in labels if label["px"] < 12]
    assert not too_small, f"chart labels under 12 px at 390 px: {too_small}"
    # The history table is whole on the screen, inside its focusable scrolling region.
    region = phone.get_by_role("region", name="Tableau des index publiés")
    assert region.get_attribute("tabindex") == "0"
    clipped = region.evaluate("el => el.scrollWidth - el.clientWidth")
    assert clipped <= 1, f"the history table is cut off by {clipped} px"
    history = region.inner_text()
    assert "2026" in history and "93/100" in history and "Rémunérations" in history

    checker = new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    checker.goto(f"{live_site}/index-egalite/")
    assert_no_axe_violations(checker)
