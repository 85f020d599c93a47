"""The demo content carries every fact of the fact sheet, on the page it belongs to.

Everything is read from the public HTML an anonymous visitor gets, not from the
models: a fact that is stored but not rendered is not on the site.
Source: shared/content/fiche-smart.md.
"""

import re
from io import StringIO

from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Revision

from cooperatives.models import CooperativePage
from pages.models import MissionPage

MISSION_URL = "/qui-sommes-nous/le-projet/"
HISTORY_URL = "/qui-sommes-nous/histoire/"
ECOSYSTEM_URL = "/ecosysteme/"
COOPERATIVE_URLS = {
    "GrandsEnsemble": "/ecosysteme/grandsensemble/",
    "Coop Portage": "/ecosysteme/coop-portage/",
    "Alterna": "/ecosysteme/alterna/",
}


def normalized(text):
    """Text as a reader sees it: entities decoded, any run of spaces collapsed to one."""
    return " ".join(text.split())


def public_main(client, url):
    """The <main> of the public page at `url`, fetched anonymously; fails unless it is a 200."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    main = BeautifulSoup(response.content, "html.parser").find("main")
    assert main is not None, f"{url} has no <main>"
    return main


def main_text(client, url):
    return normalized(public_main(client, url).get_text(" "))


def assert_carries(text, facts, where):
    missing = [fact for fact in facts if fact.lower() not in text.lower()]
    assert not missing, f"{where} is missing {missing}"


def card_links(main):
    """{href: visible title} of the page cards in `main`."""
    return {
        link["href"]: normalized(link.get_text())
        for link in main.select("article.card .card__title a")
    }


def facts_list(main):
    """The <dl class="facts"> of a cooperative page, as {term: definition}."""
    return {
        normalized(term.get_text()): normalized(term.find_next_sibling("dd").get_text())
        for term in main.select("dl.facts dt")
    }


def load_command_output():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def created_lines(output):
    """The command's "Créé : <titre>" lines, one per thing it created."""
    return re.findall(r"^Créée? : (.+)$", output, flags=re.MULTILINE)


# --- Qui est Smart -----------------------------------------------------------------


def test_mission_page_presents_smart_in_its_four_words(client, demo_site):
    text = main_text(client, MISSION_URL)
    assert_carries(
        text,
        ["coopérative engagée", "entreprise partagée", "projet collectif", "cadre mutualiste"],
        "the mission page",
    )


def test_mission_page_states_the_raison_d_etre_and_25_years(client, demo_site):
    text = main_text(client, MISSION_URL)
    assert_carries(
        text,
        ["sécurisation des travailleuses et des travailleurs", "25 ans"],
        "the mission page",
    )


def test_mission_page_names_the_four_terrains(client, demo_site):
    text = main_text(client, MISSION_URL)
    assert_carries(
        text,
        [
            "statut des artistes",
            "condition des créatifs",
            "protection sociale",
            "travail de plateforme",
        ],
        "the mission page",
    )


def test_mission_page_names_the_subordinations_and_the_aim_of_autonomy(client, demo_site):
    text = main_text(client, MISSION_URL)
    assert_carries(
        text,
        [
            "transformation sociale",
            "économiques, juridiques, psychologiques, culturelles",
            "cadre collectif émancipateur",
            "autonomie",
            "vivre de son art, de son métier ou de sa passion",
        ],
        "the mission page",
    )


def test_mission_page_names_the_four_natures_of_mechanisms(client, demo_site):
    main = public_main(client, MISSION_URL)
    text = normalized(main.get_text(" ")).lower()
    assert "quatre natures" in text
    for nature in ("opérationnel", "coopératif", "éducatif"):
        assert nature in text, f"the mission page does not name the {nature} mechanisms"
    # "mutualiste" alone would also match "cadre mutualiste": the nature must come
    # with its explanation, the « M » of the original acronym.
    mutualist_items = [
        normalized(item.get_text(" "))
        for item in main.find_all("li")
        if "mutualiste" in item.get_text().lower()
    ]
    assert any("« M »" in item for item in mutualist_items), mutualist_items


# --- Histoire ----------------------------------------------------------------------

# Each row of the fact sheet's timeline, keyed by the <time datetime> it renders with
# (None for "aujourd'hui", which has no date), with what that row must say.
TIMELINE_ROWS = {
    "1998": [
        "1998",
        "Belgique",
        "association",
        "« Société Mutuelle des Artistes »",
        "cadre légal",
        "protection sociale",
    ],
    "2009": ["2009", "France", "Sandrino Graceffa", "spectacle vivant", "production de projets"],
    "2020-07": ["juillet 2020", "tribunal de Lille", "UES", "Unité Économique et Sociale"],
    "2022": ["2022", "assemblée générale des sociétaires", "plan de continuation"],
    "2024-01-01": ["1er janvier 2024", "fermeture du service de production de projets"],
    None: ["Aujourd'hui", "« gestion social et solidaire »", "embaucher", "salarié·es"],
}


def timeline_items(client):
    main = public_main(client, HISTORY_URL)
    first_time = main.find("time")
    assert first_time is not None, "the history page renders no <time>"
    timeline = first_time.find_parent("ol")
    assert timeline is not None, "the timeline is not an ordered list (<ol>)"
    return timeline.find_all("li", recursive=False)


def item_datetime(item):
    time = item.find("time")
    return time["datetime"] if time else None


def test_history_timeline_is_an_ordered_list_oldest_first_with_today_last(client, demo_site):
    items = timeline_items(client)
    assert [item_datetime(item) for item in items] == [
        "1998",
        "2009",
        "2020-07",
        "2022",
        "2024-01-01",
        None,
    ]
    assert normalized(items[-1].get_text(" ")).startswith("Aujourd'hui")


def test_history_timeline_carries_each_row_of_the_fact_sheet(client, demo_site):
    items = {item_datetime(item): normalized(item.get_text(" ")) for item in timeline_items(client)}
    for datetime_value, facts in TIMELINE_ROWS.items():
        assert datetime_value in items, f"no timeline event with datetime={datetime_value}"
        assert_carries(items[datetime_value], facts, f"the {datetime_value} timeline event")


def test_history_dates_read_as_spoken_and_machine_readable(client, demo_site):
    times = [
        (item.time["datetime"], normalized(item.time.get_text()))
        for item in timeline_items(client)
        if item.time
    ]
    assert ("1998", "1998") in times
    assert ("2020-07", "juillet 2020") in times
    assert ("2024-01-01", "1er janvier 2024") in times


# --- L'écosystème ------------------------------------------------------------------


def test_ecosystem_page_explains_the_ues(client, demo_site):
    text = main_text(client, ECOSYSTEM_URL)
    assert_carries(
        text,
        [
            "coopératives associées",
            "outils et des garanties",
            "participations croisées",
            "UES",
            "Unité Économique et Sociale",
            "tribunal de Lille",
            "juillet 2020",
            "juridiquement distinctes",
            "activités communes ou complémentaires",
            "unité de direction",
            "communauté de travailleurs",
        ],
        "the ecosystem page",
    )


def test_ecosystem_page_lists_the_three_cooperatives_with_links(client, demo_site):
    links = card_links(public_main(client, ECOSYSTEM_URL))
    assert links == {url: name for name, url in COOPERATIVE_URLS.items()}


def test_grandsensemble_page_gives_its_form_territory_and_offer(client, demo_site):
    main = public_main(client, COOPERATIVE_URLS["GrandsEnsemble"])
    facts = facts_list(main)
    assert "CAE" in facts["Forme"]
    assert "Coopérative d'activité et d'emploi" in facts["Forme"]
    assert facts["Territoire"] == "Lille et Hauts-de-France"
    text = normalized(main.get_text(" "))
    assert_carries(text, ["sans créer d'entreprise", "CDI"], "the GrandsEnsemble page")
    assert re.search(r"lancement .*suivi", text), "GrandsEnsemble: from launch to follow-up"


def test_coop_portage_page_gives_its_form_territory_and_offer(client, demo_site):
    main = public_main(client, COOPERATIVE_URLS["Coop Portage"])
    facts = facts_list(main)
    assert facts["Forme"] == "Portage salarial en coopérative"
    assert facts["Territoire"] == "France"
    text = normalized(main.get_text(" "))
    assert_carries(
        text,
        ["portage salarial", "freelances", "le temps d'un projet", "CDD ou en CDI"],
        "the Coop Portage page",
    )
    assert re.search(r"liberté .*protection du salariat", text)


def test_alterna_page_gives_its_form_territory_and_offer(client, demo_site):
    main = public_main(client, COOPERATIVE_URLS["Alterna"])
    facts = facts_list(main)
    assert facts["Forme"] == "Coopérative de services à la personne"
    assert facts["Territoire"] == "France"
    text = normalized(main.get_text(" "))
    assert_carries(
        text,
        ["services à la personne", "prestations à domicile", "avantages financiers"],
        "the Alterna page",
    )


# --- L'accueil, construit depuis les pages publiées -------------------------------


def test_home_page_links_to_mission_history_ecosystem_and_each_cooperative(client, demo_site):
    links = card_links(public_main(client, "/"))
    for url in (MISSION_URL, HISTORY_URL, ECOSYSTEM_URL, *COOPERATIVE_URLS.values()):
        assert url in links, f"the home page has no card linking to {url}"
    for name, url in COOPERATIVE_URLS.items():
        assert links[url] == name


def test_unpublished_cooperative_disappears_from_home_and_ecosystem(client, demo_site):
    demo_site["alterna"].unpublish()
    for url in ("/", ECOSYSTEM_URL):
        main = public_main(client, url)
        assert COOPERATIVE_URLS["Alterna"] not in card_links(main), url
        assert "Alterna" not in main.get_text(), url
        # The others are still there: only the unpublished one went.
        assert COOPERATIVE_URLS["GrandsEnsemble"] in card_links(main), url
    assert client.get(COOPERATIVE_URLS["Alterna"]).status_code == 404


def test_renamed_cooperative_shows_its_new_title_once_published(client, demo_site):
    page = CooperativePage.objects.get(slug="coop-portage")
    page.title = "Coop Portage Solidaire"
    page.save_revision()
    # A draft is not public yet: the cards still show the published title.
    for url in ("/", ECOSYSTEM_URL):
        assert card_links(public_main(client, url))[COOPERATIVE_URLS["Coop Portage"]] == (
            "Coop Portage"
        )

    page.save_revision().publish()
    for url in ("/", ECOSYSTEM_URL):
        links = card_links(public_main(client, url))
        assert links[COOPERATIVE_URLS["Coop Portage"]] == "Coop Portage Solidaire", url


# --- Le chargement : idempotent, respectueux du travail des rédacteurs ------------


def test_loading_twice_changes_nothing_and_says_so_in_french(without_demo_content):
    first = load_command_output()
    pages, revisions = Page.objects.count(), Revision.objects.count()
    assert "Le projet" in created_lines(first)
    assert "rien n'a changé" not in first

    second = load_command_output()
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert "rien n'a changé" in second
    assert created_lines(second) == []


def test_loading_again_keeps_an_editors_published_edit_and_draft(client, without_demo_content):
    load_command_output()
    page = MissionPage.objects.get()
    page.title = "Notre projet coopératif"
    page.intro = "Le chapeau réécrit par la rédaction."
    page.save_revision().publish()
    page.intro = "Un brouillon en cours de relecture."
    draft = page.save_revision()
    revisions = Revision.objects.count()

    load_command_output()

    page.refresh_from_db()
    assert page.title == "Notre projet coopératif"
    assert page.intro == "Le chapeau réécrit par la rédaction."
    assert page.latest_revision_id == draft.pk
    assert Revision.objects.count() == revisions
    text = main_text(client, MISSION_URL)
    assert "Notre projet coopératif" in text
    assert "Le chapeau réécrit par la rédaction." in text


def test_loading_again_recreates_a_deleted_page_and_only_that_one(client, without_demo_content):
    """Chosen behaviour: a missing demo page is created again, an existing one is never touched.

    So deleting a demo page for good takes replacing it (same place, same slug) or not
    running the loader again; the loader is meant for first runs and local sites.
    """
    load_command_output()
    CooperativePage.objects.get(slug="alterna").delete()
    assert client.get(COOPERATIVE_URLS["Alterna"]).status_code == 404
    pages = Page.objects.count()

    output = load_command_output()

    assert created_lines(output) == ["Alterna"]
    assert Page.objects.count() == pages + 1
    text = main_text(client, COOPERATIVE_URLS["Alterna"])
    assert "prestations à domicile" in text


def test_loading_again_after_an_editor_changes_a_slug_adds_no_second_mission_page(
    without_demo_content,
):
    load_command_output()
    page = MissionPage.objects.get()
    page.slug = "notre-projet"
    page.save_revision().publish()

    load_command_output()

    assert MissionPage.objects.count() == 1, (
        "The loader looks demo pages up by parent and slug: after an editor changed the "
        "slug of « Le projet », it created a second MissionPage, although max_count = 1 "
        "(same for the history and ecosystem pages). It should look singletons up by type."
    )


def test_loader_creates_no_user_account(django_user_model, without_demo_content):
    load_command_output()
    assert Page.objects.filter(depth__gt=1).exists()
    assert django_user_model.objects.count() == 0
