"""The equality index as the communication team uses it and as visitors read it."""

import datetime
import json
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from equality_index.models import EqualityIndexYear, days_until_deadline

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
    assert not EqualityIndexYear.objects.filter(live=True).exists()
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
        ("remunerations_result", "-1", "supérieure ou égale à 0"),
        ("maternity_leaves_result", "120", "inférieure ou égale à 100"),
        ("high_remunerations_result", "6", "inférieure ou égale à 5"),
        ("data_year", "2024", "sont celles de 2025"),
        ("remunerations_favorable_population", "", "population favorisée"),
    ],
)
def test_bad_input_gets_a_french_error_and_keeps_the_form(
    communication_client, field, value, message
):
    response = communication_client.post(reverse(f"{ADMIN}:add"), year_form_data(**{field: value}))
    assert response.status_code == 200
    assert message in form_errors(response).lower() or message in form_errors(response)
    assert not EqualityIndexYear.objects.exists()
    assert "Les coopératives de l&#x27;UES" in response.content.decode()


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
    assert EqualityIndexYear.objects.count() == 1


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
    assert not EqualityIndexYear.objects.filter(live=True).exists()
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
def test_dashboard_says_whether_this_years_index_is_published(communication_client):
    html = communication_client.get(reverse("wagtailadmin_home")).content.decode()
    this_year = timezone.localdate().year
    assert f"Index de l'égalité {this_year}" in html.replace("&#x27;", "'")
    days = days_until_deadline(timezone.localdate())
    expected = f"il reste {days} jour" if days >= 0 else f"dépassée de {-days} jour"
    assert expected in html.lower()


def test_days_until_deadline():
    assert days_until_deadline(datetime.date(2027, 2, 1)) == 28
    assert days_until_deadline(datetime.date(2028, 2, 1)) == 29  # leap year
    assert days_until_deadline(datetime.date(2027, 3, 1)) == 0
    assert days_until_deadline(datetime.date(2026, 11, 27)) == -271
