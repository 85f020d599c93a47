"""The header in a real browser: sub-menus open by keyboard, without script; the home page's
hero on a phone and a desktop, with axe-core."""

import pytest

from .conftest import PHONE_VIEWPORT, assert_no_axe_violations

DESKTOP = {"width": 1440, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE_VIEWPORT, DESKTOP], ids=["phone", "desktop"])
def test_a_sub_menu_opens_and_is_walked_by_keyboard(live_site, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(f"{live_site}/")
    nav = page.locator("nav[aria-label='Navigation principale']")
    toggle = nav.locator("summary").first
    project = nav.get_by_role("link", name="Le projet", exact=True)
    assert not project.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert project.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Le projet"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_site}/qui-sommes-nous/le-projet/")


@pytest.mark.parametrize("viewport", [PHONE_VIEWPORT, DESKTOP], ids=["phone", "desktop"])
def test_the_home_page_with_its_hero_and_open_menu_has_no_accessibility_violation(
    live_site, axe_page, viewport
):
    axe_page.set_viewport_size(viewport)
    axe_page.goto(f"{live_site}/")
    assert axe_page.locator(".hero .illustration").is_visible()
    assert_no_axe_violations(axe_page)
    name = "phone" if viewport is PHONE_VIEWPORT else "desktop"
    # For people to look at (the closing notes describe them): closed, then open.
    axe_page.screenshot(path=f"/tmp/smart-home-{name}.png", full_page=True)
    axe_page.locator("nav[aria-label='Navigation principale'] summary").first.click()
    assert_no_axe_violations(axe_page)
    width = axe_page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page is {width} px wide"
    axe_page.screenshot(path=f"/tmp/smart-home-{name}-menu.png", full_page=True)
