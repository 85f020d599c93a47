"""Joining a cooperative and reading the documents, as visitors do: on a phone and a desktop,
by keyboard, with assistive tech, with or without JavaScript."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from cooperatives.models import CooperativePage
from core.models import SiteSettings
from pages.models import HomePage

from ..test_join_and_documents import ensure_demo_joining, ensure_documents_page
from .conftest import LOCALE, PHONE_VIEWPORT, assert_no_axe_violations

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
VIEWPORTS = [
    pytest.param(PHONE_VIEWPORT, id="phone"),
    pytest.param(DESKTOP_VIEWPORT, id="desktop"),
]
JOIN = "/nous-rejoindre/"
DOCUMENTS = "/documents-publics/"
GRANDSENSEMBLE = "/ecosysteme/grandsensemble/"
ALTERNA = "/ecosysteme/alterna/"
CONTACT = "/contact/"
# A collection under another is headed with its parent's name, as the breadcrumb writes it.
NESTED_COLLECTION = (
    "Rapports d'activité \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Années précédentes"
)
PAGES = [
    pytest.param(JOIN, id="join"),
    pytest.param(DOCUMENTS, id="documents"),
    pytest.param(GRANDSENSEMBLE, id="cooperative-faq"),
    pytest.param(ALTERNA, id="cooperative-full"),
    pytest.param(CONTACT, id="contact"),
]


def upload(title, name, size, collection):
    document = Document(title=title, file=ContentFile(b"x" * size, name=name))
    document.collection = collection
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def join_site(live_site, settings, tmp_path):
    """The demo site with its joining content and documents page, every part filled in
    somewhere: Alterna's steps, cost and contact; documents in nested and private
    collections, with long titles; the site's contact details."""
    settings.MEDIA_ROOT = tmp_path
    ensure_demo_joining()
    ensure_documents_page()
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.join_steps = [
        {"type": "step", "value": {"title": "Un premier échange", "text": "Pour en parler."}},
        {"type": "step", "value": {"title": "Le lancement de l'activité", "text": ""}},
    ]
    alterna.join_cost = "<p>Le coût tel que la coopérative l'a validé.</p>"
    alterna.join_faq = [
        {
            "type": "question",
            "value": {
                "question": "Une question assez longue pour passer sur deux lignes ?",
                "answer": "<p>Une réponse, avec <a href='https://example.org/'>un lien</a>.</p>",
            },
        }
    ]
    alterna.website = "https://alterna.example.org/"
    alterna.email = "une-adresse-electronique-tres-longue@alterna.example.org"
    alterna.phone = "03 20 00 00 00"
    alterna.save_revision().publish()

    root = Collection.get_first_root_node()
    reports = root.add_child(name="Rapports d'activité")
    older = reports.add_child(name="Années précédentes")
    private = root.add_child(name="Conseil d'administration")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    upload("Rapport d'activité 2024", "rapport-2024.pdf", 1_234_567, reports)
    upload(
        "Un document au titre très long : compte rendu intégral de l'assemblée générale",
        "assemblee-generale-compte-rendu-integral.pptx",
        12_345,
        older,
    )
    upload("Compte rendu confidentiel", "confidentiel.pdf", 100, private)

    site_settings = SiteSettings.for_site(HomePage.objects.get().get_site())
    site_settings.postal_address = "1 rue de l'Exemple\n59000 Lille"
    site_settings.contact_email = "bonjour@example.org"
    site_settings.contact_phone = "03 20 00 00 00"
    site_settings.save()
    return live_site


def open_page(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return response


def assert_no_sideways_scrolling(page, path):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_join_documents_and_cooperative_pages_have_no_wcag_21_aa_violations(
    new_page, join_site, path, viewport
):
    page = new_page(viewport=viewport, bypass_csp=True)
    open_page(page, join_site + path)
    # Open questions too: their answers are checked as visitors read them.
    page.eval_on_selector_all("details", "nodes => nodes.forEach(d => { d.open = true; })")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling_at_390_px(page, join_site, path):
    open_page(page, join_site + path)
    page.eval_on_selector_all("details", "nodes => nodes.forEach(d => { d.open = true; })")
    assert_no_sideways_scrolling(page, path)


def test_keyboard_user_goes_from_the_menu_to_the_cooperative_for_freelances(page, join_site):
    open_page(page, join_site + "/")
    menu = page.get_by_role("navigation", name="Navigation principale")
    link = menu.get_by_role("link", name="Nous rejoindre", exact=True)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == join_site + JOIN

    situation = page.get_by_role("link", name="Vous êtes freelance", exact=True)
    for _ in range(40):
        page.keyboard.press("Tab")
        if situation.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the freelance situation is not reached by Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == join_site + "/ecosysteme/coop-portage/"
    assert page.get_by_role("heading", level=2, name="Rejoindre Coop Portage").is_visible()


def test_keyboard_user_opens_and_closes_a_question(page, join_site):
    open_page(page, join_site + GRANDSENSEMBLE)
    question = page.locator("details").filter(has_text="Dois-je créer une entreprise ?")
    answer = question.locator(".faq__answer")
    assert not answer.is_visible()
    summary = question.locator("summary")
    for _ in range(40):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the question is not reached by Tab")
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert "CDI" in answer.inner_text()
    page.keyboard.press("Space")
    assert not answer.is_visible()


def test_questions_and_situations_work_without_javascript(browser, join_site):
    context = browser.new_context(locale=LOCALE, viewport=PHONE_VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, join_site + GRANDSENSEMBLE)
        page.get_by_text("Dois-je créer une entreprise ?").click()
        assert page.locator(".faq__answer").first.is_visible()

        open_page(page, join_site + JOIN)
        with page.expect_navigation():
            page.get_by_role("link", name="Vous proposez des services à domicile").click()
        assert page.url == join_site + ALTERNA
    finally:
        context.close()


def test_visitor_downloads_a_public_document_and_never_sees_a_private_one(page, join_site):
    open_page(page, join_site + DOCUMENTS)
    assert page.get_by_role("heading", level=2, name=NESTED_COLLECTION).is_visible()
    assert page.get_by_text("Compte rendu confidentiel").count() == 0
    assert page.get_by_text("Conseil d'administration").count() == 0

    link = page.get_by_role("link", name="Rapport d'activité 2024 (PDF, 1,2 Mo)")
    href = link.get_attribute("href")
    assert href.startswith("/documents/")
    response = page.request.get(join_site + href)
    assert response.status == 200
    assert len(response.body()) == 1_234_567


def test_visitor_finds_the_phone_and_e_mail_as_links_on_the_contact_page(page, join_site):
    open_page(page, join_site + CONTACT)
    address = page.locator("main address")
    assert "59000 Lille" in address.inner_text()
    assert address.get_by_role("link", name="bonjour@example.org").get_attribute("href") == (
        "mailto:bonjour@example.org"
    )
    assert address.get_by_role("link", name="03 20 00 00 00").get_attribute("href") == (
        "tel:0320000000"
    )
