"""The site search finds pages whatever the accents, the case and the plural, and never breaks.

It finds acronyms and beginnings of words, asks for every word of the query, puts
the pages whose title holds them first and marks them in what it shows (issue,
point 11). Everything is read from the HTML an anonymous visitor gets at /recherche/.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cooperatives.models import CooperativePage
from pages.models import StandardPage

NO_RESULT_MESSAGE = "Aucune page ne correspond à"
COOPERATIVE_TITLES = {"GrandsEnsemble", "Coop Portage", "Alterna"}
ECOSYSTEM_TITLE = "L'écosystème"
INDEX_TITLE = "Index de l'égalité professionnelle femmes-hommes"
# Ten results of as many page types, the search, the places and the site: never more.
SEARCH_QUERY_BUDGET = 15


def normalized(text):
    return " ".join(text.split())


def search(client, query, **params):
    """The search page for `query`, parsed; fails unless it is a 200 page in French."""
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200, f"search for {query!r} answered {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html.get("lang") == "fr", f"search for {query!r} is not a French page"
    assert soup.find("h1").get_text(strip=True) == "Rechercher sur le site"
    return soup


def results(soup):
    """{title: {"url", "place", "excerpt"}} of the results listed, in the page's order."""
    found = {}
    for item in soup.select("main ol.search-results > li"):
        link = item.select_one("h2 a")
        place = item.select_one(".search-results__place")
        excerpts = [p for p in item.find_all("p") if p is not place]
        found[normalized(link.get_text())] = {
            "url": link["href"],
            "place": normalized(place.get_text()) if place else "",
            "excerpt": normalized(excerpts[0].get_text()) if excerpts else "",
        }
    return found


def every_result_title(client, query):
    """The titles of every result for `query`, in order, following "Résultats suivants"."""
    soup, titles = search(client, query), []
    for _ in range(20):
        titles += list(results(soup))
        following = soup.find("a", string="Résultats suivants")
        if following is None:
            return titles
        soup = search(client, query, page=following["href"].rsplit("page=", 1)[1])
    raise AssertionError(f"more than 20 pages of results for {query!r}")


def marks(soup, title):
    """The marked words of the result `title`: {"title": [...], "excerpt": [...]}."""
    for item in soup.select("main ol.search-results > li"):
        link = item.select_one("h2 a")
        if normalized(link.get_text()) == title:
            place = item.select_one(".search-results__place")
            excerpts = [p for p in item.find_all("p") if p is not place]
            return {
                "title": [mark.get_text() for mark in link.find_all("mark")],
                "excerpt": [mark.get_text() for p in excerpts[:1] for mark in p.find_all("mark")],
            }
    raise AssertionError(f"{title!r} is not among the results")


def main_text(soup):
    return normalized(soup.find("main").get_text(" "))


def add_standard_page(parent, title, body_text, publish=True, **fields):
    page = StandardPage(
        title=title,
        intro=body_text,
        summary=fields.pop("summary", body_text),
        live=publish,  # a page never published is a draft: not live
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


# --- Accents, case and plurals ------------------------------------------------------


def test_unaccented_singular_finds_pages_that_only_say_cooperatives_with_accents(client, demo_site):
    found = results(search(client, "cooperative"))

    # The ecosystem page says only "coopératives" (accented, plural), never "cooperative".
    assert ECOSYSTEM_TITLE in found
    assert set(found) >= COOPERATIVE_TITLES


def test_unaccented_word_finds_the_equality_index_page(client, demo_site):
    found = results(search(client, "egalite"))

    assert INDEX_TITLE in found
    assert found[INDEX_TITLE]["url"] == demo_site["index-egalite"].url
    assert "Alterna" not in found, "an unrelated page matched 'egalite'"


def test_upper_case_accented_query_finds_the_same_pages(client, demo_site):
    found = results(search(client, "COOPÉRATIVE"))

    assert ECOSYSTEM_TITLE in found
    assert set(found) >= COOPERATIVE_TITLES


def test_accented_plural_query_finds_pages_saying_only_the_singular(client, demo_site):
    # Alterna says "coopérative" and "coopératif", never "coopératives".
    found = results(search(client, "coopératives"))

    assert "Alterna" in found


# --- Acronyms, beginnings of words, every word, titles first (issue, point 11) -------


def test_acronym_shown_on_the_cards_finds_the_cooperative_of_that_legal_form(client, demo_site):
    # Its cards say "Coopérative d'activité et d'emploi (CAE)"; its texts never say "CAE".
    found = results(search(client, "CAE"))

    assert "GrandsEnsemble" in found
    assert found["GrandsEnsemble"]["url"] == demo_site["grandsensemble"].url
    assert "Alterna" not in found and "Coop Portage" not in found


def test_beginning_of_a_word_finds_every_cooperative_and_the_ecosystem(client, demo_site):
    # Only "Coop Portage" holds the word "coop"; the others say "coopérative(s)".
    found = results(search(client, "coop"))

    assert set(found) >= COOPERATIVE_TITLES | {ECOSYSTEM_TITLE}


def test_beginning_of_a_word_typed_without_its_accents_finds_it(client, demo_site):
    # A phone keyboard makes accents slow: "egal" and "ecosys" as well as "égal".
    assert INDEX_TITLE in results(search(client, "egal"))
    assert INDEX_TITLE in results(search(client, "égal"))
    assert ECOSYSTEM_TITLE in results(search(client, "ecosys"))


def test_beginnings_of_several_words_must_all_match(client, demo_site):
    found = results(search(client, "coop port"))

    assert "Coop Portage" in found
    assert not found.keys() & {"Alterna", "GrandsEnsemble"}


def test_only_pages_holding_every_word_are_found_little_words_apart(client, demo_site):
    home = demo_site["accueil"]
    add_standard_page(home, "Index des prix", "Un index des prix, sans plus.")
    add_standard_page(home, "Égalité des chances", "L'égalité des chances à l'école.")
    # Holds "index" and "égalité" but neither "de" nor "l'" before "égalité" alone.
    add_standard_page(home, "Rapport social", "Le rapport cite cet index : égalité atteinte.")

    found = results(search(client, "Index de l'égalité"))

    # "index" and "égalité" are both required, "de" and "l'" are not: the index page
    # and the news of the 2023 index (their titles hold both words, so they come
    # first), then the report.
    titles = list(found)
    assert len(titles) == 3
    assert set(titles[:2]) == {INDEX_TITLE, "Index de l'égalité professionnelle : 82/100 en 2023"}
    assert titles[2] == "Rapport social"


def test_query_without_accents_finds_the_same_pages_as_with_them(client, demo_site):
    assert set(results(search(client, "cooperative"))) == set(
        results(search(client, "coopérative"))
    )
    assert set(results(search(client, "egalite"))) == set(results(search(client, "égalité")))


def test_pages_whose_title_holds_the_word_come_first(client, demo_site):
    add_standard_page(
        demo_site["qui-sommes-nous"],
        "Être sociétaire de la coopérative",
        "Les sociétaires votent en assemblée générale.",
    )
    # A card that repeats the word, which relevance alone would put first.
    insistent = CooperativePage(
        title="Les Ateliers",
        legal_form=CooperativePage.LegalForm.CAE,
        territory="France",
        promise="Une coopérative, vraiment coopérative, pour une vie coopérative.",
        audience="Tout le monde.",
        offer="Une offre.",
    )
    demo_site["ecosysteme"].add_child(instance=insistent)
    insistent.save_revision().publish()

    order = every_result_title(client, "coopérative")

    assert order[0] == "Être sociétaire de la coopérative"
    assert order.index("Les Ateliers") < order.index("Contact")


def test_contact_page_comes_after_the_cooperatives_and_the_ecosystem(client, demo_site):
    # The contact page's one-line summary says "coopératives" once; it came second.
    order = every_result_title(client, "coopérative")

    contact = order.index("Contact")
    assert all(order.index(title) < contact for title in COOPERATIVE_TITLES | {ECOSYSTEM_TITLE})


# --- Marked words ----------------------------------------------------------------------


def test_query_words_are_marked_in_titles_and_excerpts_whatever_their_accents(client, demo_site):
    unaccented = search(client, "cooperative")
    beginning = search(client, "coop")
    equality = search(client, "EGALITE")

    assert marks(unaccented, "GrandsEnsemble")["excerpt"] == ["Coopérative"]
    assert marks(unaccented, ECOSYSTEM_TITLE)["excerpt"] == ["coopératives"]
    assert marks(beginning, "Coop Portage") == {"title": ["Coop"], "excerpt": ["coopérative"]}
    assert marks(equality, INDEX_TITLE) == {"title": ["égalité"], "excerpt": ["égalité"]}


def test_little_words_and_unrelated_words_are_not_marked(client, demo_site):
    soup = search(client, "Index de l'égalité")

    assert marks(soup, INDEX_TITLE)["title"] == ["Index", "égalité"]


def test_markup_in_the_query_or_in_a_page_is_shown_as_text_never_run(client, demo_site):
    title = 'Atelier <script>alert("titre")</script>'
    add_standard_page(demo_site["accueil"], title, "Un atelier d'écriture de script <b>gras</b>.")

    soup = search(client, "<script>atelier</script>")

    main = soup.find("main")
    assert main.find("script") is None and main.find("b") is None
    assert title in results(soup)
    assert marks(soup, title) == {
        "title": ["Atelier", "script", "script"],
        "excerpt": ["atelier", "script"],
    }
    assert soup.select_one("input[name=q]")["value"] == "<script>atelier</script>"


# --- Query budget ------------------------------------------------------------------


def test_search_page_stays_within_its_query_budget_whatever_the_number_of_results(
    client, demo_site, django_assert_max_num_queries
):
    search(client, "coopérative")  # warm: the site, the restricted paths
    with django_assert_max_num_queries(SEARCH_QUERY_BUDGET) as few_results:
        found_at_first = result_count(search(client, "coopérative"))
    for number in range(30):
        add_standard_page(demo_site["accueil"], f"Note {number}", "Une coopérative de plus.")
    search(client, "coopérative")
    with django_assert_max_num_queries(SEARCH_QUERY_BUDGET) as many_results:
        soup = search(client, "coopérative")

    assert result_count(soup) == found_at_first + 30
    assert len(many_results) <= len(few_results)


def result_count(soup):
    return int(re.search(r"(\d+) résultats? pour", main_text(soup)).group(1))


# --- What a result shows ---------------------------------------------------------------


def test_result_shows_title_link_summary_as_excerpt_and_its_place_in_the_site(client, demo_site):
    alterna = demo_site["alterna"]

    found = results(search(client, "Alterna"))

    assert found["Alterna"]["url"] == alterna.url
    assert found["Alterna"]["excerpt"] == alterna.summary
    assert found["Alterna"]["place"] == ECOSYSTEM_TITLE


def test_result_place_names_every_ancestor_below_the_home_page(client, demo_site):
    section = add_standard_page(demo_site["qui-sommes-nous"], "Nos engagements", "Engagements.")
    add_standard_page(section, "Charte Tamarin", "La charte tamarin.")

    found = results(search(client, "histoire"))
    deep = results(search(client, "tamarin"))

    assert found["Notre histoire"]["place"] == "Qui sommes-nous"
    assert deep["Charte Tamarin"]["place"] == "Qui sommes-nous \u203a Nos engagements"
    assert "Smart en France" not in deep["Charte Tamarin"]["place"]


def test_result_excerpt_is_the_search_description_when_an_editor_wrote_one(client, demo_site):
    alterna = demo_site["alterna"]
    alterna.search_description = "Des services à domicile, en coopérative, dans toute la France."
    alterna.save_revision().publish()

    found = results(search(client, "Alterna"))

    assert found["Alterna"]["excerpt"] == alterna.search_description


def test_query_without_result_says_so_in_french_and_suggests_what_to_do(client, demo_site):
    soup = search(client, "zzzz")

    assert results(soup) == {}
    status = soup.select_one("main [role=status]")
    assert status is not None, "the no-result message is not announced (role=status)"
    text = normalized(status.get_text(" "))
    assert f"{NO_RESULT_MESSAGE} « zzzz »" in text
    assert "Essayez un mot plus court ou plus général" in text
    sitemap_link = status.find("a", string="plan du site")
    assert sitemap_link is not None and sitemap_link["href"] == demo_site["plan-du-site"].url


def test_result_count_is_announced(client, demo_site):
    soup = search(client, "Alterna")

    status = soup.select_one("main [role=status]")
    count = len(results(soup))
    assert count >= 1
    expected = f"{count} résultat{'s' if count > 1 else ''} pour « Alterna »"
    assert expected in normalized(status.get_text(" "))


# --- Odd queries never give an error page -------------------------------------------


def test_empty_query_shows_the_form_and_no_message(client, demo_site):
    soup = search(client, "")

    assert soup.select_one("main form[role=search] input[name=q]") is not None
    assert results(soup) == {}
    assert NO_RESULT_MESSAGE not in main_text(soup)


def test_page_without_query_parameter_shows_the_form(client, demo_site):
    response = client.get(reverse("search"))

    assert response.status_code == 200
    assert b'name="q"' in response.content


def test_very_long_query_is_cut_and_says_so(client, demo_site):
    soup = search(client, "coopérative " * 416 + "fin")  # 5,000 characters

    assert "seuls ses 200 premiers caractères ont été pris en compte" in main_text(soup)
    assert len(soup.select_one("input[name=q]")["value"]) <= 200
    assert "Alterna" in results(soup)


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE wagtailcore_page; --",
        "&|!():*",
        "coop & | ! ( ) : * <->",
        '"',
        '"coopérative',
        "coop\x00érative",
        "\x00",
        "😀",
        "coopérative 🤝",
        "AND OR NOT",
        "NOT coopérative",
        "-",
        "coop-",
        "\\",
        "%_",
        "' OR '1'='1",
        "<script>alert(1)</script>",
        "   ",
    ],
    ids=[
        "sql-injection",
        "tsquery-operators",
        "tsquery-operators-around-a-word",
        "lone-double-quote",
        "unbalanced-quote",
        "nul-inside-a-word",
        "nul-alone",
        "emoji",
        "word-and-emoji",
        "boolean-words",
        "not-prefix",
        "lone-hyphen",
        "trailing-hyphen",
        "backslash",
        "like-wildcards",
        "sql-tautology",
        "html",
        "spaces-only",
    ],
)
def test_odd_query_gives_a_french_results_page_not_an_error(client, demo_site, query):
    soup = search(client, query)

    # Whatever the query, it is shown back as text, never as markup.
    assert soup.find("main").find("script") is None


def test_sql_injection_attempt_leaves_the_pages_in_place(client, demo_site):
    search(client, "'; DROP TABLE wagtailcore_page; --")

    assert "Alterna" in results(search(client, "Alterna"))


# --- Pagination --------------------------------------------------------------------


@pytest.fixture
def many_results(demo_site):
    """Fifteen published pages sharing a rare word: two pages of results."""
    home = demo_site["accueil"]
    for number in range(15):
        add_standard_page(home, f"Zéphyrin {number:02d}", "Le zéphyrin souffle sur la coopérative.")
    return 15


def test_results_are_split_into_pages_of_ten(client, many_results):
    first = results(search(client, "zephyrin"))
    second_soup = search(client, "zephyrin", page="2")
    second = results(second_soup)

    assert len(first) == 10
    assert len(second) == many_results - 10
    assert not set(first) & set(second)
    assert "Page 2 sur 2" in main_text(second_soup)


@pytest.mark.parametrize("page_number", ["abc", "999", "0", "-1", "1.5", ""])
def test_impossible_result_page_numbers_still_give_results(client, many_results, page_number):
    soup = search(client, "zephyrin", page=page_number)

    assert results(soup), f"page={page_number!r} showed no result"


# --- What never shows --------------------------------------------------------------


def test_draft_page_never_appears_until_published(client, demo_site):
    draft = add_standard_page(
        demo_site["accueil"], "Projet Quetzalcoatl", "Quetzalcoatl, en brouillon.", publish=False
    )
    assert not draft.live

    assert "Projet Quetzalcoatl" not in results(search(client, "quetzalcoatl"))

    # The same page, once published, is found: the search itself works.
    draft.get_latest_revision().publish()
    assert "Projet Quetzalcoatl" in results(search(client, "quetzalcoatl"))


def test_unpublished_changes_to_a_live_page_are_not_searched(client, demo_site):
    alterna = demo_site["alterna"]
    alterna.summary = "Ornithorynque : une idée encore en brouillon."
    alterna.save_revision()  # saved, not published

    assert results(search(client, "ornithorynque")) == {}
    assert "Alterna" in results(search(client, "Alterna"))


def test_private_page_and_its_children_never_appear(client, demo_site):
    section = add_standard_page(demo_site["accueil"], "Espace Basilic", "Le basilic réservé.")
    child = add_standard_page(section, "Recette Basilic", "Une recette au basilic.")
    assert {"Espace Basilic", "Recette Basilic"} <= set(results(search(client, "basilic")))

    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    found = results(search(client, "basilic"))
    assert section.title not in found
    assert child.title not in found


def test_login_restricted_page_never_appears(client, demo_site):
    alterna = demo_site["alterna"]
    PageViewRestriction.objects.create(page=alterna, restriction_type=PageViewRestriction.LOGIN)

    assert "Alterna" not in results(search(client, "Alterna"))
    assert "Coop Portage" in results(search(client, "portage"))


# --- Search engines ----------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "cooperative", "zzzz"], ids=["empty", "results", "none"])
def test_search_page_asks_search_engines_not_to_index_it(client, demo_site, query):
    soup = search(client, query)

    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots is not None and "noindex" in robots["content"]
