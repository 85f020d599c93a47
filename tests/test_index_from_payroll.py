"""« Calculer à partir des effectifs »: the index from the payroll data, in the admin.

The tables typed as in the Ministry's simulator, or the per-employee file imported
(CSV or XLSX, read in memory only), scored by simulation.simulate, shown with why
a group does not count, then « Utiliser ces résultats »: the year's results and its
aggregated tables, in a new draft revision. And the printable summary of the
declaration. The browser's side is in tests/browser/test_index_import.py.
"""

import io
import logging
import os
import re
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.test.utils.form_data import querydict_from_html

from equality_index import uploads
from equality_index.admin_views import TABLES_SALT
from equality_index.models import EqualityIndexYear
from equality_index.simulation import (
    AGE_BANDS,
    CATEGORIES,
    COLUMNS,
    simulate,
    tables_from_employees,
)
from equality_index.workforce import tables_to_keep

from .test_equality_index import ADMIN

# A salary no other data holds: it must be found nowhere once the file is imported.
UNIQUE_SALARY = "86421,97"
UNIQUE_SALARY_SPELLINGS = ("86421,97", "86421.97", "8642197")


def employee(sexe, csp, age, pay, **columns):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        sexe=sexe,
        csp=csp,
        age=str(age),
        remuneration_annuelle_brute_etp=str(pay),
        remuneration_annuelle_brute=str(pay),
        augmentation="non",
        promotion="non",
        retour_conge_maternite="non",
        heures_remunerees="1607",
        part_variable="0",
        categorie=f"{csp}-standard",
    )
    row.update(columns)
    return row


def staff(unique_salary=UNIQUE_SALARY):
    """50 employees (26 women, 24 men) of a company of 50 to 250, worked out by hand.

    Indicator 1 (CSP mode, 5-point threshold): the engineers and managers of 50 and
    over (4 women, 1 man, paid `unique_salary`) do not count; the four other groups
    hold 45 of 50 employees (90 %): computable. Gaps: workers under 30, 10 % (5 after
    the threshold), the others 0 -> 5 x 9 / 45 = 1.0 % for men -> 39 points.
    2et3: 4 of 26 women and 8 of 24 men raised -> 8/24 - 4/26 = 17.9 points -> 0;
    in employees 0.1794... x 24 = 4.3 -> 25; favours men, as pay does: no correction.
    Maternity: 2 back, 2 raised -> 100 % -> 15. Top 10 by actual pay: the 4 women
    managers, the 1 man, 5 technicians -> 4 women -> 10. 39 + 25 + 15 + 10 = 89 / 100.
    """
    rows = []
    rows += [employee("F", "ouv", 25, 27000) for _ in range(4)]
    rows += [employee("H", "ouv", 26, 30000) for _ in range(5)]
    rows += [employee("F", "ouv", 35, 31000) for _ in range(6)]
    rows += [employee("H", "ouv", 36, 31000) for _ in range(6)]
    rows += [employee("F", "emp", 33, 33000) for _ in range(8)]
    rows += [employee("H", "emp", 34, 33000) for _ in range(7)]
    rows += [employee("F", "tam", 45, 41000) for _ in range(4)]
    rows += [employee("H", "tam", 44, 41000) for _ in range(5)]
    rows += [employee("F", "ic", 55, 70000 + n) for n in range(4)]
    rows += [employee("H", "ic", 58, unique_salary)]
    # Raises: 4 women (2 of them back from maternity leave, raised then), 8 men.
    for row in rows[0:2]:
        row.update(augmentation="oui", retour_conge_maternite="oui", augmentation_au_retour="oui")
    for row in rows[9:11] + rows[4:9] + rows[29:32]:
        row["augmentation"] = "oui"
    # The top 10 by actual pay: the 4 managers, the 1 man, and the 5 men technicians.
    for row in rows[40:45]:
        row["remuneration_annuelle_brute"] = "52000"
    return rows


def as_csv(rows, separator=";", padding=""):
    header = list(COLUMNS) + (["commentaire"] if padding else [])
    lines = [separator.join(header)]
    for row in rows:
        cells = [row[column] for column in COLUMNS] + ([padding] if padding else [])
        lines.append(separator.join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def as_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[column] or None for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def communication_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="camille", password="x" * 20)
    user.groups.add(Group.objects.get(name="Communication"))
    client.force_login(user)
    return client


@pytest.fixture
def draft_2027(db):
    year = EqualityIndexYear(
        publication_year=2027,
        data_year=2026,
        scope="entity",
        scope_description="Smart en France et ses salarié·es permanents.",
    )
    year.save()
    year.save_revision()
    return year


def workforce_url(year):
    return reverse("equality_index_workforce", args=[year.pk])


def import_file(client, year, data, name="salaries.csv", **fields):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(
        reverse("equality_index_workforce_import", args=[year.pk]),
        {"workforce_range": "", "pay_mode": "csp", **fields, "fichier": upload},
    )


def text_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main") or soup
    text = " ".join(main.get_text(" ").split())
    return text.replace(" ,", ",").replace(" .", ".")


def payload_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("input[name=payload]")
    return field["value"] if field else None


# --- Importing the file -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_imported_file_shows_each_indicator_and_why_a_group_does_not_count(
    communication_client, draft_2027
):
    response = import_file(communication_client, draft_2027, as_csv(staff()))

    assert response.status_code == 200
    text = text_of(response)
    assert "Index : 89/100, soit 89 points sur 100 calculables" in text
    assert "50 salarié·es pris en compte" in text
    assert "Ingénieurs et cadres, 50 ans et plus 4 1 Ne compte pas : moins de 3 hommes" in text
    assert "Ouvriers, moins de 30 ans 4 5 Compte" in text
    assert "45 salarié·es sur 50 sont dans des groupes qui comptent" in text
    assert "Résultat 1,0 %" in text and "Points 39 sur 40" in text
    assert "Résultat 17,9 points de % ; en nombre de salarié·es : 4,3" in text
    assert "Points 25 sur 35" in text
    assert "Points 15 sur 15" in text and "Points 10 sur 10" in text
    assert "rien n'est encore enregistré" in text
    # Nothing is saved before « Utiliser ces résultats ».
    draft_2027.refresh_from_db()
    assert draft_2027.workforce_tables is None and draft_2027.points is None
    assert draft_2027.get_latest_revision_as_object().workforce_tables is None


@pytest.mark.django_db
def test_using_the_results_fills_the_year_and_keeps_the_tables_in_a_draft_revision(
    communication_client, draft_2027
):
    response = import_file(communication_client, draft_2027, as_csv(staff()))
    revisions = draft_2027.revisions.count()

    used = communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )

    edit_url = reverse(f"{ADMIN}:edit", args=[draft_2027.pk])
    assert used.status_code == 302 and used["Location"] == edit_url
    year = EqualityIndexYear.objects.get(pk=draft_2027.pk)
    assert draft_2027.revisions.count() == revisions + 1
    assert not year.live
    assert year.workforce_range == "50:250"
    assert (year.remunerations_status, year.remunerations_result) == ("calculable", Decimal("1.0"))
    assert year.remunerations_favorable_population == "men"
    assert year.salary_raises_and_promotions_result == Decimal("17.9")
    assert year.salary_raises_and_promotions_employees_count_result == Decimal("4.3")
    assert year.maternity_leaves_result == 100
    assert (year.high_remunerations_result, year.high_remunerations_favorable_population) == (
        4,
        "men",
    )
    assert (year.points, year.computable_points, year.index) == (89, 100, 89)
    assert (year.headcount, year.remunerations_mode) == (50, "csp")
    assert year.workforce_tables["source"] == "file"
    assert year.tables_disagreements() == []
    # The edit form shows the filled results, and where they come from.
    page = communication_client.get(edit_url)
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find(id="id_remunerations_result")["value"] == "1"
    assert "à partir du fichier des salarié·es" in text_of(page)


@pytest.mark.django_db
def test_a_group_of_one_man_keeps_no_pay_and_the_kept_tables_score_the_same(
    communication_client, draft_2027
):
    response = import_file(communication_client, draft_2027, as_csv(staff()))
    communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )
    tables = EqualityIndexYear.objects.get(pk=draft_2027.pk).kept_tables

    cells = {(group["category"], group["age_band"]) for group in tables["pay"]["groups"]}
    assert ("ic", "50+") not in cells, "the man's salary would be the group's 'mean'"
    assert tables["workforce"]["ic"]["50+"] == {"women": 4, "men": 1}
    assert simulate(tables)["index"] == 89


@pytest.mark.django_db
def test_refused_rows_are_listed_with_their_line_and_nothing_is_imported(
    communication_client, draft_2027
):
    rows = staff()
    rows[2]["sexe"] = "X"  # line 4
    rows[10]["remuneration_annuelle_brute_etp"] = "trente mille"  # line 12
    rows[30]["age"] = ""  # line 32

    response = import_file(communication_client, draft_2027, as_csv(rows))

    text = text_of(response)
    assert "3 lignes refusées : rien n'a été importé." in text
    assert "Ligne 4, colonne « sexe » : valeur non reconnue" in text
    assert "Ligne 12, colonne « remuneration_annuelle_brute_etp » : nombre attendu" in text
    assert "Ligne 32, colonne « age » : valeur manquante" in text
    assert "trente mille" not in text, "a refused value is never echoed"
    assert payload_of(response) is None
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).workforce_tables is None


@pytest.mark.django_db
def test_an_xlsx_file_gives_the_same_result(communication_client, draft_2027):
    response = import_file(communication_client, draft_2027, as_xlsx(staff()), name="salaries.xlsx")
    assert "Index : 89/100" in text_of(response)


@pytest.mark.django_db
def test_the_file_is_kept_in_memory_even_above_djangos_spooling_size(
    communication_client, draft_2027, monkeypatch, tmp_path
):
    # 3 MB, above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), past which Django writes a file.
    data = as_csv(staff(), padding="x" * 60_000)
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("the employee file was spooled to disk")

    with mock.patch(
        "django.core.files.uploadhandler.TemporaryFileUploadHandler.new_file", no_temporary_file
    ):
        response = import_file(communication_client, draft_2027, data)

    assert "Index : 89/100" in text_of(response)
    assert list(spool.iterdir()) == []


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_in_french_and_not_read(
    communication_client, draft_2027, monkeypatch
):
    monkeypatch.setattr(uploads, "EMPLOYEE_FILE_MAX_BYTES", 1024)

    response = import_file(communication_client, draft_2027, as_csv(staff()))

    assert response.status_code == 200
    text = text_of(response)
    assert "Le fichier dépasse 1,0 Kio : il n'a pas été lu." in text
    assert "Choisissez le fichier" not in text
    assert payload_of(response) is None


@pytest.mark.django_db
def test_a_file_in_the_wrong_format_gets_a_french_error(communication_client, draft_2027):
    response = import_file(communication_client, draft_2027, b"PK\x03\x04 broken", name="a.xlsx")
    assert "Le classeur XLSX est illisible ou endommagé" in text_of(response)
    missing = import_file(communication_client, draft_2027, b"sexe;csp\r\nF;ouv\r\n")
    assert "Colonnes manquantes" in text_of(missing)


@pytest.mark.django_db
def test_the_templates_download(communication_client):
    csv_template = communication_client.get(reverse("equality_index_template_csv"))
    assert csv_template.status_code == 200
    assert csv_template.content.decode("utf-8-sig").startswith("sexe;csp;age;")
    assert "attachment" in csv_template["Content-Disposition"]
    xlsx = communication_client.get(reverse("equality_index_template_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert communication_client.head(reverse("equality_index_template_csv")).status_code == 200


# --- Personal data: nowhere once the file is read -------------------------------------------------


def full_database_dump():
    """Every row of every table, as text (the tables Django knows and any other)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def cache_contents():
    chunks = []
    for cache in caches.all():
        store = getattr(cache, "_cache", None)
        if isinstance(store, dict):
            chunks.extend(repr(value) for value in store.values())
        directory = getattr(cache, "_dir", None)
        if directory and os.path.isdir(directory):
            for path in Path(directory).rglob("*"):
                if path.is_file():
                    chunks.append(repr(path.read_bytes()))
    return "\n".join(chunks)


def media_contents():
    root = Path(settings.MEDIA_ROOT)
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db
def test_a_unique_salary_is_nowhere_after_the_import_db_media_cache_logs_and_disk(
    communication_client, draft_2027, caplog, capfd, monkeypatch, tmp_path
):
    caplog.set_level(logging.DEBUG)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    media_before = media_contents()

    # Above Django's spooling size, as a CSV; then as an XLSX; then used, then published.
    response = import_file(communication_client, draft_2027, as_csv(staff(), padding="y" * 60_000))
    import_file(communication_client, draft_2027, as_xlsx(staff()), name="salaries.xlsx")
    communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )
    year = EqualityIndexYear.objects.get(pk=draft_2027.pk)
    year.remunerations_objective = "Réduire l'écart."
    year.save()
    year.save_revision().publish()
    communication_client.get(reverse(f"{ADMIN}:edit", args=[year.pk]))
    Client().get("/index-egalite/")

    year.refresh_from_db()
    assert year.live and year.index == 89
    places = {
        "the database": full_database_dump(),
        "the cache": cache_contents(),
        "the logs": "\n".join(
            f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
            for record in caplog.records
        ),
        "the console": "".join(capfd.readouterr()),
        "the media folder": "\n".join(
            repr(content)
            for path, content in media_contents().items()
            if media_before.get(path) != content
        ),
        "the temporary folder": "\n".join(str(path) for path in spool.rglob("*")),
    }
    assert places["the database"], "the dump is empty: the test would prove nothing"
    for place, contents in places.items():
        for spelling in UNIQUE_SALARY_SPELLINGS:
            assert spelling not in contents, f"the salary is in {place}"
    assert set(media_contents()) == set(media_before), "a file was written to the media folder"


# --- Typing the tables, as in the Ministry's simulator -----------------------------------------


def typed_tables(**overrides):
    """The form of the simulator for a 50-250 company, all cells given (blank is 0)."""
    data = {"workforce_range": "50:250", "pay_mode": "csp", "level_rows": "8"}
    for category in CATEGORIES:
        for band in ("moins30", "30a39", "40a49", "50plus"):
            for sex in ("femmes", "hommes"):
                data[f"effectif_{category}_{band}_{sex}"] = ""
                data[f"remuneration_{category}_{band}_{sex}"] = ""
    data.update(
        {
            # 12 women and 12 men workers under 30; 10 and 10 employees of 30 to 39;
            # 2 women managers and 1 man of 50 and over (too few: their pay is not kept).
            "effectif_ouv_moins30_femmes": "12",
            "effectif_ouv_moins30_hommes": "12",
            "remuneration_ouv_moins30_femmes": "25 650,50",
            "remuneration_ouv_moins30_hommes": "27000",
            "effectif_emp_30a39_femmes": "10",
            "effectif_emp_30a39_hommes": "10",
            "remuneration_emp_30a39_femmes": "30000",
            "remuneration_emp_30a39_hommes": "30000",
            "effectif_ic_50plus_femmes": "2",
            "effectif_ic_50plus_hommes": "1",
            "remuneration_ic_50plus_femmes": "60000",
            "remuneration_ic_50plus_hommes": "64000",
            "augmentations_promotions": "oui",
            "augmentations_promotions_femmes": "6",
            "augmentations_promotions_hommes": "6",
            "maternite_retours": "1",
            "maternite_augmentees": "1",
            "hautes_remunerations_femmes": "4",
            "hautes_remunerations_hommes": "6",
        }
    )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_typed_tables_are_scored_and_shown_before_anything_is_saved(
    communication_client, draft_2027
):
    # Workers: (27 000 - 25 650,5) / 27 000 = 4.998 % -> 0 after the 5-point threshold.
    response = communication_client.post(workforce_url(draft_2027), typed_tables())

    text = text_of(response)
    assert "à partir des tableaux saisis" in text
    # 40 + 35 (6/24 vs 6/23: 1.1 points) + 15 + 10 = 100.
    assert "Index : 100/100" in text
    assert (
        "Ingénieurs et cadres, 50 ans et plus 2 1 Ne compte pas : moins de 3 femmes et moins "
        "de 3 hommes" in text
    )
    tables = signing.loads(payload_of(response), salt=TABLES_SALT)["tables"]
    assert tables["pay"]["groups"] == [
        {"category": "ouv", "age_band": "-29", "women_pay": "25650.5", "men_pay": 27000},
        {"category": "emp", "age_band": "30-39", "women_pay": 30000, "men_pay": 30000},
    ], "the pay of a group of 2 women and 1 man is not kept"
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).points is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"effectif_ouv_moins30_femmes": "3,5"},
            "Effectifs, Ouvriers, moins de 30 ans : nombre de femmes : saisissez un nombre "
            "entier de salarié·es à partir de 0, sans décimale (saisi : « 3,5 »).",
        ),
        (
            {"remuneration_ouv_moins30_hommes": "-27000"},
            "rémunération annuelle brute moyenne des hommes : saisissez un montant en euros",
        ),
        (
            {"hautes_remunerations_hommes": "5"},
            "Les 10 plus hautes rémunérations comptent 10 salarié·es : 4 femmes et 5 hommes en "
            "font 9.",
        ),
        (
            {"maternite_augmentees": "2"},
            "Plus de salariées augmentées que de salariées revenues de congé maternité.",
        ),
        (
            {"augmentations_promotions": "non"},
            "Vous avez répondu qu'il n'y a eu aucune augmentation",
        ),
    ],
)
def test_typed_tables_with_a_mistake_get_a_french_message_naming_the_cell(
    communication_client, draft_2027, overrides, message
):
    response = communication_client.post(workforce_url(draft_2027), typed_tables(**overrides))

    assert response.status_code == 200
    assert message in text_of(response)
    assert "Le calcul n'a pas pu être fait" in text_of(response)
    assert payload_of(response) is None


@pytest.mark.django_db
def test_a_large_company_types_rates_by_category(communication_client, draft_2027):
    data = typed_tables(workforce_range="251:999", augmentations="oui", promotions="non")
    data.update(
        effectif_ouv_moins30_femmes="200",
        effectif_ouv_moins30_hommes="100",
        augmentations_ouv_femmes="40",
        augmentations_ouv_hommes="45",
        augmentations_emp_femmes="50",
        augmentations_emp_hommes="50",
    )
    response = communication_client.post(workforce_url(draft_2027), data)
    text = text_of(response)
    # Raises: (5 x 300 + 0 x 20) / 320 = 4.6875 -> 4.7 points for men -> 10, not corrected
    # (pay shows no gap). Promotions: none -> not computable.
    assert "Indicateur 2 : Écart de taux d'augmentations individuelles" in text
    assert "Résultat 4,7 points de %" in text and "Points 10 sur 20" in text
    assert "Non : absence de promotion" in text
    assert (
        "Ingénieurs et cadres 2 1 Ne compte pas : moins de 10 femmes et moins de 10 hommes" in text
    )


@pytest.mark.django_db
def test_level_modes_take_their_groups_from_the_level_rows(communication_client, draft_2027):
    data = typed_tables(pay_mode="branch_levels")
    data.update(
        niveau_1="Coefficient 150",
        niveau_1_moins30_femmes_effectif="5",
        niveau_1_moins30_hommes_effectif="5",
        niveau_1_moins30_femmes_remuneration="24000",
        niveau_1_moins30_hommes_remuneration="25000",
        niveau_2="Coefficient 200",
        niveau_2_30a39_femmes_effectif="10",
        niveau_2_30a39_hommes_effectif="2",
        niveau_2_30a39_femmes_remuneration="31000",
        niveau_2_30a39_hommes_remuneration="33000",
    )
    response = communication_client.post(workforce_url(draft_2027), data)
    text = text_of(response)
    assert "Niveau « Coefficient 150 », moins de 30 ans 5 5 Compte" in text
    assert "Niveau « Coefficient 200 », 30 à 39 ans 10 2 Ne compte pas : moins de 3 hommes" in text
    # 4 % - 2 points = 2 % in the one valid group, weight 1 -> 2.0 -> 38.
    assert "Résultat 2,0 %" in text and "Points 38 sur 40" in text


@pytest.mark.django_db
def test_next_year_starts_from_the_tables_kept_with_the_last_one(communication_client, draft_2027):
    response = communication_client.post(workforce_url(draft_2027), typed_tables())
    communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )
    next_year = EqualityIndexYear(publication_year=2028, data_year=2027)
    next_year.save()

    page = communication_client.get(workforce_url(next_year))

    soup = BeautifulSoup(page.content, "html.parser")
    assert "Les tableaux sont repris de l'index 2027" in text_of(page)
    assert soup.find(id="id_effectif_ouv_moins30_femmes")["value"] == "12"
    assert soup.find(id="id_remuneration_ouv_moins30_femmes")["value"] == "25650,50"
    assert soup.find(id="id_remuneration_ic_50plus_hommes").get("value") in (None, "")


# --- « Utiliser ces résultats » -------------------------------------------------------------------


@pytest.mark.django_db
def test_using_results_on_a_live_year_makes_a_new_draft_and_leaves_the_live_one(
    communication_client, demo_site
):
    live = EqualityIndexYear.objects.get(publication_year=2023)
    response = communication_client.post(workforce_url(live), typed_tables())
    communication_client.post(
        reverse("equality_index_use_results", args=[live.pk]), {"payload": payload_of(response)}
    )
    live.refresh_from_db()
    assert live.live and live.index == 82 and not live.breakdown_known
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.breakdown_known and draft.index == 100 and draft.workforce_tables
    html = Client().get("/index-egalite/").content.decode()
    assert "82/100" in html and "100/100" not in html


@pytest.mark.django_db
def test_a_tampered_or_stale_result_is_refused(communication_client, draft_2027):
    response = communication_client.post(workforce_url(draft_2027), typed_tables())
    payload = payload_of(response)
    use_url = reverse("equality_index_use_results", args=[draft_2027.pk])

    tampered = communication_client.post(use_url, {"payload": payload[:-3] + "abc"}, follow=True)
    assert "Ce calcul n'est plus valable" in text_of(tampered)
    with mock.patch("django.core.signing.time.time", return_value=10**10):
        stale = communication_client.post(use_url, {"payload": payload}, follow=True)
    assert "Ce calcul n'est plus valable" in text_of(stale)
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).workforce_tables is None


@pytest.mark.django_db
def test_a_year_locked_by_someone_else_is_not_changed(
    communication_client, draft_2027, django_user_model
):
    other = django_user_model.objects.create_user(username="dominique", password="x" * 20)
    draft_2027.locked, draft_2027.locked_by = True, other
    draft_2027.save()
    response = communication_client.post(workforce_url(draft_2027), typed_tables())
    assert "Cet index est verrouillé, par une autre personne" in text_of(response)
    payload = signing.dumps(
        {"tables": tables_to_keep(simulate_input()), "source": "form"},
        salt=TABLES_SALT,
        compress=True,
    )
    used = communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]), {"payload": payload}
    )
    assert used.status_code == 302
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).workforce_tables is None


def simulate_input():
    return tables_from_employees(staff())


# --- Who may --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_index_team_reaches_these_pages(client, django_user_model, draft_2027):
    urls = [
        ("get", workforce_url(draft_2027)),
        ("post", reverse("equality_index_workforce_import", args=[draft_2027.pk])),
        ("post", reverse("equality_index_use_results", args=[draft_2027.pk])),
        ("get", reverse("equality_index_declaration", args=[draft_2027.pk])),
        ("get", reverse("equality_index_template_csv")),
    ]
    editor = django_user_model.objects.create_user(username="editrice", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "Vous n'avez pas les droits" in response.content.decode().replace("&#x27;", "'")
    client.logout()
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302, url  # to the login page


@pytest.mark.django_db
def test_an_unauthorised_upload_is_refused_before_its_body_is_read(
    client, django_user_model, draft_2027
):
    editor = django_user_model.objects.create_user(username="editrice", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    with mock.patch("django.http.multipartparser.MultiPartParser.parse") as parse:
        response = import_file(client, draft_2027, as_csv(staff()))
    assert response.status_code == 403
    parse.assert_not_called()


@pytest.mark.django_db
def test_posts_need_the_csrf_token(django_user_model, draft_2027):
    user = django_user_model.objects.create_user(username="camille", password="x" * 20)
    user.groups.add(Group.objects.get(name="Communication"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for url, data in [
        (workforce_url(draft_2027), typed_tables()),
        (
            reverse("equality_index_workforce_import", args=[draft_2027.pk]),
            {"fichier": SimpleUploadedFile("s.csv", as_csv(staff()))},
        ),
        (reverse("equality_index_use_results", args=[draft_2027.pk]), {"payload": "x"}),
    ]:
        assert client.post(url, data).status_code == 403, url


# --- What is kept: the minimised tables score the same --------------------------------------------


counts = st.integers(min_value=0, max_value=14)
pays = st.one_of(st.none(), st.integers(min_value=15_000, max_value=90_000))


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.tuples(counts, counts, pays, pays),
        min_size=len(CATEGORIES) * len(AGE_BANDS),
        max_size=len(CATEGORIES) * len(AGE_BANDS),
    ),
    raised=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_leaving_out_the_pay_of_small_groups_never_changes_a_result(cells, raised):
    workforce, groups = {}, []
    for position, (women, men, women_pay, men_pay) in enumerate(cells):
        category = CATEGORIES[position // len(AGE_BANDS)]
        band = AGE_BANDS[position % len(AGE_BANDS)]
        workforce.setdefault(category, {})[band] = {"women": women, "men": men}
        groups.append(
            {
                "category": category,
                "age_band": band,
                "women_pay": women_pay,
                "men_pay": men_pay + Fraction(1, 3) if men_pay else men_pay,
            }
        )
    women_total = sum(cell[0] for cell in cells)
    men_total = sum(cell[1] for cell in cells)
    if not women_total + men_total:
        return
    women_raised, men_raised = min(raised[0], women_total), min(raised[1], men_total)
    tables = {
        "workforce_range": "50:250",
        "workforce": workforce,
        "pay": {"mode": "csp", "groups": groups},
        "salary_raises_and_promotions": {
            "any": bool(women_raised or men_raised),
            "women_raised": women_raised,
            "men_raised": men_raised,
        },
        "maternity_leaves": {"returned": 0, "raised": 0},
        "high_remunerations": {"women": 5, "men": 5},
    }
    original, kept = simulate(tables), simulate(tables_to_keep(tables))
    for key in ("points", "computable_points", "index", "declaration"):
        assert kept[key] == original[key]
    for kept_group, group in zip(
        kept["remunerations"]["groups"], original["remunerations"]["groups"], strict=True
    ):
        assert kept_group == group


# --- The printable summary of the declaration ----------------------------------------------------


@pytest.mark.django_db
def test_the_declaration_summary_follows_the_ministrys_form(communication_client, draft_2027):
    response = import_file(communication_client, draft_2027, as_csv(staff()))
    communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )
    year = EqualityIndexYear.objects.get(pk=draft_2027.pk)
    year.company_name, year.siren = "Smart en France", "123456789"
    year.remunerations_objective = "Ramener l'écart des ouvriers de moins de 30 ans à zéro."
    year.salary_raises_and_promotions_objective = "Autant d'augmentations pour les femmes."
    year.save()
    year.save_revision().publish()

    page = communication_client.get(reverse("equality_index_declaration", args=[year.pk]))

    assert page.status_code == 200
    text = text_of(page)
    sections = [
        "L'entreprise déclarante et le périmètre",
        "La période de référence et la tranche d'effectif",
        "Indicateur : Écart de rémunération",
        "Indicateur : Écart de taux d'augmentations individuelles (promotions incluses)",
        "Indicateur : Retour de congé maternité",
        "Indicateur : Hautes rémunérations",
        "Le niveau de résultat",
        "Les objectifs de progression",
        "La publication des résultats",
    ]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions), "not in the order of the declaration"
    assert "Raison sociale Smart en France SIREN 123456789" in text
    assert "Périmètre retenu pour le calcul L'entité juridique" in text
    assert "Fin de la période de référence (12 mois consécutifs) 31/12/2026 (par défaut" in text
    assert "Effectif pris en compte pour le calcul (effectif physique) 50" in text
    assert "Modalité de calcul Par catégorie socio-professionnelle (CSP) et tranche d'âge" in text
    assert "Résultat final obtenu 1 %" in text
    assert "Population envers laquelle l'écart est favorable Les hommes" in text
    assert "Nombre de points obtenus 39 sur 40" in text
    assert "Résultat en nombre de salarié·es 4,3" in text
    assert "Total des points obtenus aux indicateurs calculables 89" in text
    assert "Index 89/100" in text
    assert "Ramener l'écart des ouvriers" in text
    assert re.search(r"Site internet de publication https?://[^ ]+/index-egalite/", text)
    assert "À compléter avant de déclarer" not in text
    # Printable: the page's stylesheet hides the admin's furniture when printed.
    stylesheet = Path(settings.BASE_DIR, "static", "equality_index", "workforce.css").read_text()
    assert "workforce.css" in page.content.decode() and "@media print" in stylesheet


@pytest.mark.django_db
def test_the_declaration_summary_says_what_is_missing(communication_client, draft_2027):
    text = text_of(
        communication_client.get(reverse("equality_index_declaration", args=[draft_2027.pk]))
    )
    assert "À compléter avant de déclarer" in text
    assert "la raison sociale et le SIREN de l'entreprise déclarante" in text
    assert "la tranche d'effectif" in text
    assert "Version en brouillon" in text


# --- A measure is not a slip of the keyboard ---------------------------------------------------


def far_apart_staff():
    """30 women workers under 30 paid 30 000 and 30 men paid 100 000: a pay gap of 70 %,
    65 % after the 5-point threshold, past the 50 % a typed gap may reach."""
    return [employee("F", "ouv", 25, 30000) for _ in range(30)] + [
        employee("H", "ouv", 25, 100000) for _ in range(30)
    ]


@pytest.mark.django_db
def test_a_pay_gap_computed_past_the_plausible_bound_is_recorded_and_kept_on_save(
    communication_client, draft_2027
):
    response = import_file(communication_client, draft_2027, as_csv(far_apart_staff()))
    assert "65,0" in text_of(response)

    used = communication_client.post(
        reverse("equality_index_use_results", args=[draft_2027.pk]),
        {"payload": payload_of(response)},
    )

    edit_url = reverse(f"{ADMIN}:edit", args=[draft_2027.pk])
    assert used.status_code == 302 and used["Location"] == edit_url
    year = EqualityIndexYear.objects.get(pk=draft_2027.pk)
    assert (year.remunerations_result, year.remunerations_score) == (Decimal("65.0"), 0)
    # Saved again from the form as it is served: the measured gap is accepted...
    form = querydict_from_html(
        communication_client.get(edit_url).content.decode(), form_id="w-editor-form"
    )
    form["breakdown_known"] = "on"  # a ticked box has no value attribute, which it reads as ""
    saved = communication_client.post(edit_url, form)
    assert saved.status_code == 302, text_of(saved)
    assert EqualityIndexYear.objects.get(pk=draft_2027.pk).remunerations_result == Decimal("65.0")
    # ...but a gap typed over it past the bound is still a slip of the keyboard.
    form["remunerations_result"] = "66"
    typed = communication_client.post(edit_url, form)
    assert typed.status_code == 200
    assert "saisissez un écart compris entre 0 et 50 %" in text_of(typed)


@pytest.mark.django_db
def test_the_result_says_objectives_are_due_only_from_the_2021_indicators(
    communication_client, draft_2027
):
    # Workers under 30: (35 000 - 25 650,5) / 35 000 = 26.7 %, 21.7 after the threshold,
    # weighted by 24 of 44 employees: 11.8 % -> 23 points; 23 + 35 + 15 + 10 = 83.
    unequal = typed_tables(remuneration_ouv_moins30_hommes="35000")
    year_2020 = EqualityIndexYear.objects.create(
        publication_year=2020, data_year=2019, scope="entity", scope_description="Smart."
    )

    recent = text_of(communication_client.post(workforce_url(draft_2027), unequal))
    older = text_of(communication_client.post(workforce_url(year_2020), unequal))

    assert "Index : 83/100" in recent and "Index : 83/100" in older
    assert "Sous 85 : un objectif de progression sera obligatoire" in recent
    assert "objectif" not in older
