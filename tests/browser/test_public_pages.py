"""What a visitor does on the public site: read it, with assistive tech, by keyboard, on a phone."""

import pytest

from .conftest import assert_no_axe_violations

HOME = "/"
ABOUT = "/qui-sommes-nous/"
MISSION = "/qui-sommes-nous/le-projet/"
HISTORY = "/qui-sommes-nous/histoire/"
ECOSYSTEM = "/ecosysteme/"
COOPERATIVE = "/ecosysteme/alterna/"
INDEX = "/index-egalite/"
MISSING = "/cette-page-n-existe-pas/"

PUBLIC_PAGES = [
    pytest.param(HOME, 200, id="home"),
    pytest.param(MISSION, 200, id="mission"),
    pytest.param(HISTORY, 200, id="history"),
    pytest.param(ECOSYSTEM, 200, id="ecosystem"),
    pytest.param(COOPERATIVE, 200, id="cooperative"),
    pytest.param(ABOUT, 200, id="standard"),
    pytest.param(INDEX, 200, id="equality-index"),
    pytest.param(MISSING, 404, id="not-found"),
]

# The focused element, or the box that draws its ring: a card outlines itself
# (`.card:focus-within`) rather than its title link, so the whole card reads as focused.
FOCUS_INDICATOR_JS = """
() => {
  const visible = (style) =>
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== "rgba(0, 0, 0, 0)")
    || style.boxShadow !== "none";
  for (let el = document.activeElement; el && el !== document.body; el = el.parentElement) {
    if (visible(getComputedStyle(el))) return true;
  }
  return false;
}
"""

DESCRIBE_FOCUS_JS = """
() => {
  const el = document.activeElement;
  return el ? `<${el.tagName.toLowerCase()}> ${(el.textContent || "").trim().slice(0, 60)}` : "";
}
"""


def open_page(page, url, expected_status=200):
    response = page.goto(url)
    assert response is not None and response.status == expected_status, url
    return response


def tab_to(page, target, max_steps=40):
    """Presses Tab until `target` (a locator) has focus, checking each stop shows its focus."""
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        described = page.evaluate(DESCRIBE_FOCUS_JS)
        assert page.evaluate(FOCUS_INDICATOR_JS), f"No visible focus indicator on {described}"
        if target.evaluate("el => el === document.activeElement"):
            return target
    pytest.fail(f"{target} not reached in {max_steps} Tab presses on {page.url}")


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES)
def test_page_has_no_wcag_21_aa_violations(axe_page, live_site, path, status):
    open_page(axe_page, live_site + path, status)
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES)
def test_page_declares_french(page, live_site, path, status):
    open_page(page, live_site + path, status)
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_skip_link_is_first_tab_stop_visible_and_leads_into_main(page, live_site):
    open_page(page, live_site + HOME)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert page.evaluate(FOCUS_INDICATOR_JS)
    box = skip_link.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    assert box["y"] + box["height"] <= viewport["height"]

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'contenu'")
    main_top = page.evaluate("document.getElementById('contenu').getBoundingClientRect().top")
    max_scroll = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
    assert abs(main_top) <= 1 or page.evaluate("window.scrollY") >= max_scroll - 1

    # The next Tab stop is inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('contenu').contains(document.activeElement)")


def test_keyboard_user_reaches_a_cooperative_through_the_main_navigation(page, live_site):
    open_page(page, live_site + HOME)

    main_nav = page.get_by_role("navigation", name="Navigation principale")
    tab_to(page, main_nav.get_by_role("link", name="L'écosystème", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_site + ECOSYSTEM

    cards = page.locator("#contenu .card")
    tab_to(page, cards.get_by_role("link", name="Alterna", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_site + COOPERATIVE
    assert page.get_by_role("heading", level=1).inner_text() == "Alterna"


@pytest.mark.parametrize(
    "path", [HOME, HISTORY, COOPERATIVE], ids=["home", "history", "cooperative"]
)
def test_no_horizontal_scrolling_at_320_px(new_page, live_site, path):
    page = new_page(viewport={"width": 320, "height": 640})
    open_page(page, live_site + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width}px wide at 320px"


def test_home_page_requests_nothing_from_other_hosts(page, request_guard, live_site):
    open_page(page, live_site + HOME)
    page.wait_for_load_state("networkidle")
    assert request_guard.urls, "no request recorded"
    request_guard.assert_only_to(live_site)


def test_home_page_links_resolve_on_the_live_server(page, live_site):
    """Wagtail's default site serves the live server's host, so page URLs work there."""
    open_page(page, live_site + HOME)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    internal = sorted({href.split("#")[0] for href in hrefs if href.startswith(live_site)})
    assert live_site + ECOSYSTEM in internal and live_site + COOPERATIVE in internal
    broken = [href for href in internal if page.request.get(href).status != 200]
    assert not broken, f"Links that do not answer 200: {broken}"
