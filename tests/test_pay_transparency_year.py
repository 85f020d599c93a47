"""The pay-transparency indicators of directive 2023/970 (article 9), year by year.

Typed from what the Ministry shows, or computed from the per-employee file to check
it; drafts, revisions, preview, locking and scheduled publication as the index
years; (a) to (f) on the public page and in the exports once published, with
wording that claims no law that is not in force; (g) in the admin only.
"""

import csv
import datetime
import io
import json
from decimal import Decimal
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equality_index.models import EqualityIndexYear, PayTransparencyYear
from equality_index.simulation import TRANSPARENCY_COLUMNS

from .test_index_from_payroll import (
    UNIQUE_SALARY_SPELLINGS,
    cache_contents,
    full_database_dump,
    payload_of,
    text_of,
)

ADMIN = "wagtailsnippets_equality_index_paytransparencyyear"
CATEGORY_NAMES = ("Équipe Alpha", "Équipe Bêta")


def worker(sexe, annual, hours, variable, categorie):
    return {
        "sexe": sexe,
        "remuneration_annuelle_brute": str(annual),
        "heures_remunerees": str(hours),
        "part_variable": str(variable),
        "categorie": categorie,
    }


# Hourly pays: W1 20, W2 20, W3 40, W4 25; M1 30, M2 40, M3 30, M4 90 (tests/test_simulation.py).
WORKERS = [
    worker("F", 20000, 1000, 0, "Équipe Alpha"),
    worker("F", 30000, 1500, 3000, "Équipe Alpha"),
    worker("F", 40000, 1000, 0, "Équipe Bêta"),
    worker("F", 50000, 2000, 5000, "Équipe Bêta"),
    worker("H", 30000, 1000, 0, "Équipe Alpha"),
    worker("H", 40000, 1000, 4000, "Équipe Alpha"),
    worker("H", 60000, 2000, 6000, "Équipe Bêta"),
    worker("H", "86421,97", 1000, 14000, "Équipe Bêta"),
]


def workers_csv(rows=WORKERS):
    lines = [";".join(TRANSPARENCY_COLUMNS)]
    lines += [";".join(row[column] for column in TRANSPARENCY_COLUMNS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def form_data(**overrides):
    """A complete year as the Ministry might show it."""
    data = {
        "reference_year": "2026",
        "publication_date": "",
        "scope_description": "Smart en France : salarié·es permanents et intermittents.",
        "legal_basis": "anticipation",
        "law_reference": "",
        "source": "ministere",
        "mean_gap_annual": "36,4",
        "mean_gap_hourly": "44,7",
        "variable_mean_gap": "50",
        "median_gap_annual": "-2,5 %",
        "median_gap_hourly": "28,6",
        "variable_median_gap": "37,5",
        "variable_pay_share_women": "50",
        "variable_pay_share_men": "75",
        "quartile_1_women": "100",
        "quartile_1_men": "0",
        "quartile_2_women": "50",
        "quartile_2_men": "50",
        "quartile_3_women": "50",
        "quartile_3_men": "50",
        "quartile_4_women": "0",
        "quartile_4_men": "100",
    }
    data.update(overrides)
    return data


@pytest.fixture
def communication_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="camille", password="x" * 20)
    user.groups.add(Group.objects.get(name="Communication"))
    client.force_login(user)
    return client


def add(client, publish=False, **overrides):
    data = form_data(**overrides)
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(reverse(f"{ADMIN}:add"), data)


def errors_of(response):
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def stored():
    return PayTransparencyYear.objects.get(reference_year=2026)


# --- The record ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_communication_group_prepares_and_publishes_transparency_years_but_never_deletes():
    codenames = set(
        Group.objects.get(name="Communication").permissions.values_list("codename", flat=True)
    )
    assert {
        f"{action}_paytransparencyyear"
        for action in ("add", "change", "view", "publish", "lock", "unlock")
    } <= codenames
    assert "delete_paytransparencyyear" not in codenames


@pytest.mark.django_db
def test_signed_gaps_are_typed_the_french_way(communication_client):
    response = add(communication_client)
    assert response.status_code == 302, errors_of(response)
    record = stored()
    assert record.median_gap_annual == Decimal("-2.5")
    assert record.mean_gap_annual == Decimal("36.4")
    assert not record.live


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mean_gap_annual": "120"}, "saisissez un écart en % compris entre -1000 et 100"),
        ({"variable_pay_share_men": "-3"}, "saisissez un pourcentage compris entre 0 et 100"),
        ({"quartile_2_men": "40"}, "les parts des femmes et des hommes doivent faire 100 %"),
        ({"legal_basis": "loi"}, "Indiquez la loi qui s'applique"),
        (
            {"variable_pay_share_women": "0"},
            "Aucun·e des femmes ne perçoit de part variable : cet écart n'existe pas",
        ),
    ],
)
def test_implausible_figures_are_refused_in_french(communication_client, overrides, message):
    response = add(communication_client, **overrides)
    assert response.status_code == 200
    assert message in errors_of(response)


@pytest.mark.django_db
def test_publishing_is_refused_while_a_published_indicator_is_missing(communication_client):
    response = add(communication_client, publish=True, quartile_3_women="", quartile_3_men="")
    assert response.status_code == 200
    assert "Publication refusée : il manque « (f) 3e quartile : part des femmes »" in errors_of(
        response
    )
    assert not PayTransparencyYear.objects.filter(reference_year=2026).exists()


@pytest.mark.django_db
def test_without_variable_pay_for_a_sex_b_and_d_may_stay_empty(communication_client, demo_site):
    response = add(
        communication_client,
        publish=True,
        variable_pay_share_women="0",
        variable_mean_gap="",
        variable_median_gap="",
    )
    assert response.status_code == 302, errors_of(response)
    assert stored().live
    text = text_of(Client().get("/index-egalite/"))
    assert (
        "(b) Écart moyen des composantes variables ou complémentaires Sans objet : aucun·e des "
        "femmes ne perçoit de part variable" in text
    )
    rows = json.loads(Client().get("/index-egalite/donnees.json").content)["lignes"]
    variable = next(row for row in rows if row["indicateur"] == "transparence_b")
    assert (variable["calculable"], variable["resultat"]) == (False, None)
    assert variable["motif_non_calculable"].startswith("Sans objet")


@pytest.mark.django_db
def test_publication_is_dated_and_scheduling_works(communication_client):
    go_live = timezone.now() + datetime.timedelta(days=2)
    response = add(
        communication_client,
        publish=True,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302, errors_of(response)
    assert not stored().live and stored().status_label == "Programmé"
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)
    ):
        call_command("publish_scheduled")
    assert stored().live and stored().publication_date is not None


@pytest.mark.django_db
def test_the_form_says_which_legal_text_applies_to_which_year(communication_client):
    for url in (
        reverse(f"{ADMIN}:add"),
        reverse("wagtailsnippets_equality_index_equalityindexyear:add"),
    ):
        text = text_of(communication_client.get(url))
        assert "Quel texte s'applique à quelle année" in text
        assert "2019 à 2026 Obligatoire : l'index de l'égalité professionnelle" in text
        assert "2027 et après Obligatoire tant qu'une loi française ne l'a pas remplacé" in text
        assert "à notre connaissance, il n'est pas adopté" in text


@pytest.mark.django_db
def test_the_listing_reads_as_french(communication_client):
    add(communication_client)
    text = text_of(communication_client.get(reverse(f"{ADMIN}:list")))
    assert "Année de référence" in text and "Écart moyen horaire (a)" in text
    assert "+44,7 %" in text and "Brouillon" in text


@pytest.mark.django_db
def test_the_preview_shows_the_public_section_and_never_g(communication_client):
    url = reverse(f"{ADMIN}:preview_on_add")
    assert communication_client.post(url, form_data()).json()["is_valid"] is True
    html = communication_client.get(url).content.decode()
    assert "Transparence des rémunérations : les indicateurs de 2026" in html
    assert "publiés par anticipation" in html
    assert "n'y figure jamais" in html


# --- From the per-employee file -------------------------------------------------------------------


def compute(client, record, data=None):
    return client.post(
        reverse("equality_index_transparency", args=[record.pk]),
        {"fichier": SimpleUploadedFile("salaries.csv", data or workers_csv())},
    )


@pytest.fixture
def typed_record(communication_client):
    # The Ministry's figures, as the file gives them, but for (a) annual (35,3 computed).
    add(
        communication_client,
        mean_gap_annual="30",
        mean_gap_hourly="43,7",
        median_gap_annual="30",
        median_gap_hourly="35,7",
        variable_median_gap="33,3",
    )
    return stored()


@pytest.mark.django_db
def test_the_file_checks_the_ministrys_figures_and_gives_g(communication_client, typed_record):
    response = compute(communication_client, typed_record)

    assert response.status_code == 200
    text = text_of(response)
    assert "4 femmes et 4 hommes" in text
    # (a) annual: typed 30; computed, men (30 000 + 40 000 + 60 000 + 86 421,97) / 4 =
    # 54 105,49, women 35 000 -> 35.3 %: flagged.
    assert "(a) Écart moyen, rémunération annuelle +35,3 % +30,0 % À vérifier" in text
    assert "(b) Écart moyen de la part variable +50,0 % +50,0 % Concorde" in text
    assert "(a) Écart moyen, rémunération horaire" in text
    assert "1 chiffre saisi diffère du calcul de plus de 0,1 point" in text
    assert "(g) Écarts par catégorie de travailleurs" in text
    assert "Équipe Alpha 2 2" in text and "Équipe Bêta 2 2" in text
    assert "Jamais publié" in text
    assert "Garder les chiffres saisis et n'enregistrer que l'indicateur (g)" in text
    assert PayTransparencyYear.objects.get(pk=typed_record.pk).category_gaps is None


@pytest.mark.django_db
def test_using_the_computed_figures_fills_a_to_f_and_keeps_g(communication_client, typed_record):
    response = compute(communication_client, typed_record)
    used = communication_client.post(
        reverse("equality_index_transparency_use", args=[typed_record.pk]),
        {"payload": payload_of(response), "what": "all"},
    )
    assert used.status_code == 302
    record = PayTransparencyYear.objects.get(pk=typed_record.pk)
    assert record.mean_gap_annual == Decimal("35.3")
    assert (record.quartile_1_women, record.quartile_4_men) == (100, 100)
    assert record.source == "fichier"
    assert [entry["category"] for entry in record.category_gaps] == list(CATEGORY_NAMES)
    assert record.computed_on == timezone.localdate()
    assert record.revisions.count() == 2


@pytest.mark.django_db
def test_keeping_the_typed_figures_stores_only_g(communication_client, typed_record):
    response = compute(communication_client, typed_record)
    communication_client.post(
        reverse("equality_index_transparency_use", args=[typed_record.pk]),
        {"payload": payload_of(response), "what": "categories"},
    )
    record = PayTransparencyYear.objects.get(pk=typed_record.pk)
    assert record.mean_gap_annual == 30 and record.source == "ministere"
    assert record.category_gaps and record.category_gaps[0]["alert"] in (True, False)
    edit = text_of(communication_client.get(reverse(f"{ADMIN}:edit", args=[record.pk])))
    assert "(g) Écarts par catégorie de travailleurs" in edit and "Équipe Bêta" in edit


@pytest.mark.django_db
def test_refused_rows_of_the_transparency_file_are_listed(communication_client, typed_record):
    rows = [dict(row) for row in WORKERS]
    rows[1]["heures_remunerees"] = "0"  # line 3
    response = compute(communication_client, typed_record, workers_csv(rows))
    text = text_of(response)
    assert "1 ligne refusée : rien n'a été importé." in text
    assert "Ligne 3, colonne « heures_remunerees » : nombre strictement positif attendu." in text
    assert payload_of(response) is None


@pytest.mark.django_db
def test_only_the_team_computes_transparency(client, django_user_model, typed_record):
    editor = django_user_model.objects.create_user(username="editrice", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    url = reverse("equality_index_transparency", args=[typed_record.pk])
    assert client.get(url).status_code == 403
    assert compute(client, typed_record).status_code == 403
    use = reverse("equality_index_transparency_use", args=[typed_record.pk])
    assert client.post(use, {"payload": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_transparency_file_leaves_no_salary_behind(communication_client, typed_record):
    response = compute(communication_client, typed_record)
    communication_client.post(
        reverse("equality_index_transparency_use", args=[typed_record.pk]),
        {"payload": payload_of(response), "what": "all"},
    )
    for contents in (full_database_dump(), cache_contents()):
        for spelling in UNIQUE_SALARY_SPELLINGS:
            assert spelling not in contents


# --- What visitors see ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_page_shows_no_transparency_section_before_publication(
    communication_client, demo_site
):
    add(communication_client)
    html = Client().get("/index-egalite/").content.decode()
    assert "Transparence des rémunérations" not in html


@pytest.mark.django_db
def test_a_published_year_shows_a_to_f_in_a_table_and_a_chart_and_never_g(
    communication_client, demo_site
):
    add(communication_client, publish=True)
    record = stored()
    record.category_gaps = [{"category": "Équipe Alpha", "women": 2, "men": 2, "alert": True}]
    record.save()  # (g), as the admin keeps it

    response = Client().get("/index-egalite/")

    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find(id="transparence-2026").find_parent("section")
    text = " ".join(section.get_text(" ").split())
    assert "Indicateurs de la directive européenne 2023/970" in text
    assert "publiés par anticipation" in text
    assert "la loi française qui doit transposer cette directive n'était pas adoptée" in text
    assert (
        "(a) Écart de rémunération moyen, sur la rémunération annuelle +36,4 %, en faveur des "
        "hommes" in text
    )
    assert (
        "(c) Écart de rémunération médian, sur la rémunération annuelle \u22122,5 %, en faveur "
        "des femmes" in text
    )
    assert "(e) Part des hommes percevant une part variable 75,0 %" in text
    assert "1er quartile (les rémunérations horaires les plus basses) 100,0 % 0,0 %" in text
    charts = section.select("figure.chart svg[role=img]")
    assert len(charts) == 3 and all(chart.find("title") for chart in charts)
    assert all(svg.get("viewbox") is None for svg in charts)
    assert min(int(text["font-size"]) for svg in charts for text in svg.find_all("text")) >= 12
    assert "Équipe Alpha" not in html and "(g)" not in html
    # The history and the index stay: the section comes after them.
    assert html.index("Historique des index publiés") < html.index("Transparence des rémunérations")


@pytest.mark.django_db
def test_once_the_law_is_adopted_the_page_says_so_in_its_words(communication_client, demo_site):
    add(
        communication_client,
        publish=True,
        legal_basis="loi",
        law_reference="loi n° 2027-123 du 15 mars 2027",
    )
    html = Client().get("/index-egalite/").content.decode()
    assert "publiés en application de la loi n° 2027-123 du 15 mars 2027" in html
    assert "par anticipation" not in html


@pytest.mark.django_db
def test_publishing_bumps_the_cached_page(communication_client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    visitor = Client()
    assert "Transparence des rémunérations" not in visitor.get("/index-egalite/").content.decode()
    add(communication_client, publish=True)
    assert "Transparence des rémunérations" in visitor.get("/index-egalite/").content.decode()


@pytest.mark.django_db
def test_the_page_keeps_its_query_budget_with_a_published_year(
    communication_client, demo_site, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    visitor = Client()
    visitor.get("/index-egalite/")
    with django_assert_max_num_queries(10) as before:
        visitor.get("/index-egalite/")
    add(communication_client, publish=True)
    add(communication_client, publish=True, reference_year="2025")
    visitor.get("/index-egalite/")
    with django_assert_max_num_queries(10) as after:
        assert "les indicateurs de 2026" in visitor.get("/index-egalite/").content.decode()
    assert len(after) == len(before)


# --- The exports ----------------------------------------------------------------------------------


def exported_json(client):
    return json.loads(client.get("/index-egalite/donnees.json").content)


@pytest.mark.django_db
def test_the_exports_carry_a_to_f_after_the_index_rows_with_new_columns_last(
    communication_client, demo_site
):
    add(communication_client, publish=True, scope_description='=HYPERLINK("http://x")')
    client = Client()

    exported = exported_json(client)
    assert exported["colonnes"][:12][0] == "annee_publication"
    assert exported["colonnes"][-4:] == [
        "dispositif",
        "cadre_publication",
        "population",
        "quartile",
    ]
    rows = exported["lignes"]
    assert rows[0]["dispositif"] == "index"
    transparency = [row for row in rows if row["dispositif"] == "transparence"]
    assert len(transparency) == 6 + 2 + 8
    median = next(row for row in transparency if row["indicateur"] == "transparence_c_annuelle")
    assert (median["resultat"], median["population_favorisee"]) == (-2.5, "femmes")
    assert median["annee_donnees"] == 2026 and median["points"] is None
    assert "publication volontaire, par anticipation" in median["cadre_publication"]
    quartile = [row for row in transparency if row["indicateur"] == "transparence_f"]
    assert {(row["quartile"], row["population"]) for row in quartile} == {
        (q, sex) for q in (1, 2, 3, 4) for sex in ("femmes", "hommes")
    }

    machine = list(csv.DictReader(io.StringIO(client.get("/index-egalite/donnees.csv").text)))
    assert list(machine[0])[:3] == ["annee_publication", "annee_donnees", "date_publication"]
    hourly = next(row for row in machine if row["indicateur"] == "transparence_a_horaire")
    assert hourly["resultat"] == "44.7" and hourly["dispositif"] == "transparence"
    assert hourly["description_perimetre"] == '\'=HYPERLINK("http://x")'

    body = client.get("/index-egalite/donnees-tableur.csv").content.decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert header[-4:] == [
        "Dispositif",
        "Cadre de la publication",
        "Population",
        "Quartile de rémunération horaire",
    ]
    spreadsheet = [dict(zip(header, line, strict=True)) for line in lines]
    share = next(
        line
        for line in spreadsheet
        if line["Indicateur"].startswith("(e)") and line["Population"] == "Les hommes"
    )
    assert share["Résultat"] == "75" and share["Dispositif"].startswith(
        "Transparence des rémunérations"
    )
    for text in (json.dumps(exported), body):
        assert "Équipe" not in text


@pytest.mark.django_db
def test_drafts_never_reach_the_exports(communication_client, demo_site):
    add(communication_client)
    assert not [row for row in exported_json(Client())["lignes"] if row["dispositif"] != "index"]


@pytest.mark.django_db
def test_a_published_index_year_still_scores_as_before(communication_client, demo_site):
    # The index rows are unchanged by the transparency rows next to them.
    add(communication_client, publish=True)
    rows = [row for row in exported_json(Client())["lignes"] if row["dispositif"] == "index"]
    assert {row["annee_publication"] for row in rows} == {2023}
    assert EqualityIndexYear.objects.get(publication_year=2023).index == 82


@pytest.mark.django_db
def test_women_paid_three_times_the_mens_variable_pay_is_recorded_as_minus_200(
    communication_client, typed_record
):
    # Variable pay: 6 000 for each woman, 2 000 for each man -> (2 000 - 6 000) / 2 000.
    rows = [worker("F", 20000 + 10000 * n, 1000, 6000, "Équipe Alpha") for n in range(4)]
    rows += [worker("H", 30000 + 10000 * n, 1000, 2000, "Équipe Alpha") for n in range(4)]
    response = compute(communication_client, typed_record, workers_csv(rows))
    assert "(b) Écart moyen de la part variable \u2212200,0 %" in text_of(response)

    used = communication_client.post(
        reverse("equality_index_transparency_use", args=[typed_record.pk]),
        {"payload": payload_of(response), "what": "all"},
    )

    assert used.status_code == 302
    record = PayTransparencyYear.objects.get(pk=typed_record.pk)
    assert (record.variable_mean_gap, record.variable_median_gap) == (-200, -200)
    # Typed the same way, it is accepted too; past -1 000 % it is a slip of the keyboard.
    assert (
        add(communication_client, reference_year="2025", variable_mean_gap="-200").status_code
        == 302
    )
    refused = add(communication_client, reference_year="2024", variable_mean_gap="-2000")
    assert "saisissez un écart en % compris entre" in errors_of(refused)
