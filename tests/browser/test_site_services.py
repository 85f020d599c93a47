"""The site's services in a real browser: contact, search, site map and legal pages are
accessible, work by keyboard, set no cookie that needs consent, call no other host,
resize to 200 % and respect a wish for reduced motion.
"""

import pytest

from pages.models import ContactMessage

from .conftest import RequestGuard, assert_no_axe_violations
from .test_public_pages import FOCUS_INDICATOR_JS, tab_to

HOME = "/"
MISSION = "/qui-sommes-nous/le-projet/"
HISTORY = "/qui-sommes-nous/histoire/"
ECOSYSTEM = "/ecosysteme/"
COOPERATIVE = "/ecosysteme/alterna/"
INDEX = "/index-egalite/"
CONTACT = "/contact/"
SEARCH = "/recherche/"
SITE_MAP = "/plan-du-site/"
LEGAL_NOTICE = "/mentions-legales/"
PRIVACY = "/donnees-personnelles/"
ACCESSIBILITY = "/accessibilite/"

DESKTOP = {"width": 1280, "height": 800}
CONFIRMATION_HEADING = "Merci, votre message est bien parti"

NAME = "Votre nom"
EMAIL = "Votre adresse électronique"
SUBJECT = "Sujet"
MESSAGE = "Votre message"
CONSENT = "J'accepte que Smart utilise ces informations pour répondre à ma demande"

CONTENT_PAGES = [HOME, MISSION, HISTORY, ECOSYSTEM, COOPERATIVE, INDEX]
SERVICE_PAGES = [
    SEARCH,
    SEARCH + "?q=cooperative",
    SITE_MAP,
    LEGAL_NOTICE,
    PRIVACY,
    ACCESSIBILITY,
]


def open_page(page, url, expected_status=200):
    response = page.goto(url)
    assert response is not None and response.status == expected_status, url
    return response


def active_element_name(page):
    return page.evaluate("document.activeElement && document.activeElement.name")


def submit_invalid_contact_form(page, live_site):
    """Sends the form with a bad e-mail address and nothing else: the errors come back."""
    open_page(page, live_site + CONTACT)
    page.get_by_label(EMAIL).fill("pas-un-courriel")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le message").click()
    assert page.locator(".form__error").count() >= 3, "the form did not come back with errors"


# --- axe-core, WCAG 2.1 A and AA -----------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        CONTACT,
        SEARCH,
        SEARCH + "?q=cooperative",
        SEARCH + "?q=zzzz",
        SITE_MAP,
        LEGAL_NOTICE,
        PRIVACY,
        ACCESSIBILITY,
    ],
    ids=[
        "contact",
        "search-empty",
        "search-results",
        "search-no-result",
        "site-map",
        "legal-notice",
        "privacy",
        "accessibility-statement",
    ],
)
def test_service_page_has_no_wcag_21_aa_violations(axe_page, live_site, path):
    open_page(axe_page, live_site + path)
    assert_no_axe_violations(axe_page)


def test_contact_form_showing_its_errors_has_no_wcag_21_aa_violations(axe_page, live_site):
    submit_invalid_contact_form(axe_page, live_site)
    assert_no_axe_violations(axe_page)


def test_contact_confirmation_has_no_wcag_21_aa_violations(axe_page, live_site):
    open_page(axe_page, live_site + CONTACT)
    axe_page.get_by_label(NAME).fill("Camille Martin")
    axe_page.get_by_label(EMAIL).fill("camille@example.org")
    axe_page.get_by_label(MESSAGE).fill("Bonjour.")
    axe_page.get_by_label(CONSENT).check()
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Envoyer le message").click()
    assert axe_page.get_by_role("heading", level=1).inner_text() == CONFIRMATION_HEADING
    assert_no_axe_violations(axe_page)


# --- Keyboard ------------------------------------------------------------------------


def test_visitor_sends_the_contact_form_with_the_keyboard_alone(page, live_site):
    open_page(page, live_site + CONTACT)
    name_field = page.get_by_label(NAME)

    tab_to(page, name_field)
    page.keyboard.type("Camille Martin")
    # Each Tab goes to the next field, skipping the honeypot hidden from people.
    for label, name_start in [
        (EMAIL, "votre_adresse"),
        (SUBJECT, "sujet"),
        (MESSAGE, "votre_message"),
        (CONSENT, "jaccepte"),
    ]:
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_INDICATOR_JS), f"no visible focus on {label}"
        focused = active_element_name(page) or ""
        assert focused.startswith(name_start), f"Tab went to {focused!r}, not to {label!r}"
        if label == EMAIL:
            page.keyboard.type("camille@example.org")
        elif label == SUBJECT:
            page.keyboard.press("End")  # the last choice, whatever the list holds
            page.keyboard.press("ArrowUp")
            page.keyboard.press("ArrowUp")  # "Alterna", counting from the end
        elif label == MESSAGE:
            page.keyboard.type("Bonjour, je voudrais en savoir plus sur Alterna.")
        else:
            page.keyboard.press("Space")
    assert page.get_by_label(CONSENT).is_checked()
    assert page.get_by_label(SUBJECT).input_value() == "Alterna"

    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Envoyer le message")
    assert button.evaluate("el => el === document.activeElement")
    assert page.evaluate(FOCUS_INDICATOR_JS)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == CONFIRMATION_HEADING
    assert "vous répond par courriel" in page.locator("main").inner_text()
    sent = ContactMessage.objects.get().form_data
    assert sent["votre_nom"] == "Camille Martin"
    assert sent["votre_adresse_electronique"] == "camille@example.org"
    assert sent["sujet"] == "Alterna"
    assert sent["votre_message"] == "Bonjour, je voudrais en savoir plus sur Alterna."


def test_keyboard_user_goes_from_home_to_a_cooperative_then_to_the_index(page, live_site):
    open_page(page, live_site + HOME)

    cooperatives = page.locator(
        "#contenu section", has=page.get_by_role("heading", name="Les coopératives")
    )
    tab_to(page, cooperatives.get_by_role("link", name="Alterna", exact=True), max_steps=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_site + COOPERATIVE
    assert page.get_by_role("heading", level=1).inner_text() == "Alterna"

    footer = page.locator("footer")
    index_link = footer.get_by_role("link", name="Index de l'égalité femmes-hommes", exact=True)
    tab_to(page, index_link, max_steps=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_site + INDEX
    assert "égalité" in page.get_by_role("heading", level=1).inner_text()


def test_search_works_with_the_keyboard_alone(page, live_site):
    open_page(page, live_site + HOME)

    main_nav = page.get_by_role("navigation", name="Navigation principale")
    tab_to(page, main_nav.get_by_role("link", name="Rechercher", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_site + SEARCH

    tab_to(page, page.get_by_role("searchbox", name="Votre recherche"))
    page.keyboard.type("cooperative")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == live_site + SEARCH + "?q=cooperative"
    results = page.locator("ol.search-results")
    assert results.get_by_role("link", name="Alterna", exact=True).count() == 1
    assert "résultats pour « cooperative »" in page.get_by_role("status").inner_text()


# --- No cookie needing consent, no other host ----------------------------------------


def test_content_and_service_pages_set_no_cookie(page, live_site):
    for path in CONTENT_PAGES + SERVICE_PAGES:
        open_page(page, live_site + path)
        cookies = page.context.cookies()
        assert cookies == [], f"{path} set cookies: {[c['name'] for c in cookies]}"


def test_contact_page_sets_only_the_csrf_cookie(page, live_site):
    open_page(page, live_site + CONTACT)

    cookies = page.context.cookies()

    assert [cookie["name"] for cookie in cookies] == ["csrftoken"]
    csrf = cookies[0]
    assert csrf["sameSite"] == "Lax"
    # A strictly necessary cookie for this site only: no consent banner is needed.
    assert csrf["domain"] in {"localhost", "127.0.0.1"}


def test_sending_the_contact_form_adds_no_other_cookie(page, live_site):
    open_page(page, live_site + CONTACT)
    page.get_by_label(NAME).fill("Camille Martin")
    page.get_by_label(EMAIL).fill("camille@example.org")
    page.get_by_label(MESSAGE).fill("Bonjour.")
    page.get_by_label(CONSENT).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le message").click()

    assert page.get_by_role("heading", level=1).inner_text() == CONFIRMATION_HEADING
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]


def test_no_page_requests_anything_from_another_host(page, live_site):
    guard = RequestGuard(page)

    for path in [*CONTENT_PAGES, CONTACT, *SERVICE_PAGES, SEARCH + "?q=zzzz"]:
        open_page(page, live_site + path)
        page.wait_for_load_state("networkidle")
    submit_invalid_contact_form(page, live_site)
    page.wait_for_load_state("networkidle")

    assert len(guard.urls) > len(CONTENT_PAGES), "requests were not recorded"
    guard.assert_only_to(live_site)


# --- Text resized to 200 % -----------------------------------------------------------

RESIZE_TEXT_JS = "document.documentElement.style.fontSize = '200%'"

# Every box that hides what overflows it, and overflows: text cut off from view.
# Visually hidden text (clipped to 1px on purpose) and scrolling tables are not clipped.
CLIPPED_JS = """
() => {
  const clipped = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".visually-hidden, .table-scroll")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const hidesX = ["hidden", "clip"].includes(style.overflowX);
    const hidesY = ["hidden", "clip"].includes(style.overflowY);
    if ((hidesX && el.scrollWidth > el.clientWidth + 1)
        || (hidesY && el.scrollHeight > el.clientHeight + 1)) {
      const text = el.textContent.trim().slice(0, 40);
      clipped.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
    }
  }
  return clipped;
}
"""


@pytest.mark.parametrize(
    "path",
    [HOME, HISTORY, COOPERATIVE, INDEX, CONTACT, SEARCH + "?q=cooperative", SITE_MAP],
    ids=["home", "history", "cooperative", "index", "contact", "search", "site-map"],
)
def test_text_resized_to_200_percent_stays_readable_at_1280_px(new_page, live_site, path):
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    open_page(page, live_site + path)
    base_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    page.evaluate(RESIZE_TEXT_JS)

    resized = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert resized == pytest.approx(2 * base_size), "the text did not grow to 200 %"
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"{path} scrolls sideways at 200 %: {overflow}"
    main = page.evaluate(
        "(() => { const m = document.querySelector('main');"
        " return [m.scrollWidth, m.clientWidth]; })()"
    )
    assert main[0] <= main[1], f"{path}: <main> overflows at 200 %: {main}"
    assert page.evaluate(CLIPPED_JS) == [], f"{path}: text clipped at 200 %"


def test_contact_form_with_errors_stays_readable_at_200_percent(new_page, live_site):
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    submit_invalid_contact_form(page, live_site)

    page.evaluate(RESIZE_TEXT_JS)

    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert page.evaluate(CLIPPED_JS) == []


# --- Reduced motion ------------------------------------------------------------------

# A stylesheet that moves things, as a later change to the site's CSS might.
MOVING_CSS = """
@keyframes probe-pulse { from { opacity: 1; } to { opacity: .5; } }
a, button, .card { transition: color 2s, background-color 2s; }
h1 { animation: probe-pulse 2s infinite; }
html { scroll-behavior: smooth; }
"""

MOTION_JS = """
() => {
  const moving = [];
  for (const el of [document.documentElement, ...document.querySelectorAll("body *")]) {
    const style = getComputedStyle(el);
    const durations = style.transitionDuration.split(",").map(parseFloat);
    if (style.animationName !== "none" || durations.some(d => d > 0)) {
      moving.push(`${el.tagName.toLowerCase()} ${style.animationName} ${style.transitionDuration}`);
    }
  }
  return {
    moving,
    running: document.getAnimations().length,
    scrollBehavior: getComputedStyle(document.documentElement).scrollBehavior,
  };
}
"""


@pytest.mark.parametrize(
    "path", [HOME, COOPERATIVE, CONTACT], ids=["home", "cooperative", "contact"]
)
def test_nothing_moves_when_the_visitor_asks_for_reduced_motion(new_page, live_site, path):
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    page.emulate_media(reduced_motion="reduce")
    open_page(page, live_site + path)

    as_served = page.evaluate(MOTION_JS)
    page.add_style_tag(content=MOVING_CSS)
    with_moving_css = page.evaluate(MOTION_JS)

    for state in (as_served, with_moving_css):
        assert state["moving"] == [], f"{path} still moves: {state['moving'][:5]}"
        assert state["running"] == 0
        assert state["scrollBehavior"] == "auto"


def test_motion_comes_back_without_the_reduced_motion_wish(new_page, live_site):
    """Proves the reduced-motion check above would see motion if the site's rule went."""
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    page.emulate_media(reduced_motion="no-preference")
    open_page(page, live_site + HOME)

    page.add_style_tag(content=MOVING_CSS)
    state = page.evaluate(MOTION_JS)

    assert state["moving"], "the probe stylesheet did not apply"
    assert state["running"] > 0
