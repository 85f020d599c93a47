"""The index admin as the communication team uses it: figures, messages, dashboard, listing.

Server side, through the admin's real views as a member of the Communication
group (the browser's part is in tests/browser/test_index_admin.py).
"""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from equality_index import deadlines
from equality_index.models import EqualityIndexYear
from equality_index.scoring import ScoringError, score_results

from .test_equality_index import ADMIN, form_errors, publish_via_admin, year_form_data

LARGE_COMPANY = {
    # 251-999 employees: 2 and 3 instead of 2et3.
    "workforce_range": "251:999",
    "salary_raises_and_promotions_status": "",
    "salary_raises_and_promotions_result": "",
    "salary_raises_and_promotions_employees_count_result": "",
    "salary_raises_and_promotions_favorable_population": "",
    "salary_raises_status": "calculable",
    "salary_raises_result": "1.5",
    "salary_raises_favorable_population": "men",
    "promotions_status": "calculable",
    "promotions_result": "2",
    "promotions_favorable_population": "men",
}


@pytest.fixture
def communication_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="camille", password="x" * 20)
    user.groups.add(Group.objects.get(name="Communication"))
    client.force_login(user)
    return client


PYTHON_AND_INTERNALS = ["Decimal(", "favorable_population", "« men »", "« women »", "None"]


def banner_text(response):
    """The error banner above the form, as a person reads it."""
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(" ".join(m.get_text(" ") for m in soup.select(".messages")).split())


def add(client, **overrides):
    return client.post(reverse(f"{ADMIN}:add"), year_form_data(**overrides))


def stored_2026():
    return EqualityIndexYear.objects.get(publication_year=2026)


# --- Point 3: plausible figures, French numbers, messages that say where -------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["7,8", "7.8", " 7,8 ", "7,80", "7,8 %"])
def test_a_result_is_read_with_a_decimal_comma_or_point(communication_client, typed):
    response = add(communication_client, remunerations_result=typed)
    assert response.status_code == 302, form_errors(response)
    assert stored_2026().remunerations_result == Decimal("7.8")


@pytest.mark.django_db
def test_the_edit_form_shows_results_with_a_decimal_comma(communication_client):
    add(communication_client, remunerations_result="6.1")
    html = communication_client.get(reverse(f"{ADMIN}:edit", args=[stored_2026().pk])).content
    field = BeautifulSoup(html, "html.parser").find(id="id_remunerations_result")
    assert field["value"] == "6,1"


@pytest.mark.django_db
def test_result_fields_are_text_boxes_with_a_decimal_keypad(communication_client):
    soup = BeautifulSoup(communication_client.get(reverse(f"{ADMIN}:add")).content, "html.parser")
    for name in [
        "remunerations_result",
        "salary_raises_result",
        "promotions_result",
        "salary_raises_and_promotions_result",
        "salary_raises_and_promotions_employees_count_result",
        "maternity_leaves_result",
    ]:
        field = soup.find(id=f"id_{name}")
        assert (field["type"], field["inputmode"]) == ("text", "decimal"), name
    top_ten = soup.find(id="id_high_remunerations_result")
    assert (top_ten["type"], top_ten["inputmode"]) == ("text", "numeric")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        pytest.param(
            {"remunerations_result": "78"},
            "remunerations_result",
            "Indicateur « Écart de rémunération », champ « Résultat » : saisissez un écart "
            "compris entre 0 et 50 % (saisi : « 78 »).",
            id="pay-gap-78",
        ),
        pytest.param(
            {**LARGE_COMPANY, "promotions_result": "1e3"},
            "promotions_result",
            "Indicateur « Écart de taux de promotions », champ « Résultat » : saisissez un "
            "écart compris entre 0 et 100 points de pourcentage, en chiffres, avec une "
            "virgule pour les décimales (par exemple 7,8) (saisi : « 1e3 »).",
            id="scientific-notation",
        ),
        pytest.param(
            {**LARGE_COMPANY, "promotions_result": "-3"},
            "promotions_result",
            "Indicateur « Écart de taux de promotions », champ « Résultat » : l'écart se "
            "saisit en valeur absolue, sans signe moins ; le sexe favorisé se choisit dans "
            "« Population favorisée » (saisi : « -3 »).",
            id="negative-gap",
        ),
        pytest.param(
            {**LARGE_COMPANY, "salary_raises_result": "100,5"},
            "salary_raises_result",
            "compris entre 0 et 100 points de pourcentage",
            id="raise-gap-over-100",
        ),
        pytest.param(
            {"salary_raises_and_promotions_employees_count_result": "300"},
            "salary_raises_and_promotions_employees_count_result",
            "Indicateur « Écart de taux d'augmentations individuelles (promotions incluses) », "
            "champ « Écart en nombre de salariés » : saisissez un nombre de salarié·es "
            "compris entre 0 et 125",
            id="employees-count-300",
        ),
        pytest.param(
            {"maternity_leaves_result": "100,01"},
            "maternity_leaves_result",
            "Indicateur « Retour de congé maternité », champ « Résultat » : saisissez un "
            "pourcentage compris entre 0 et 100 %",
            id="maternity-over-100",
        ),
        pytest.param(
            {"high_remunerations_result": "2,5"},
            "high_remunerations_result",
            "Indicateur « Hautes rémunérations », champ « Résultat » : saisissez un nombre "
            "entier de salarié·es compris entre 0 et 5, sans décimale",
            id="top-ten-fraction",
        ),
        pytest.param(
            {"remunerations_result": "6,1234"},
            "remunerations_result",
            "au plus 3 chiffres après la virgule",
            id="too-many-decimals",
        ),
        pytest.param(
            {"remunerations_result": "NaN"},
            "remunerations_result",
            "Indicateur « Écart de rémunération », champ « Résultat »",
            id="not-a-number",
        ),
        pytest.param(
            {"remunerations_result": "1 000"},
            "remunerations_result",
            "compris entre 0 et 50 %",
            id="spaces-as-thousands",
        ),
    ],
)
def test_implausible_results_are_refused_naming_the_indicator_and_the_field(
    communication_client, overrides, field, expected
):
    response = add(communication_client, **overrides)

    assert response.status_code == 200
    messages = " ".join(response.context["form"].errors[field])
    assert expected in messages
    assert not any(internal in messages for internal in PYTHON_AND_INTERNALS)
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"remunerations_result": "50"}, id="pay-gap-50"),
        pytest.param({"remunerations_result": "0"}, id="pay-gap-0"),
        pytest.param(
            {"salary_raises_and_promotions_result": "100"}, id="raises-and-promotions-100"
        ),
        pytest.param(
            {"salary_raises_and_promotions_employees_count_result": "125"}, id="employees-125"
        ),
        pytest.param({"maternity_leaves_result": "0"}, id="maternity-0"),
        pytest.param({"high_remunerations_result": "5"}, id="top-ten-5"),
        pytest.param({"high_remunerations_result": "0"}, id="top-ten-0"),
        pytest.param({**LARGE_COMPANY, "promotions_result": "100"}, id="promotions-100"),
    ],
)
def test_results_at_the_plausible_bounds_are_accepted(communication_client, overrides):
    response = add(communication_client, **overrides)
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_the_error_banner_names_the_indicator(communication_client):
    response = add(communication_client, **{**LARGE_COMPANY, "promotions_result": "1e3"})

    banner = banner_text(response)
    assert "L'index n'a pas pu être enregistré" in banner.replace("&#x27;", "'")
    assert "Indicateur « Écart de taux de promotions », champ « Résultat »" in banner
    assert "Résultat:" not in banner


@pytest.mark.django_db
def test_the_banner_names_every_field_in_error_even_the_choices(communication_client):
    response = add(communication_client, remunerations_status="n-importe-quoi", data_year="2024")

    banner = banner_text(response)
    assert "Indicateur « Écart de rémunération », champ « Calculabilité » :" in banner
    assert "Année des données : Les données d'un index publié en 2026" in banner


@pytest.mark.django_db
def test_publishing_refusals_use_french_labels_not_internal_keys(communication_client):
    response = publish_via_admin(communication_client, remunerations_favorable_population="")

    messages = form_errors(response)
    assert "population favorisée (les hommes ou les femmes)" in messages
    assert "« Écart de rémunération »" in messages
    assert not any(internal in messages for internal in PYTHON_AND_INTERNALS)
    assert "Population favorisée" in banner_text(response) or "population favorisée" in (
        banner_text(response)
    )


def test_scoring_messages_show_values_as_a_person_reads_them():
    with pytest.raises(ScoringError) as raised:
        score_results(
            {
                "workforce_range": "251:999",
                "remunerations": {
                    "computable": True,
                    "result": 3,
                    "favorable_population": "men",
                },
                "salary_raises": {"computable": False, "reason": "absaugi"},
                "promotions": {
                    "computable": True,
                    "result": Decimal("-3"),
                    "favorable_population": "men",
                },
                "maternity_leaves": {"computable": False, "reason": "absrcm"},
                "high_remunerations": {"result": 4, "favorable_population": "men"},
            }
        )
    assert "(reçu : -3)" in str(raised.value)
    assert "Decimal" not in str(raised.value)


def test_scoring_asks_for_the_favoured_population_in_french():
    with pytest.raises(ScoringError) as raised:
        score_results(
            {
                "workforce_range": "50:250",
                "remunerations": {"computable": True, "result": 3},
                "salary_raises_and_promotions": {"computable": False, "reason": "absaugi"},
                "maternity_leaves": {"computable": False, "reason": "absrcm"},
                "high_remunerations": {"result": 4, "favorable_population": "men"},
            }
        )
    assert "la population favorisée (les hommes ou les femmes) est obligatoire" in str(raised.value)
    assert "favorable_population" not in str(raised.value)


# --- Point 15: drafts without a range, panels by range, live points ------------------------


@pytest.mark.django_db
def test_a_draft_may_be_saved_without_the_workforce_range(communication_client):
    response = add(communication_client, workforce_range="")

    assert response.status_code == 302, form_errors(response)
    year = stored_2026()
    assert not year.live and year.index is None
    assert year.missing_data() == ["la tranche d'effectif"]


@pytest.mark.django_db
def test_publishing_without_the_workforce_range_is_refused(communication_client):
    response = publish_via_admin(communication_client, workforce_range="")

    assert response.status_code == 200
    assert "Publication refusée : il manque la tranche d'effectif." in form_errors(response)
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists()


@pytest.mark.django_db
def test_the_form_marks_the_panels_of_each_range_for_its_script(communication_client):
    html = communication_client.get(reverse(f"{ADMIN}:add")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    ranges = {
        section.find(class_="w-panel__heading").get_text(" ", strip=True): section[
            "data-index-ranges"
        ]
        for section in soup.select("section[data-index-ranges]")
    }
    assert sorted(ranges.values()) == ["251:999 1000:", "251:999 1000:", "50:250"]
    assert "equality_index/index_year_form.js" in html
    # Without the script, nothing is hidden: every indicator's panel is in the page.
    assert not soup.select("section[data-index-ranges][hidden]")


def live_points(client, **overrides):
    response = client.post(reverse("equality_index_live_points"), year_form_data(**overrides))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.django_db
def test_live_points_are_the_servers_own_scoring_of_the_typed_form(communication_client):
    answer = live_points(communication_client)

    assert (answer["points"], answer["computable_points"], answer["index"]) == (93, 100, 93)
    assert answer["scores"] == {
        "remunerations": 33,
        "salary_raises_and_promotions": 35,
        "maternity_leaves": 15,
        "high_remunerations": 10,
    }
    assert "93 points sur 100 calculables" in answer["html"]
    assert "saisie en cours" in answer["html"]
    assert not EqualityIndexYear.objects.filter(publication_year=2026).exists(), "saved"


@pytest.mark.django_db
def test_live_points_follow_what_is_typed(communication_client):
    # 20,1 % -> 0 points and no correction: 0 + 35 + 15 + 10 = 60.
    answer = live_points(
        communication_client,
        remunerations_result="20,1",
        salary_raises_and_promotions_favorable_population="men",
    )
    assert answer["index"] == 60
    assert "mesures de correction" in answer["html"]


@pytest.mark.django_db
def test_live_points_say_what_is_missing_or_wrong(communication_client):
    missing = live_points(communication_client, maternity_leaves_status="")
    assert missing["index"] is None
    assert missing["missing"] == ["la calculabilité de l'indicateur « Retour de congé maternité »"]
    assert "Il manque : la calculabilité" in missing["html"]

    wrong = live_points(communication_client, remunerations_result="78")
    assert wrong["index"] is None
    assert wrong["errors"] == [
        "Indicateur « Écart de rémunération », champ « Résultat » : saisissez un écart "
        "compris entre 0 et 50 % (saisi : « 78 »)."
    ]
    assert "À corriger" in wrong["html"]


@pytest.mark.django_db
def test_live_points_ignore_what_the_points_do_not_depend_on(communication_client):
    publish_via_admin(communication_client)
    # Same year as the record being edited: the "already exists" error is not a points matter.
    answer = live_points(communication_client, scope="")
    assert answer["index"] == 93 and answer["errors"] == []


@pytest.mark.django_db
def test_live_points_need_the_index_permissions(client, django_user_model):
    url = reverse("equality_index_live_points")
    assert client.post(url, year_form_data()).status_code == 302  # to the login page

    editor = django_user_model.objects.create_user(username="editrice", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    response = client.post(url, year_form_data())
    assert response.status_code == 403
    assert "points" not in response.json()


@pytest.mark.django_db
def test_live_points_answer_posts_only(communication_client):
    assert communication_client.get(reverse("equality_index_live_points")).status_code == 405


# --- Point 8: the dashboard reminder ---------------------------------------------------------


def test_on_1_december_2026_the_next_deadline_is_1_march_2027_and_three_years_are_missed():
    # The demo data: only 2023 is recorded, and published.
    reminder = deadlines.reminder(datetime.date(2026, 12, 1), [2023], [2023])

    assert reminder.next_year == 2027
    assert reminder.next_deadline == datetime.date(2027, 3, 1)
    assert reminder.days_left == 90
    assert reminder.missed_years == [2024, 2025, 2026]


@pytest.mark.parametrize(
    ("today", "next_year", "days_left"),
    [
        (datetime.date(2027, 2, 28), 2027, 1),
        (datetime.date(2027, 3, 1), 2027, 0),
        (datetime.date(2027, 3, 2), 2028, 365),  # up to 1 March 2028, past 29 February
        (datetime.date(2027, 12, 31), 2028, 61),  # 31 days of January, 29 of February, 1
        (datetime.date(2028, 2, 28), 2028, 2),  # leap year: 29 February comes first
        (datetime.date(2028, 2, 29), 2028, 1),
        (datetime.date(2028, 3, 1), 2028, 0),
        (datetime.date(2028, 3, 2), 2029, 364),
        (datetime.date(2026, 1, 1), 2026, 59),
    ],
)
def test_next_deadline_at_its_boundaries(today, next_year, days_left):
    reminder = deadlines.reminder(today)
    assert (reminder.next_year, reminder.days_left) == (next_year, days_left)
    assert reminder.is_today == (days_left == 0)


@pytest.mark.parametrize(
    ("today", "missed"),
    [
        # The deadline day itself is not missed yet; the day after, it is.
        (datetime.date(2026, 2, 28), [2024, 2025]),
        (datetime.date(2026, 3, 1), [2024, 2025]),
        (datetime.date(2026, 3, 2), [2024, 2025, 2026]),
        (datetime.date(2026, 12, 31), [2024, 2025, 2026]),
        (datetime.date(2027, 3, 2), [2024, 2025, 2026, 2027]),
    ],
)
def test_missed_years_are_the_passed_deadlines_without_a_publication(today, missed):
    assert deadlines.missed_years(today, [2023], [2023]) == missed


def test_missed_years_start_at_the_first_recorded_year_and_skip_published_ones():
    today = datetime.date(2026, 12, 1)
    assert deadlines.missed_years(today, [2023, 2025, 2026], [2023, 2025]) == [2024, 2026]
    assert deadlines.missed_years(today, [2026], []) == [2026]
    assert deadlines.missed_years(today, [2027], []) == []
    assert deadlines.missed_years(today, [], []) == []


def test_a_year_published_early_is_not_the_next_task():
    reminder = deadlines.reminder(datetime.date(2026, 12, 1), [2023, 2027], [2023, 2027])
    assert reminder.next_year == 2027 and reminder.next_year_published


@pytest.mark.parametrize(
    ("day", "with_year", "text"),
    [
        (datetime.date(2027, 3, 1), True, "1er mars 2027"),
        (datetime.date(2027, 3, 2), True, "2 mars 2027"),
        (datetime.date(2026, 12, 1), False, "1er décembre"),
        (datetime.date(2028, 2, 29), True, "29 février 2028"),
        (datetime.date(2026, 8, 15), True, "15 août 2026"),
    ],
)
def test_french_dates(day, with_year, text):
    assert deadlines.french_date(day, with_year=with_year) == text


def test_french_plurals_and_lists():
    assert [deadlines.count_of_days(n) for n in (0, 1, 2, 90)] == [
        "0 jour",
        "1 jour",
        "2 jours",
        "90 jours",
    ]
    assert deadlines.french_list([2024]) == "2024"
    assert deadlines.french_list([2024, 2025]) == "2024 et 2025"
    assert deadlines.french_list([2024, 2025, 2026]) == "2024, 2025 et 2026"


def dashboard(client, today):
    with mock.patch.object(timezone, "localdate", return_value=today):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    panel = soup.find(id="index-egalite-statut")
    return panel.find_parent("section") if panel else None


def text_of(element):
    return " ".join(element.get_text(" ").split()).replace(" .", ".").replace(" ,", ",")


@pytest.mark.django_db
def test_dashboard_on_1_december_2026(communication_client):
    panel = dashboard(communication_client, datetime.date(2026, 12, 1))

    text = text_of(panel)
    assert "prochaine échéance le 1er mars 2027" in text
    assert "L'index 2027 (données 2026) doit être publié au plus tard le 1er mars 2027" in text
    assert "il reste 90 jours" in text
    assert "Les index 2024, 2025 et 2026 n'ont jamais été publiés" in text
    assert "275" not in text and "dépassée" not in text
    links = {a.get_text(strip=True): a["href"] for a in panel.find_all("a")}
    add_url = reverse(f"{ADMIN}:add")
    assert links["Préparer l'index 2027"] == f"{add_url}?annee=2027"
    assert links["Préparer l'index 2026"] == f"{add_url}?annee=2026"


@pytest.mark.django_db
def test_dashboard_on_the_deadline_day_says_it_is_today(communication_client):
    text = text_of(dashboard(communication_client, datetime.date(2027, 3, 1)))

    assert "c'est aujourd'hui" in text
    assert "0 jour" not in text
    assert "2027 n'a jamais" not in text and "2027 n'ont" not in text


@pytest.mark.django_db
def test_dashboard_the_day_before_says_one_day(communication_client):
    text = text_of(dashboard(communication_client, datetime.date(2027, 2, 28)))
    assert "il reste 1 jour." in text


@pytest.mark.django_db
def test_dashboard_offers_the_draft_of_a_year_in_preparation(communication_client):
    add(communication_client, publication_year="2027", data_year="2026")
    draft = EqualityIndexYear.objects.get(publication_year=2027)

    panel = dashboard(communication_client, datetime.date(2026, 12, 1))

    links = {a.get_text(strip=True): a["href"] for a in panel.find_all("a")}
    assert links["Reprendre l'index 2027"] == reverse(f"{ADMIN}:edit", args=[draft.pk])


@pytest.mark.django_db
def test_dashboard_says_when_the_next_index_is_out(communication_client):
    publish_via_admin(communication_client, publication_year="2027", data_year="2026")
    EqualityIndexYear.objects.filter(publication_year=2027).update(
        publication_date=datetime.date(2027, 2, 1)
    )

    text = text_of(dashboard(communication_client, datetime.date(2027, 2, 10)))

    assert "L'index 2027 est publié depuis le 1er février 2027 : 93/100." in text
    assert "Préparer l'index 2027" not in text


@pytest.mark.django_db
def test_the_prepare_link_opens_the_form_with_its_years(communication_client):
    response = communication_client.get(reverse(f"{ADMIN}:add") + "?annee=2027")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(id="id_publication_year")["value"] == "2027"
    assert soup.find(id="id_data_year")["value"] == "2026"


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password="x" * 20)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.django_db
def test_dashboard_reminder_only_for_those_who_can_act_on_it(client, django_user_model):
    today = datetime.date(2026, 12, 1)
    for username, group, sees in [
        ("editrice", "Éditeurs", False),
        ("communication", "Communication", True),
        ("administratrice", "Administrateurs", True),
    ]:
        client.force_login(member(django_user_model, username, group))
        assert (dashboard(client, today) is not None) is sees, group
    client.force_login(
        django_user_model.objects.create_superuser(username="root", password="x" * 20)
    )
    assert dashboard(client, today) is not None


@pytest.mark.django_db
def test_dashboard_has_no_prepare_button_for_who_cannot_add(client, django_user_model):
    # Allowed to change existing years but not to add one: no "Préparer" link.
    group = Group.objects.create(name="Relecture de l'index")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_equalityindexyear"),
        Permission.objects.get(codename="view_equalityindexyear"),
    )
    user = django_user_model.objects.create_user(username="relecture", password="x" * 20)
    user.groups.add(group)
    client.force_login(user)

    panel = dashboard(client, datetime.date(2026, 12, 1))

    assert panel is not None
    assert "Préparer" not in text_of(panel)


# --- Point 7: names and listing -------------------------------------------------------------


def test_model_names_read_as_french_in_wagtails_messages():
    meta = EqualityIndexYear._meta
    assert (meta.verbose_name, meta.verbose_name_plural) == (
        "index de l'égalité",
        "index de l'égalité",
    )


@pytest.mark.django_db
def test_listing_shows_french_columns_and_states(communication_client):
    # An incomplete draft, and 2026 online.
    add(communication_client, publication_year="2027", data_year="2026", remunerations_result="")
    publish_via_admin(communication_client)

    soup = BeautifulSoup(communication_client.get(reverse(f"{ADMIN}:list")).content, "html.parser")
    table = soup.select_one("table.listing")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers[1:] == ["Année de publication", "Année des données", "Index", "État"]
    rows = {
        tr.select_one("td.title").get_text(" ", strip=True).split()[0]: [
            td.get_text(" ", strip=True) for td in tr.select("td")
        ]
        for tr in table.select("tbody tr")
    }
    assert rows["2027"][-2:] == ["À compléter", "Brouillon"]
    assert rows["2026"][-2:] == ["93/100", "En ligne"]
    assert rows["2023"][-2:] == ["82/100", "En ligne"]
    body = table.get_text(" ")
    assert "True" not in body and "False" not in body


@pytest.mark.django_db
def test_listing_says_when_a_year_is_scheduled(communication_client):
    go_live = timezone.now() + datetime.timedelta(days=3)
    data = year_form_data(go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "action-publish"
    assert communication_client.post(reverse(f"{ADMIN}:add"), data).status_code == 302

    assert stored_2026().status_label == "Programmé"
    html = communication_client.get(reverse(f"{ADMIN}:list")).content.decode()
    assert "Programmé" in html


# --- The index from the workforce data (tests/test_index_from_payroll.py has the rest) ------


@pytest.mark.django_db
def test_a_saved_year_offers_the_calculation_and_the_declaration_summary(communication_client):
    add_form = BeautifulSoup(
        communication_client.get(reverse(f"{ADMIN}:add")).content, "html.parser"
    )
    assert "Enregistrez d'abord le brouillon" in add_form.get_text()
    add(communication_client)
    year = stored_2026()

    edit = BeautifulSoup(
        communication_client.get(reverse(f"{ADMIN}:edit", args=[year.pk])).content, "html.parser"
    )

    links = {a.get_text(strip=True): a["href"] for a in edit.select("a.button")}
    assert links["Calculer à partir des effectifs"] == reverse(
        "equality_index_workforce", args=[year.pk]
    )
    assert links["Récapitulatif pour la déclaration (à imprimer)"] == reverse(
        "equality_index_declaration", args=[year.pk]
    )
    assert "Pour la déclaration au ministère (jamais publié)" in edit.get_text()
    assert edit.find(id="id_siren") is not None


@pytest.mark.django_db
def test_the_siren_is_read_with_or_without_spaces_and_has_nine_digits(communication_client):
    response = add(communication_client, siren="12345678")
    assert response.status_code == 200
    assert "Le SIREN compte 9 chiffres." in form_errors(response)
    assert add(communication_client, siren="123 456 789").status_code == 302
    assert stored_2026().siren == "123456789"


@pytest.mark.django_db
def test_results_typed_over_the_kept_tables_are_flagged(communication_client):
    add(communication_client)
    year = stored_2026()
    year.workforce_tables = {
        "source": "form",
        "computed_on": "2026-01-10",
        "tables": {
            "workforce_range": "50:250",
            "workforce": {
                category: {
                    band: {
                        "women": 10 if band == "30-39" else 0,
                        "men": 10 if band == "30-39" else 0,
                    }
                    for band in ("-29", "30-39", "40-49", "50+")
                }
                for category in ("ouv", "emp", "tam", "ic")
            },
            "pay": {"mode": "csp", "groups": []},
            "salary_raises_and_promotions": {"any": False, "women_raised": 0, "men_raised": 0},
            "maternity_leaves": {"returned": 0, "raised": 0},
            "high_remunerations": {"women": 4, "men": 6},
        },
    }
    year.save()
    year.save_revision()
    differing = year.tables_disagreements()
    assert "« Écart de rémunération »" in differing
    assert "« Hautes rémunérations »" not in differing
    html = communication_client.get(reverse(f"{ADMIN}:edit", args=[year.pk])).content.decode()
    assert "ne sont plus ceux des tableaux conservés" in html
