"""The index from the payroll file, as the communication team does it in a real Chromium.

From a draft year: « Calculer à partir des effectifs », the template downloaded, a
file uploaded, the result read (with the group that does not count, and why),
« Utiliser ces résultats », the year's fields filled, published, on the public page.
And a file with bad rows: every one listed with its line, nothing imported. The
server's side of each step is in tests/test_index_from_payroll.py.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from equality_index.models import EqualityIndexYear, PayTransparencyYear

from ..test_index_from_payroll import as_csv, staff
from ..test_pay_transparency_year import workers_csv
from .conftest import assert_no_axe_violations
from .test_index_publication import PASSWORD, log_in

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def team_member(live_site, django_user_model):
    user = django_user_model.objects.create_user(
        username="sacha", email="sacha@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Communication"))
    return user


@pytest.fixture
def draft_2027(live_site):
    year = EqualityIndexYear(
        publication_year=2027,
        data_year=2026,
        scope="entity",
        scope_description="Smart en France et ses salarié·es permanents.",
    )
    year.save()
    year.save_revision()
    return year


@pytest.fixture
def admin_page(live_site, team_member, new_page):
    # The CSP is bypassed only so that axe-core can be injected (tests/browser/conftest.py).
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    log_in(page, live_site, "sacha")
    return page


def open_the_calculation(page, live_site, year):
    page.goto(f"{live_site}/admin/snippets/equality_index/equalityindexyear/edit/{year.pk}/")
    page.get_by_role("link", name="Calculer à partir des effectifs").click()
    page.wait_for_url(re.compile(r".*/index-egalite/\d+/effectifs/$"))


def test_the_import_journey_from_the_file_to_the_published_year(
    live_site, admin_page, draft_2027, new_page, tmp_path
):
    page = admin_page
    open_the_calculation(page, live_site, draft_2027)
    assert "jamais enregistré" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # The template, downloaded as a person would.
    with page.expect_download() as download:
        page.get_by_role("link", name="modèle CSV").click()
    template = download.value
    assert template.suggested_filename == "modele-salaries.csv"
    header = Path(template.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("sexe;csp;age;tranche_age;")

    # Filled in, saved as a CSV, uploaded.
    payroll = tmp_path / "salaries-2026.csv"
    payroll.write_bytes(as_csv(staff()))
    page.set_input_files("#id_fichier", str(payroll))
    page.get_by_role("button", name="Importer et calculer").click()
    page.wait_for_load_state()

    result = page.locator("section", has_text="Résultat du calcul").first
    text = result.inner_text()
    assert "89/100" in text
    group = result.locator("tr", has_text="Ingénieurs et cadres, 50 ans et plus")
    assert "Ne compte pas : moins de 3 hommes" in group.inner_text()
    assert "rien n'est encore enregistré" in text
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).points is None
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Utiliser ces résultats").click()
    page.wait_for_url(re.compile(r".*/equalityindexyear/edit/\d+/$"))
    assert (
        "sont reportés dans le brouillon de l'index 2027 (89/100)"
        in page.locator(".messages").inner_text()
    )
    assert page.locator("#id_workforce_range").input_value() == "50:250"
    assert page.locator("#id_remunerations_status").input_value() == "calculable"
    assert page.locator("#id_remunerations_result").input_value() == "1"
    assert page.locator("#id_remunerations_favorable_population").input_value() == "men"
    assert page.locator("#id_salary_raises_and_promotions_result").input_value() == "17,9"
    assert (
        page.locator("#id_salary_raises_and_promotions_employees_count_result").input_value()
        == "4,3"
    )
    assert page.locator("#id_maternity_leaves_result").input_value() == "100"
    assert page.locator("#id_high_remunerations_result").input_value() == "4"
    assert page.locator("#id_headcount").input_value() == "50"

    # Published from the editor's footer, as any year.
    page.get_by_role("button", name=re.compile("Plus d.actions", re.I)).first.click()
    page.get_by_role("button", name=re.compile("^Publier", re.I)).click()
    page.wait_for_url(re.compile(r".*/equalityindexyear/$"))
    year = EqualityIndexYear.objects.get(pk=draft_2027.pk)
    assert year.live and year.index == 89

    visitor = new_page()
    visitor.goto(f"{live_site}/index-egalite/")
    body = visitor.locator("main").inner_text()
    assert "Index 2027, au titre des données 2026" in body
    assert "89" in visitor.locator(".index-score").first.inner_text()
    # Nothing of the group detail is public.
    assert "Ingénieurs et cadres" not in body and "Ne compte pas" not in body

    # The printable summary for the declaration, in the same order as the Ministry's form.
    page.goto(f"{live_site}/admin/index-egalite/{year.pk}/declaration/")
    assert (
        "Déclaration de l'index de l'égalité professionnelle 2027"
        in page.locator("main").inner_text()
    )
    page.emulate_media(media="print")
    assert not page.locator("[data-index-print]").is_visible()
    assert not page.locator("#wagtail-sidebar").is_visible()
    assert page.get_by_text("Le niveau de résultat").is_visible()
    page.emulate_media(media="screen")
    assert_no_axe_violations(page)


def test_a_file_with_bad_rows_lists_each_with_its_line_and_imports_nothing(
    live_site, admin_page, draft_2027, tmp_path
):
    page = admin_page
    open_the_calculation(page, live_site, draft_2027)
    rows = staff()
    rows[4]["csp"] = "direction"  # line 6
    rows[20]["augmentation"] = "peut-être"  # line 22
    payroll = tmp_path / "salaries-erreurs.csv"
    payroll.write_bytes(as_csv(rows))

    page.set_input_files("#id_fichier", str(payroll))
    page.get_by_role("button", name="Importer et calculer").click()
    page.wait_for_load_state()

    refused = page.locator(".index-refused").inner_text()
    assert "2 lignes refusées : rien n'a été importé." in refused
    assert "Ligne 6, colonne « csp »" in refused
    assert "Ligne 22, colonne « augmentation »" in refused
    assert "direction" not in refused and "peut-être" not in refused
    assert page.get_by_role("button", name="Utiliser ces résultats").count() == 0
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).workforce_tables is None
    assert_no_axe_violations(page)


def test_the_typed_tables_show_only_the_sections_of_the_range_and_the_mode(
    live_site, admin_page, draft_2027
):
    page = admin_page
    open_the_calculation(page, live_site, draft_2027)
    small = page.locator("fieldset[data-tables-ranges='50:250']")
    large = page.locator("fieldset[data-tables-ranges='251:999 1000:']")
    levels = page.locator("fieldset[data-tables-modes='branch_levels other_levels']")
    form = page.locator("form[data-workforce-tables]")

    form.locator("[name=workforce_range]").select_option("50:250")
    assert small.is_visible() and not large.first.is_visible() and not levels.is_visible()
    form.locator("[name=workforce_range]").select_option("1000:")
    form.locator("[name=pay_mode]").select_option("other_levels")
    assert not small.is_visible() and large.first.is_visible() and levels.is_visible()
    assert_no_axe_violations(page)


def test_the_transparency_pages_have_no_axe_violations(live_site, admin_page, new_page, tmp_path):
    record = PayTransparencyYear(
        reference_year=2026,
        scope_description="Smart en France.",
        mean_gap_annual="45.5",  # the longest bars, each way: their values must stay whole
        mean_gap_hourly="3.2",
        variable_mean_gap=-48,
        median_gap_annual="2.1",
        median_gap_hourly="-1.5",
        variable_median_gap=0,
        variable_pay_share_women=35,
        variable_pay_share_men=42,
        quartile_1_women=58,
        quartile_1_men=42,
        quartile_2_women=52,
        quartile_2_men=48,
        quartile_3_women=47,
        quartile_3_men=53,
        quartile_4_women=38,
        quartile_4_men=62,
    )
    record.save()
    record.save_revision()
    page = admin_page
    page.goto(f"{live_site}/admin/snippets/equality_index/paytransparencyyear/edit/{record.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Calculer ou vérifier à partir du fichier des salarié·es").click()
    payroll = tmp_path / "transparence.csv"
    payroll.write_bytes(workers_csv())
    page.set_input_files("#id_fichier", str(payroll))
    page.get_by_role("button", name="Importer et calculer").click()
    page.wait_for_load_state()
    assert "(g) Écarts par catégorie de travailleurs" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    record.save_revision().publish()
    phone = new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    phone.goto(f"{live_site}/index-egalite/")
    section = phone.locator("section", has=phone.locator("#transparence-2026"))
    assert "publiés par anticipation" in section.inner_text()
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll("figure.chart svg text")].map(
            text => text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize))"""
    )
    assert min(sizes) >= 12
    # Every label and value of the charts is whole on the phone, none cut at the edge.
    cut = phone.evaluate(
        """() => [...document.querySelectorAll("figure.chart svg text")].filter(text => {
            const box = text.getBoundingClientRect();
            const svg = text.ownerSVGElement.getBoundingClientRect();
            return box.left < svg.left - 1 || box.right > svg.right + 1;
        }).map(text => text.textContent)"""
    )
    assert not cut, f"chart labels cut at 390 px: {cut}"
    assert_no_axe_violations(phone)
