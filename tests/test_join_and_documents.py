"""Joining a cooperative, reaching Smart, and the documents page.

Each cooperative's "Rejoindre" section shows what the editors filled in and
nothing else; "Nous rejoindre" leads each situation to the page that fits it;
the site's address, e-mail and phone come from the settings; the documents
page lists the documents of the public collections only, in a fixed number of
queries, and shows a new document at once. Everything is read from the HTML an
anonymous visitor gets.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from cooperatives.demo import JOINING, SITUATIONS, load_demo_join_page
from cooperatives.models import CooperativePage, EcosystemPage, JoinPage
from core.blocks import ContentStreamBlock, faq_page_json_ld, faq_questions
from core.models import SiteSettings
from pages.documents import file_kind, file_size
from pages.models import (
    ContactPage,
    DocumentsPage,
    HistoryPage,
    HomePage,
    StandardPage,
)
from smart_site.demo import load_demo_content

from .admin_forms import page_edit_post_data

JOIN_URL = "/nous-rejoindre/"
# Not /documents/: Wagtail serves the files under it, outside the page cache.
DOCUMENTS_URL = "/documents-publics/"
GRANDSENSEMBLE_URL = "/ecosysteme/grandsensemble/"
ALTERNA_URL = "/ecosysteme/alterna/"
QUERY_BUDGET = 10
# A collection under another is headed with its parent's name, as the breadcrumb writes it.
NESTED_COLLECTION = (
    "Rapports d'activité \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Années précédentes"
)
NBSP = "\u00a0"


def normalized(text):
    return " ".join(text.split())


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def main_of(client, url):
    return soup_of(client, url).find("main")


def json_ld_of(soup, schema_type):
    found = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        data = json.loads(script.string)
        if data.get("@type") == schema_type:
            found.append(data)
    return found


def publish(page):
    page.save_revision().publish()
    return page


def ensure_documents_page():
    """The documents page as the demo loader makes it (smart_site/demo.py, once wired)."""
    page = DocumentsPage.objects.first()
    if page is not None:
        return page
    page = DocumentsPage(
        title="Documents",
        slug="documents-publics",
        intro="Les documents que Smart et ses coopératives rendent publics.",
        summary="Les documents publics de Smart et de ses coopératives.",
    )
    HomePage.objects.get().add_child(instance=page)
    return publish(page)


def ensure_demo_joining():
    """The joining demo content, as the loader makes it once smart_site/demo.py calls it:
    the "Nous rejoindre" page, and the questions of the cooperatives it creates."""
    load_demo_join_page(HomePage.objects.get(), ContactPage.objects.get())
    for slug, fields in JOINING.items():
        cooperative = CooperativePage.objects.get(slug=slug)
        if not cooperative.join_faq:
            for name, value in fields.items():
                setattr(cooperative, name, value)
            publish(cooperative)


@pytest.fixture
def joining(demo_site):
    ensure_demo_joining()
    return demo_site


@pytest.fixture
def documents_page(demo_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ensure_documents_page()


# --- Page types -----------------------------------------------------------------------------


class JoinAndDocumentsPageTypesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_content()
        ensure_demo_joining()
        ensure_documents_page()

    def setUp(self):
        self.user = self.login()

    def test_join_and_documents_pages_live_only_under_the_home_page(self):
        for model in (JoinPage, DocumentsPage):
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertAllowedSubpageTypes(model, set())
                self.assertCanCreateAt(HomePage, model)
                for parent in (StandardPage, EcosystemPage, CooperativePage, HistoryPage):
                    self.assertCanNotCreateAt(parent, model)

    def test_join_and_documents_pages_exist_once(self):
        home = HomePage.objects.get()
        for model in (JoinPage, DocumentsPage):
            with self.subTest(model=model.__name__):
                self.assertEqual(model.max_count, 1)
                self.assertFalse(model.can_create_at(home))

    def pages(self):
        return [
            JoinPage.objects.get(),
            DocumentsPage.objects.get(),
            CooperativePage.objects.get(slug="grandsensemble"),
        ]

    def test_join_documents_and_cooperative_pages_render(self):
        for page in self.pages():
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)

    def test_join_documents_and_cooperative_pages_are_previewable(self):
        for page in self.pages():
            with self.subTest(page=page.title):
                # Wagtail's assertions log the client out when they are done.
                self.client.force_login(self.user)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                post_data = page_edit_post_data(response.content.decode(), page)
                self.assertPageIsPreviewable(page, post_data=post_data, user=self.user)

    def test_join_documents_and_cooperative_pages_are_editable_and_publishable(self):
        for page in self.pages():
            with self.subTest(page=page.title):
                # Wagtail's assertions log the client out when they are done.
                self.client.force_login(self.user)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                post_data = page_edit_post_data(response.content.decode(), page)
                post_data["action-publish"] = ""
                self.assertPageIsEditable(page, post_data=post_data, user=self.user)
                page.refresh_from_db()
                self.assertEqual(page.live_revision.pk, page.latest_revision.pk)


@pytest.mark.django_db
def test_every_field_an_editor_sees_on_the_new_page_types_has_a_french_help_text():
    from cooperatives.models import JoinSituation

    fields = {
        JoinPage: ["intro"],
        JoinSituation: ["situation", "explanation", "destination"],
        DocumentsPage: ["intro"],
        CooperativePage: ["audience", "join_steps", "join_cost", "join_faq", "website", "email"],
    }
    for model, names in fields.items():
        for name in names:
            assert model._meta.get_field(name).help_text, f"{model.__name__}.{name}"


@pytest.mark.django_db
def test_the_join_page_is_in_the_main_menu_and_found_by_the_search(client, joining):
    soup = soup_of(client, "/")
    navigation = soup.find("nav", attrs={"aria-label": "Navigation principale"})
    assert JOIN_URL in {link["href"] for link in navigation.find_all("a")}
    results = main_of(client, "/recherche/?q=freelance")
    assert JOIN_URL in {link["href"] for link in results.find_all("a")}


# --- The "Rejoindre" section of each cooperative ----------------------------------------------


@pytest.mark.django_db
def test_grandsensemble_says_who_it_is_for_and_answers_its_question_from_the_facts(client, joining):
    main = main_of(client, GRANDSENSEMBLE_URL)
    section = main.find("section", attrs={"aria-labelledby": "rejoindre"})
    assert normalized(section.find("h2").get_text()) == "Rejoindre GrandsEnsemble"
    headings = [normalized(h3.get_text()) for h3 in section.find_all("h3")]
    assert headings == ["Pour qui ?", "Questions fréquentes"]
    assert "sans créer leur propre entreprise" in section.get_text()
    (details,) = section.find_all("details")
    assert normalized(details.summary.get_text()) == "Dois-je créer une entreprise ?"
    answer = normalized(details.find(class_="faq__answer").get_text())
    assert answer.startswith("Non.") and "CDI" in answer


@pytest.mark.django_db
def test_coop_portage_answers_which_contract_from_the_facts(client, joining):
    section = main_of(client, "/ecosysteme/coop-portage/").find(
        "section", attrs={"aria-labelledby": "rejoindre"}
    )
    (details,) = section.find_all("details")
    assert normalized(details.summary.get_text()) == "Quel contrat de travail ?"
    answer = normalized(details.find(class_="faq__answer").get_text())
    assert "CDD ou un CDI" in answer and "le temps d'un projet" in answer


@pytest.mark.django_db
def test_empty_parts_of_the_rejoindre_section_say_nothing(client, joining):
    alterna = CooperativePage.objects.get(slug="alterna")
    assert not (alterna.join_steps or alterna.join_cost or alterna.join_faq or alterna.email)
    section = main_of(client, ALTERNA_URL).find("section", attrs={"aria-labelledby": "rejoindre"})
    assert [normalized(h3.get_text()) for h3 in section.find_all("h3")] == ["Pour qui ?"]
    text = section.get_text().lower()
    for word in ("coût", "tarif", "prix", "€", "étape", "question", "contact"):
        assert word not in text, word
    assert section.find("details") is None and section.find("ol") is None


@pytest.mark.django_db
def test_no_demo_cooperative_states_a_price(client, joining):
    for page in CooperativePage.objects.all():
        assert not page.join_cost, page.title
        assert "€" not in main_of(client, page.url).get_text(), page.title


@pytest.mark.django_db
def test_steps_cost_and_contact_show_once_the_editors_fill_them(client, joining):
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.join_steps = [
        {"type": "step", "value": {"title": "Premier échange", "text": "On se parle."}},
        {"type": "step", "value": {"title": "Signature", "text": ""}},
    ]
    alterna.join_cost = "<p>Une contribution de 10 % du chiffre d'affaires.</p>"
    alterna.website = "https://alterna.example.org/"
    alterna.email = "bonjour@alterna.example.org"
    alterna.phone = "03 20 00 00 00"
    publish(alterna)

    section = main_of(client, ALTERNA_URL).find("section", attrs={"aria-labelledby": "rejoindre"})
    headings = [normalized(h3.get_text()) for h3 in section.find_all("h3")]
    assert headings == ["Pour qui ?", "Comment ça se passe", "Ce que ça coûte", "Prendre contact"]
    steps = section.find("ol", class_="steps__list")
    assert [normalized(li.strong.get_text()) for li in steps.find_all("li")] == [
        "Premier échange",
        "Signature",
    ]
    assert "10 % du chiffre d'affaires" in section.get_text()
    hrefs = {link["href"] for link in section.find_all("a")}
    assert {
        "https://alterna.example.org/",
        "mailto:bonjour@alterna.example.org",
        "tel:0320000000",
    } <= hrefs


@pytest.mark.django_db
def test_a_cooperative_with_questions_emits_faq_page_structured_data(client, joining):
    (faq,) = json_ld_of(soup_of(client, GRANDSENSEMBLE_URL), "FAQPage")
    assert faq["@context"] == "https://schema.org"
    (entity,) = faq["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == "Dois-je créer une entreprise ?"
    assert entity["acceptedAnswer"]["@type"] == "Answer"
    assert entity["acceptedAnswer"]["text"].startswith("Non. GrandsEnsemble")
    assert "<" not in entity["acceptedAnswer"]["text"]


@pytest.mark.django_db
def test_a_cooperative_without_questions_emits_no_faq_page_data(client, joining):
    assert json_ld_of(soup_of(client, ALTERNA_URL), "FAQPage") == []


@pytest.mark.django_db
def test_faq_structured_data_cannot_end_its_script_early(client, joining):
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.join_faq = [
        {
            "type": "question",
            "value": {
                "question": "</script><script>alert(1)</script>",
                "answer": "<p>Rien &amp; personne.</p><ul><li>un</li><li>deux</li></ul>",
            },
        }
    ]
    publish(alterna)
    html = client.get(ALTERNA_URL).content.decode()
    assert "<script>alert(1)" not in html
    (faq,) = json_ld_of(BeautifulSoup(html, "html.parser"), "FAQPage")
    assert faq["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Rien & personne. un deux"


# --- The FAQ and steps blocks in any content stream ---------------------------------------------


def test_content_streams_offer_the_faq_and_steps_blocks_with_previews():
    stream = ContentStreamBlock()
    for name in ("faq", "steps"):
        block = stream.child_blocks[name]
        assert block.meta.preview_value and block.meta.description and block.meta.template
        html = block.render(block.to_python(block.meta.preview_value))
        assert ("<details" in html and "<summary>" in html) if name == "faq" else "<ol" in html


def test_faq_questions_are_collected_from_faq_blocks_in_a_content_stream():
    stream = ContentStreamBlock().to_python(
        [
            {"type": "paragraph", "value": "<p>Avant.</p>"},
            {
                "type": "faq",
                "value": {
                    "title": "",
                    "questions": [
                        {"question": "Une ?", "answer": "<p>Oui.</p>"},
                        {"question": "Deux ?", "answer": "<p>Non.</p>"},
                    ],
                },
            },
        ]
    )
    data = json.loads(faq_page_json_ld(faq_questions(stream)))
    assert [entity["name"] for entity in data["mainEntity"]] == ["Une ?", "Deux ?"]
    assert faq_page_json_ld(faq_questions(ContentStreamBlock().to_python([]))) == ""


# --- "Nous rejoindre" ---------------------------------------------------------------------------


def situation_links(main):
    """{situation: href} of the join page's list."""
    return {
        normalized(item.find("h2").get_text()): item.find("h2").a["href"]
        for item in main.select("ul.situations > li")
    }


@pytest.mark.django_db
def test_each_situation_leads_to_the_cooperative_that_fits_and_artists_to_the_contact_page(
    client, joining
):
    main = main_of(client, JOIN_URL)
    assert normalized(main.find("h1").get_text()) == "Nous rejoindre"
    assert situation_links(main) == {
        "Vous êtes indépendant·e ou vous portez un projet": GRANDSENSEMBLE_URL,
        "Vous êtes freelance": "/ecosysteme/coop-portage/",
        "Vous proposez des services à domicile": ALTERNA_URL,
        "Vous êtes artiste ou créatif·ve": "/contact/",
    }
    assert len(SITUATIONS) == 4
    assert main.find("script") is None, "the page needs no JavaScript"


@pytest.mark.django_db
def test_the_artist_situation_states_only_facts_of_the_fact_sheet(client, joining):
    main = main_of(client, JOIN_URL)
    (artist,) = [
        item for item in main.select("ul.situations > li") if "artiste" in item.h2.get_text()
    ]
    text = normalized(artist.get_text())
    assert "1998" in text and "1er janvier 2024" in text and "production de projets" in text


@pytest.mark.django_db
def test_an_unpublished_or_private_destination_drops_its_situation(client, joining):
    CooperativePage.objects.get(slug="alterna").unpublish()
    PageViewRestriction.objects.create(
        page=CooperativePage.objects.get(slug="coop-portage"),
        restriction_type=PageViewRestriction.LOGIN,
    )
    links = situation_links(main_of(client, JOIN_URL))
    assert set(links.values()) == {GRANDSENSEMBLE_URL, "/contact/"}


@pytest.mark.django_db
def test_the_demo_join_page_is_never_made_twice(joining):
    home = HomePage.objects.get()
    assert load_demo_join_page(home, ContactPage.objects.get()) == []
    assert JoinPage.objects.count() == 1


@pytest.mark.django_db
def test_the_join_page_costs_a_fixed_number_of_queries(
    client, joining, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(JOIN_URL)
    with django_assert_max_num_queries(QUERY_BUDGET) as queries:
        assert client.get(JOIN_URL).status_code == 200
    small = len(queries)
    page = JoinPage.objects.get()
    destination = CooperativePage.objects.get(slug="alterna")
    for number in range(30):
        page.situations.create(
            situation=f"Situation {number}", explanation="Une explication.", destination=destination
        )
    publish(page)
    client.get(JOIN_URL)
    with django_assert_max_num_queries(QUERY_BUDGET) as queries:
        assert client.get(JOIN_URL).status_code == 200
    assert len(queries) == small


# --- The site's address, e-mail and phone ----------------------------------------------------


def contact_details_html(**footer):
    empty = {"postal_address": "", "contact_email": "", "contact_phone": ""}
    return render_to_string("components/contact_details.html", {"footer": {**empty, **footer}})


def test_contact_details_partial_links_the_phone_and_the_e_mail_and_keeps_the_address():
    soup = BeautifulSoup(
        contact_details_html(
            postal_address="1 rue de l'Exemple\n59000 Lille",
            contact_email="bonjour@example.org",
            contact_phone="03 20 00 00 00",
        ),
        "html.parser",
    )
    address = soup.find("address")
    assert "1 rue de l'Exemple" in address.get_text() and address.find("br") is not None
    hrefs = [link["href"] for link in address.find_all("a")]
    assert hrefs == ["mailto:bonjour@example.org", "tel:0320000000"]


def test_contact_details_partial_shows_only_what_is_filled_in():
    assert contact_details_html().strip() == ""
    soup = BeautifulSoup(contact_details_html(contact_phone="+33 3 20 00 00 00"), "html.parser")
    assert [link["href"] for link in soup.find_all("a")] == ["tel:+33320000000"]
    assert "Courriel" not in soup.get_text()


def set_contact_settings(**values):
    site_settings = SiteSettings.for_site(HomePage.objects.get().get_site())
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()


@pytest.mark.django_db
def test_the_contact_page_shows_the_settings_contact_details_at_once(client, demo_site):
    set_contact_settings(postal_address="", contact_email="", contact_phone="")
    main = main_of(client, "/contact/")
    assert main.find("address") is None and "Nous joindre autrement" not in main.get_text()

    set_contact_settings(
        postal_address="1 rue de l'Exemple\n59000 Lille",
        contact_email="bonjour@example.org",
        contact_phone="03 20 00 00 00",
    )
    main = main_of(client, "/contact/")
    address = main.find("address")
    assert "59000 Lille" in address.get_text()
    assert {"mailto:bonjour@example.org", "tel:0320000000"} <= {
        link["href"] for link in address.find_all("a")
    }


# --- Documents -------------------------------------------------------------------------------


def upload(title, name, content=b"%PDF-1.4 contenu", collection=None):
    """A document as the admin's upload form saves it, with its size and hash."""
    document = Document(title=title, file=ContentFile(content, name=name))
    if collection is not None:
        document.collection = collection
    document._set_document_file_metadata()
    document.save()
    return document


def add_collection(name, parent=None):
    return (parent or Collection.get_first_root_node()).add_child(name=name)


def restrict(collection):
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )


def document_sections(main):
    """{heading: [link text]} of the documents page, in order."""
    return {
        normalized(section.find("h2").get_text()): [
            normalized(link.get_text()) for link in section.select("ul.documents a")
        ]
        for section in main.find_all("section")
    }


@pytest.mark.django_db
def test_documents_page_groups_the_public_documents_by_collection(client, documents_page):
    reports = add_collection("Rapports d'activité")
    statutes = add_collection("Statuts")
    older = add_collection("Années précédentes", parent=reports)
    upload("Rapport 2024", "rapport-2024.pdf", b"x" * 1_234_567, reports)
    upload("Statuts de Smart", "statuts.odt", b"statuts", statutes)
    upload("Rapport 2019", "rapport-2019.xlsx", b"x" * 2_000, older)
    upload("Note", "note.txt", b"note")

    main = main_of(client, DOCUMENTS_URL)
    sections = document_sections(main)
    assert sections == {
        "Rapports d'activité": ["Rapport 2024 (PDF, 1,2 Mo)"],
        NESTED_COLLECTION: ["Rapport 2019 (tableur Excel, 2 ko)"],
        "Statuts": ["Statuts de Smart (texte OpenDocument, 7 octets)"],
        "Autres documents": ["Note (texte brut, 4 octets)"],
    }
    assert list(sections)[-1] == "Autres documents"
    assert f"1,2{NBSP}Mo" in main.get_text(), "a size never breaks across two lines"


@pytest.mark.django_db
def test_each_document_links_to_wagtails_document_view_with_its_date(client, documents_page):
    document = upload("Statuts", "statuts.pdf", collection=add_collection("Statuts"))
    item = main_of(client, DOCUMENTS_URL).select_one("ul.documents li")
    assert (
        item.a["href"]
        == document.url
        == reverse("wagtaildocs_serve", args=[document.pk, "statuts.pdf"])
    )
    time = item.find("time")
    assert time["datetime"] == document.created_at.astimezone().date().isoformat()
    assert "Mis en ligne le" in item.get_text()
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_documents_of_a_private_collection_and_beneath_it_are_never_listed(client, documents_page):
    board = add_collection("Conseil d'administration")
    minutes = add_collection("Comptes rendus", parent=board)
    public = add_collection("Statuts")
    restrict(board)
    upload("Ordre du jour", "ordre.pdf", collection=board)
    upload("Compte rendu", "compte-rendu.pdf", collection=minutes)
    upload("Statuts", "statuts.pdf", collection=public)

    html = client.get(DOCUMENTS_URL).content.decode()
    assert "Statuts" in html
    for secret in ("Conseil d'administration", "Comptes rendus", "Ordre du jour", "Compte rendu"):
        assert secret not in html, secret


@pytest.mark.django_db
def test_the_documents_page_says_so_when_there_is_none(client, documents_page):
    main = main_of(client, DOCUMENTS_URL)
    assert main.find("ul", class_="documents") is None
    assert "Aucun document n'est en ligne pour le moment." in main.get_text()


@pytest.mark.django_db
def test_an_uploaded_document_shows_at_once_on_the_cached_documents_page(
    client, documents_page, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(DOCUMENTS_URL)
    assert client.get(DOCUMENTS_URL)["X-Page-Cache"] == "hit"

    reports = add_collection("Rapports d'activité")
    upload("Rapport 2025", "rapport-2025.pdf", collection=reports)
    response = client.get(DOCUMENTS_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "Rapport 2025" in response.content.decode()

    assert client.get(DOCUMENTS_URL)["X-Page-Cache"] == "hit"
    restrict(reports)
    assert "Rapport 2025" not in client.get(DOCUMENTS_URL).content.decode()


@pytest.mark.django_db
def test_the_documents_page_costs_the_same_few_queries_for_3_or_100_documents(
    client, documents_page, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    collections = [add_collection(f"Collection {number}") for number in range(5)]
    restrict(add_collection("Privée"))

    def queries_with(count):
        while Document.objects.count() < count:
            number = Document.objects.count()
            upload(f"Document {number}", f"document-{number}.pdf", b"x", collections[number % 5])
        client.get(DOCUMENTS_URL)  # warm: the site data, the route
        with django_assert_max_num_queries(QUERY_BUDGET) as queries:
            response = client.get(DOCUMENTS_URL)
        assert response.content.decode().count('class="documents__item"') == count
        return len(queries)

    assert queries_with(3) == queries_with(100)


@pytest.mark.django_db
def test_the_documents_page_reads_no_file_from_storage(client, documents_page):
    document = upload("Statuts", "statuts.pdf", collection=add_collection("Statuts"))
    Document.objects.filter(pk=document.pk).update(file_size=None)
    document.file.storage.delete(document.file.name)  # a storage that would be slow, or gone
    item = main_of(client, DOCUMENTS_URL).select_one("ul.documents a")
    assert normalized(item.get_text()) == "Statuts (PDF)"


# --- Types and sizes, in words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (None, ""),
        (0, "0 octet"),
        (1, "1 octet"),
        (2, "2 octets"),
        (999, "999 octets"),
        (1_000, "1 ko"),
        (1_234, "1,2 ko"),
        (99_949, "99,9 ko"),
        (99_950, "100 ko"),
        (350_000, "350 ko"),
        (999_950, "1 Mo"),
        (1_234_567, "1,2 Mo"),
        (12_345_678, "12,3 Mo"),
        (2_500_000_000, "2,5 Go"),
    ],
)
def test_file_sizes_are_said_in_french(size, words):
    assert file_size(size) == words.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("filename", "words"),
    [
        ("rapport.pdf", "PDF"),
        ("RAPPORT.PDF", "PDF"),
        ("comptes.xlsx", "tableur Excel"),
        ("donnees.csv", "tableur CSV"),
        ("statuts.odt", "texte OpenDocument"),
        ("statuts.docx", "texte Word"),
        ("note.txt", "texte brut"),
        ("assemblee.pptx", "présentation PowerPoint"),
        ("archive.7z", "fichier 7Z"),
        ("sans-extension", "fichier"),
    ],
)
def test_file_types_are_said_in_words(filename, words):
    assert file_kind(filename) == words


def test_every_accepted_document_extension_has_its_words(settings):
    for extension in settings.WAGTAILDOCS_EXTENSIONS:
        assert not file_kind(f"x.{extension}").startswith("fichier"), extension


@pytest.mark.django_db
def test_join_and_documents_pages_are_in_the_site_map(client, joining, documents_page):
    links = {link["href"] for link in main_of(client, "/plan-du-site/").find_all("a")}
    assert {JOIN_URL, DOCUMENTS_URL} <= links


@pytest.mark.django_db
def test_private_documents_page_is_refused_to_visitors(client, documents_page):
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=documents_page.pk), restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(DOCUMENTS_URL).status_code == 302
