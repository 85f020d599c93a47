"""The equality index as the communication team uses it and as visitors read it."""

import csv
import datetime
import io
import json
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from equality_index.models import EqualityIndexPage, EqualityIndexYear

ADMIN = "wagtailsnippets_equality_index_equalityindexyear"


def year_form_data(**overrides):
    """A complete year for 50-250 employees, worked out by hand from the spec:

    pay gap 6.1 % for men -> 33; raises 4.6 % / 1.7 employees for women, the other
    sex than indicator 1 -> corrected to 35; maternity 100 % -> 15; top 10: 4 -> 10.
    93 points out of 100 computable: index 93, nothing further required.
    """
    data = {
        "publication_year": "2026",
        "data_year": "2025",
        "publication_date": "",
        "workforce_range": "50:250",
        "scope": "ues",
        "scope_description": "Les coopératives de l'UES, salarié·es présents toute l'année.",
        "breakdown_known": "on",
        "published_index": "",
        "remunerations_status": "calculable",
        "remunerations_result": "6.1",
        "remunerations_favorable_population": "men",
        "remunerations_objective": "",
        "salary_raises_status": "",
        "salary_raises_result": "",
        "salary_raises_favorable_population": "",
        "salary_raises_objective": "",
        "promotions_status": "",
        "promotions_result": "",
        "promotions_favorable_population": "",
        "promotions_objective": "",
        "salary_raises_and_promotions_status": "calculable",
        "salary_raises_and_promotions_result": "4.6",
        "salary_raises_and_promotions_employees_count_result": "1.7",
        "salary_raises_and_promotions_favorable_population": "women",
        "salary_raises_and_promotions_objective": "",
        "maternity_leaves_status": "calculable",
        "maternity_leaves_result": "100",
        "maternity_leaves_objective": "",
        "high_remunerations_result": "4",
        "high_remunerations_favorable_population": "men",
        "high_remunerations_objective": "",
        "corrective_measures": "",
        "corrective_measures_text": rich_text(""),
    }
    data.update(overrides)
    return data


# Pay gap 12.0 % for men -> 23 points, and raises favouring men too (no correction):
# 4.6 % -> 25, 1.7 employees -> 35, the better counts -> 35. 23 + 35 + 15 + 10 = 83.
UNDER_85 = {
    "remunerations_result": "12.0",
    "salary_raises_and_promotions_favorable_population": "men",
}
# Pay gap 20.1 % -> 0 points: 0 + 35 + 15 + 10 = 60, under 75.
UNDER_75 = {
    "remunerations_result": "20.1",
    "salary_raises_and_promotions_favorable_population": "men",
}


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user(
        username="communication", email="com@example.org", password="unused-in-tests"
    )
    user.groups.add(Group.objects.get(name="Communication"))
    return user


@pytest.fixture
def communication_client(client, communication_user):
    client.force_login(communication_user)
    return client


def publish_via_admin(client, **overrides):
    data = year_form_data(**overrides)
    data["action-publish"] = "action-publish"
    return client.post(reverse(f"{ADMIN}:add"), data)


def form_errors(response):
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- Computation and storage ---------------------------------------------------------------


@pytest.mark.django_db
def test_points_are_computed_from_the_results_and_stored(communication_client):
    response = publish_via_admin(communication_client)
    assert response.status_code == 302, form_errors(response)
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert year.live
    assert (year.remunerations_score, year.salary_raises_and_promotions_score) == (33, 35)
    assert (year.maternity_leaves_score, year.high_remunerations_score) == (15, 10)
    assert (year.points, year.computable_points, year.index) == (93, 100, 93)
    assert year.salary_raises_score is None and year.promotions_score is None
    assert year.publication_date == timezone.localdate()


@pytest.mark.django_db
def test_points_cannot_be_typed_in(communication_client):
    response = publish_via_admin(communication_client, points="100", index="100")
    assert response.status_code == 302
    assert EqualityIndexYear.objects.get(publication_year=2026).index == 93


@pytest.mark.django_db
def test_published_figure_does_not_change_when_the_scales_do(
    communication_client, client, demo_site, monkeypatch
):
    publish_via_admin(communication_client)
    monkeypatch.setattr(
        "equality_index.scoring.score_results", lambda results: pytest.fail("recomputed")
    )
    client.logout()
    html = client.get("/index-egalite/").content.decode()
    assert "Index 2026, au titre des données 2025" in html
    assert "93 points sur 100" in html


@pytest.mark.django_db
def test_a_draft_may_be_incomplete_but_is_not_published(communication_client):
    data = year_form_data(remunerations_result="", maternity_leaves_status="")
    response = communication_client.post(reverse(f"{ADMIN}:add"), data)
    assert response.status_code == 302
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert not year.live and year.index is None
    assert "Écart de rémunération" in " ".join(year.missing_data())


# --- Publishing is held to the law ---------------------------------------------------------


@pytest.mark.django_db
def test_publishing_refused_under_85_without_objectives(communication_client):
    response = publish_via_admin(communication_client, **UNDER_85)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Publication refusée" in errors
    assert "objectif de progression est obligatoire" in errors
    assert "Écart de rémunération" in errors
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()
    # Nothing typed is lost: the form comes back with the team's values.
    assert 'value="12.0"' in response.content.decode()


@pytest.mark.django_db
def test_publishing_accepted_under_85_with_the_objectives(communication_client):
    response = publish_via_admin(
        communication_client,
        remunerations_objective="Réduire l'écart de rémunération à moins de 5 % en 2028.",
        **UNDER_85,
    )
    assert response.status_code == 302, form_errors(response)
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert year.live and year.index == 83
    assert year.progression_objectives_required and not year.corrective_measures_required


@pytest.mark.django_db
def test_publishing_refused_under_75_without_corrective_measures(communication_client):
    response = publish_via_admin(
        communication_client, remunerations_objective="Un objectif.", **UNDER_75
    )
    assert response.status_code == 200
    errors = form_errors(response)
    assert "mesures de correction" in errors
    response = publish_via_admin(
        communication_client,
        remunerations_objective="Un objectif.",
        corrective_measures="me",
        corrective_measures_text=rich_text("<p>Revoir la grille des salaires.</p>"),
        **UNDER_75,
    )
    assert response.status_code == 302, form_errors(response)
    assert EqualityIndexYear.objects.get(publication_year=2026).index == 60


@pytest.mark.django_db
def test_before_the_2021_indicators_no_objective_is_due_and_the_measures_are_not_published(
    communication_client,
):
    # Loi 2021-1774: objectives, and publishing the measures, from the 2021 indicators on.
    data_2019 = {"publication_year": "2020", "data_year": "2019"}
    response = publish_via_admin(communication_client, **data_2019, **UNDER_85)
    assert response.status_code == 302, form_errors(response)
    year = EqualityIndexYear.objects.get(publication_year=2020)
    assert year.live and year.index == 83 and not year.progression_objectives_required

    data_2018 = {"publication_year": "2019", "data_year": "2018"}
    response = publish_via_admin(communication_client, **data_2018, **UNDER_75)
    assert "indiquez les mesures de correction" in form_errors(response)  # still due
    response = publish_via_admin(
        communication_client, **data_2018, **UNDER_75, corrective_measures="mmo"
    )
    assert response.status_code == 302, form_errors(response)
    assert EqualityIndexYear.objects.get(publication_year=2019).index == 60


@pytest.mark.django_db
def test_model_refuses_to_publish_what_the_law_forbids_whatever_the_path():
    year = EqualityIndexYear(
        publication_year=2026,
        data_year=2025,
        workforce_range="50:250",
        scope="ues",
        scope_description="UES",
        **{
            key: value
            for key, value in {
                "remunerations_status": "calculable",
                "remunerations_result": 12,
                "remunerations_favorable_population": "men",
                "salary_raises_and_promotions_status": "calculable",
                "salary_raises_and_promotions_result": "4.6",
                "salary_raises_and_promotions_employees_count_result": "1.7",
                "salary_raises_and_promotions_favorable_population": "men",
                "maternity_leaves_status": "calculable",
                "maternity_leaves_result": 100,
                "high_remunerations_result": 4,
                "high_remunerations_favorable_population": "men",
            }.items()
        },
    )
    year.save()
    with pytest.raises(ValidationError, match="objectif de progression"):
        year.save_revision().publish()
    year.refresh_from_db()
    assert not year.live


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("remunerations_result", "-1", "en valeur absolue, sans signe moins"),
        ("maternity_leaves_result", "120", "compris entre 0 et 100 %"),
        ("high_remunerations_result", "6", "compris entre 0 et 5"),
        ("data_year", "2024", "sont celles de 2025"),
    ],
)
def test_bad_input_gets_a_french_error_and_keeps_the_form(
    communication_client, field, value, message
):
    response = communication_client.post(reverse(f"{ADMIN}:add"), year_form_data(**{field: value}))
    assert response.status_code == 200
    assert message in form_errors(response)
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()
    assert "Les coopératives de l&#x27;UES" in response.content.decode()


@pytest.mark.django_db
def test_a_draft_may_lack_the_favoured_population_but_publishing_asks_for_it(
    communication_client,
):
    # Deliberately changed: a draft may be incomplete, and a favoured sex not chosen
    # yet is incomplete data, not a wrong one (it used to refuse the draft).
    data = year_form_data(remunerations_favorable_population="")
    assert communication_client.post(reverse(f"{ADMIN}:add"), data).status_code == 302
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert year.index is None and not year.live
    response = communication_client.post(
        reverse(f"{ADMIN}:edit", args=[year.pk]), {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert (
        "il manque la population favorisée (les hommes ou les femmes) de l'indicateur "
        "« Écart de rémunération »" in form_errors(response)
    )


@pytest.mark.django_db
def test_indicators_of_another_size_range_are_refused(communication_client):
    response = communication_client.post(
        reverse(f"{ADMIN}:add"),
        year_form_data(promotions_status="calculable", promotions_result="1"),
    )
    assert response.status_code == 200
    assert "ne s'appliquent pas à cette tranche" in form_errors(response)


@pytest.mark.django_db
def test_one_year_one_record(communication_client):
    publish_via_admin(communication_client)
    response = publish_via_admin(communication_client)
    assert response.status_code == 200
    assert "existe déjà pour cette année" in form_errors(response)
    assert EqualityIndexYear.objects.filter(publication_year=2026).count() == 1


@pytest.mark.django_db
def test_a_year_known_only_by_its_total(demo_site, client):
    year = EqualityIndexYear.objects.get(publication_year=2023)
    assert (year.index, year.data_year, year.breakdown_known) == (82, 2022, False)
    assert year.remunerations_score is None and year.points is None
    html = client.get("/index-egalite/").content.decode()
    assert "Index 2023, au titre des données 2022" in html
    assert "n'est pas disponible" in html.replace("&#x27;", "'")


@pytest.mark.django_db
def test_total_only_requires_the_published_total():
    year = EqualityIndexYear(publication_year=2021, data_year=2020, breakdown_known=False)
    with pytest.raises(ValidationError, match="index tel qu'il a été publié"):
        year.full_clean()


# --- Scheduling -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_scheduled_publishing_goes_live_at_its_time(communication_client, client, demo_site):
    go_live = timezone.now() + datetime.timedelta(days=3)
    data = year_form_data(go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "action-publish"
    response = communication_client.post(reverse(f"{ADMIN}:add"), data)
    assert response.status_code == 302, form_errors(response)
    year = EqualityIndexYear.objects.get(publication_year=2026)
    assert not year.live and year.scheduled_revision is not None

    call_command("publish_scheduled")
    year.refresh_from_db()
    assert not year.live, "published before its time"
    client.logout()
    assert "Index 2026" not in client.get("/index-egalite/").content.decode()

    # Three days later, the scheduler's run (a cron job in production) publishes it.
    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    year.refresh_from_db()
    assert year.live and year.index == 93
    assert "Index 2026, au titre des données 2025" in client.get("/index-egalite/").content.decode()


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.django_db
def test_communication_group_cannot_edit_pages(communication_client, demo_site):
    page = demo_site["histoire"]
    response = communication_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_page_editors_cannot_publish_an_index(client, django_user_model):
    editor = django_user_model.objects.create_user(username="editor", password="unused-in-tests")
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    response = publish_via_admin(client)
    assert response.status_code in (302, 403)
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()
    assert not editor.has_perm("equality_index.publish_equalityindexyear")


@pytest.mark.django_db
def test_communication_group_may_not_delete_a_published_index():
    group = Group.objects.get(name="Communication")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "add_equalityindexyear",
        "change_equalityindexyear",
        "publish_equalityindexyear",
    } <= codenames
    assert "delete_equalityindexyear" not in codenames
    assert not any(name.endswith("_page") for name in codenames)


# --- What visitors see ----------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_unpublished_shows_anywhere(communication_client, client, demo_site):
    draft = year_form_data(publication_year="2027", data_year="2026")
    assert communication_client.post(reverse(f"{ADMIN}:add"), draft).status_code == 302
    # A live year with a newer, unpublished revision: visitors see the live one.
    publish_via_admin(communication_client)
    year = EqualityIndexYear.objects.get(publication_year=2026)
    edit = year_form_data(remunerations_result="19.0")
    communication_client.post(reverse(f"{ADMIN}:edit", args=[year.pk]), edit)
    client.logout()
    for url in (
        "/",
        "/index-egalite/",
        "/index-egalite/donnees.csv",
        "/index-egalite/donnees.json",
    ):
        body = client.get(url).content.decode()
        assert "2027" not in body, url
    page = client.get("/index-egalite/").content.decode()
    assert "93 points sur 100" in page
    exported = json.loads(client.get("/index-egalite/donnees.json").content)
    assert {row["annee_publication"] for row in exported["lignes"]} == {2023, 2026}
    assert {row["index"] for row in exported["lignes"] if row["annee_publication"] == 2026} == {93}


@pytest.mark.django_db
def test_index_page_shows_latest_year_breakdown_history_and_chart(
    communication_client, client, demo_site
):
    publish_via_admin(communication_client)
    client.logout()
    response = client.get("/index-egalite/")
    html = response.content.decode()
    latest = html.index("Index 2026, au titre des données 2025")
    assert latest < html.index("Historique des index publiés")
    assert (
        "33 sur 40" in html and "35 sur 35" in html and "15 sur 15" in html and "10 sur 10" in html
    )
    assert "<svg" in html and 'role="img"' in html and "<title" in html
    # The chart has a text equivalent: the history table with every year.
    assert "82/100" in html and "93/100" in html
    assert "travail-emploi.gouv.fr" in html
    assert 'y="24.0"' in html or 'y="24"' in html, "SVG coordinates must not be localised"


@pytest.mark.django_db
def test_not_computable_indicator_shows_why(communication_client, client, demo_site):
    response = publish_via_admin(
        communication_client,
        maternity_leaves_status="absrcm",
        maternity_leaves_result="",
    )
    assert response.status_code == 302, form_errors(response)
    html = client.get("/index-egalite/").content.decode().replace("&#x27;", "'")
    assert "Non calculable : absence de retour de congé maternité ou d'adoption" in html
    # 33 + 35 + 10 = 78 out of 85 computable -> 92 (91.76 rounded half up).
    assert EqualityIndexYear.objects.get(publication_year=2026).index == 92


@pytest.mark.django_db
def test_home_page_shows_latest_result_and_footer_links_index(
    communication_client, client, demo_site
):
    html = client.get("/").content.decode()
    assert "82/100" in html and 'href="/index-egalite/"' in html
    publish_via_admin(communication_client)
    client.logout()
    html = client.get("/").content.decode()
    assert "93/100" in html and "en 2026" in html
    history = client.get("/qui-sommes-nous/histoire/").content.decode()
    assert 'href="/index-egalite/"' in history


@pytest.mark.django_db
def test_csv_export_has_one_row_per_year_and_indicator(communication_client, client, demo_site):
    publish_via_admin(communication_client)
    lines = client.get("/index-egalite/donnees.csv").content.decode().strip().splitlines()
    assert lines[0].startswith("annee_publication,annee_donnees")
    assert len(lines) == 1 + 4 + 1  # header, 4 indicators of 2026, the 2023 total
    assert any(line.startswith("2026,2025,") and ",remunerations," in line for line in lines)


# A 2026 under 75 with everything the law asks to publish, and formula bait in its texts.
PUBLISHED_UNDER_75 = {
    **UNDER_75,
    "scope_description": '=HYPERLINK("http://example.org")',
    "remunerations_objective": "+ 2 points en 2027 ; écart ramené sous 15 %.",
    "salary_raises_and_promotions_objective": "-1 point d'écart",
    "maternity_leaves_objective": "@SOMME(A1:A2)",
    "high_remunerations_objective": "Deux femmes de plus parmi les 10.",
    "corrective_measures": "me",
    "corrective_measures_text": rich_text(
        "<p>Revoir la grille des salaires.</p><ul><li>Audit &amp; suivi</li></ul>"
    ),
}


def spreadsheet_rows(client):
    body = client.get("/index-egalite/donnees-tableur.csv").content.decode("utf-8")
    assert body.startswith("\ufeff"), "no byte order mark: French Excel would misread UTF-8"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.django_db
def test_spreadsheet_csv_opens_in_french_excel(communication_client, client):
    publish_via_admin(communication_client, remunerations_result="6,1")
    client.logout()
    response = client.get("/index-egalite/donnees-tableur.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "index-egalite-tableur.csv" in response["Content-Disposition"]

    header, *rows = spreadsheet_rows(client)
    assert header[:4] == [
        "Année de publication",
        "Année des données",
        "Date de publication",
        "Tranche d'effectif",
    ]
    assert all(len(row) == len(header) for row in rows)
    lines = [dict(zip(header, row, strict=True)) for row in rows]
    pay = next(line for line in lines if line["Indicateur"] == "Écart de rémunération")
    assert pay["Résultat"] == "6,1" and pay["Unité du résultat"] == "%"
    assert pay["Population favorisée"] == "Les hommes"
    assert pay["Tranche d'effectif"] == "50 à 250 salariés"
    assert pay["Date de publication"] == timezone.localdate().strftime("%d/%m/%Y")
    assert pay["Points"] == "33" and pay["Points maximum"] == "40"
    assert pay["Calculable"] == "oui"
    employees = next(line for line in lines if "promotions incluses" in line["Indicateur"])
    assert employees["Écart en nombre de salariés"] == "1,7"
    # No English codes for the people who open it in a spreadsheet.
    cells = {cell for row in rows for cell in row}
    codes = {"remunerations", "salary_raises_and_promotions", "maternity_leaves", "men", "women"}
    assert not cells & codes
    assert "50:250" not in cells


@pytest.mark.django_db
def test_exports_carry_everything_the_law_asks_to_publish(communication_client, client):
    response = publish_via_admin(communication_client, **PUBLISHED_UNDER_75)
    assert response.status_code == 302, form_errors(response)
    client.logout()

    exported = json.loads(client.get("/index-egalite/donnees.json").content)
    rows = [row for row in exported["lignes"] if row["annee_publication"] == 2026]
    assert exported["colonnes"][:12] == [
        "annee_publication",
        "annee_donnees",
        "date_publication",
        "tranche_effectif",
        "perimetre",
        "indicateur",
        "libelle",
        "calculable",
        "motif_non_calculable",
        "points",
        "points_max",
        "index",
    ]
    pay = next(row for row in rows if row["indicateur"] == "remunerations")
    assert pay["resultat"] == 20.1 and pay["unite_resultat"] == "%"
    assert pay["population_favorisee"] == "hommes"
    assert (pay["points"], pay["points_max"], pay["calculable"]) == (0, 40, True)
    assert pay["objectif_progression"].startswith("+ 2 points")
    assert (pay["index"], pay["points_obtenus"], pay["points_calculables"]) == (60, 60, 100)
    assert pay["mesures_correction"] == "me"
    assert pay["mesures_correction_libelle"] == "Mesures de correction envisagées"
    assert pay["mesures_correction_texte"] == "Revoir la grille des salaires.\n• Audit & suivi"
    assert pay["description_perimetre"].startswith("=HYPERLINK")  # JSON is not a spreadsheet
    assert pay["date_publication"] == timezone.localdate().isoformat()
    employees = next(row for row in rows if row["indicateur"] == "salary_raises_and_promotions")
    assert (employees["resultat"], employees["resultat_nombre_salaries"]) == (4.6, 1.7)
    assert exported["libelles_colonnes"]["resultat"] == "Résultat"

    machine = list(csv.DictReader(io.StringIO(client.get("/index-egalite/donnees.csv").text)))
    pay_csv = next(
        row
        for row in machine
        if row["annee_publication"] == "2026" and row["indicateur"] == "remunerations"
    )
    assert pay_csv["resultat"] == "20.1" and pay_csv["mesures_correction"] == "me"
    assert pay_csv["mesures_correction_texte"] == "Revoir la grille des salaires.\n• Audit & suivi"


@pytest.mark.django_db
def test_a_not_computable_indicator_is_exported_with_its_reason(communication_client, client):
    publish_via_admin(
        communication_client, maternity_leaves_status="absrcm", maternity_leaves_result=""
    )
    rows = json.loads(client.get("/index-egalite/donnees.json").content)["lignes"]
    maternity = next(row for row in rows if row["indicateur"] == "maternity_leaves")
    assert (maternity["calculable"], maternity["code_motif_non_calculable"]) == (False, "absrcm")
    assert maternity["motif_non_calculable"].startswith("Absence de retour de congé")
    assert (maternity["resultat"], maternity["points"]) == (None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/index-egalite/donnees.csv", "/index-egalite/donnees-tableur.csv"]
)
def test_csv_cells_that_would_run_as_formulas_are_neutralised(communication_client, client, url):
    publish_via_admin(communication_client, **PUBLISHED_UNDER_75)
    body = client.get(url).content.decode("utf-8-sig")
    cells = [
        cell
        for row in csv.reader(io.StringIO(body), delimiter=";" if "tableur" in url else ",")
        for cell in row
    ]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert '\'=HYPERLINK("http://example.org")' in cells
    assert "'+ 2 points en 2027 ; écart ramené sous 15 %." in cells
    assert "'-1 point d'écart" in cells
    assert "'@SOMME(A1:A2)" in cells


@pytest.mark.django_db
def test_drafts_never_reach_the_spreadsheet(communication_client, client):
    draft = year_form_data(publication_year="2027", data_year="2026")
    assert communication_client.post(reverse(f"{ADMIN}:add"), draft).status_code == 302
    client.logout()
    years = {row[0] for row in spreadsheet_rows(client)[1:]}
    assert years == {"2023"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/index-egalite/donnees.csv",
        "/index-egalite/donnees-tableur.csv",
        "/index-egalite/donnees.json",
    ],
)
def test_exports_answer_head_and_refuse_writes(client, url):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_the_cdn_purge_covers_every_export(demo_site):
    page = EqualityIndexPage.objects.get()
    paths = {page.url.rstrip("/") + path for path in page.get_cached_paths()}
    assert {
        "/index-egalite/",
        "/index-egalite/donnees.csv",
        "/index-egalite/donnees-tableur.csv",
        "/index-egalite/donnees.json",
    } <= paths
    html = Client().get("/index-egalite/").content.decode()
    assert 'href="/index-egalite/donnees-tableur.csv"' in html


# --- What a phone shows -------------------------------------------------------------------


@pytest.mark.django_db
def test_history_chart_is_drawn_in_pixels_not_scaled_down(communication_client, client):
    publish_via_admin(communication_client)
    soup = BeautifulSoup(client.get("/index-egalite/").content, "html.parser")
    chart = soup.select_one("figure.chart svg")
    # A viewBox would scale its 12-unit labels down to about 6 px on a phone.
    assert chart.get("viewbox") is None and chart.get("viewBox") is None
    assert min(int(text["font-size"]) for text in chart.find_all("text")) >= 12
    assert all(rect["x"].endswith("%") for rect in chart.find_all("rect"))


# --- The admin around it --------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_the_public_rendering(communication_client):
    url = reverse(f"{ADMIN}:preview_on_add")
    response = communication_client.post(url, year_form_data())
    assert response.json()["is_valid"] is True
    html = communication_client.get(url).content.decode()
    assert "Index 2026, au titre des données 2025" in html
    assert "33 sur 40" in html and "93 points sur 100" in html


@pytest.mark.django_db
def test_dashboard_gives_the_next_deadline_to_the_team(communication_client):
    # Deliberately changed: the reminder is about the next 1 March, not this year's
    # (tests/test_index_admin.py tests it at its boundaries).
    html = communication_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Index de l'égalité : prochaine échéance le 1er mars" in html.replace("&#x27;", "'")
