from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import Page, Site

from .essential_pages import essential_pages_within, is_administrator, refusal_message
from .models import SiteSettings


class SiteContentChecker(ContentCheckerItem):
    """Wagtail's content checker, with the image rules our editors can act on added.

    Wagtail's defaults already cover headings, empty links and buttons, and the
    quality of alt texts; missing alt texts on images and SVGs come on top.
    """

    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt", "role-img-alt", "svg-img-alt"]


@hooks.register("construct_wagtail_userbar")
def use_site_content_checker(request, items, page):
    items[:] = [
        SiteContentChecker(item.in_editor)
        # Wagtail builds a subclass (AccessibilityItem) of its own: replace any checker.
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker)
        else item
        for item in items
    ]


# --- What editors type is kept --------------------------------------------------------


@hooks.register("insert_global_admin_js")
def keep_what_editors_type():
    return format_html('<script src="{}"></script>', versioned_static("core/admin.js"))


# --- Pages the site and the law depend on -----------------------------------------------


def refuse_for_essential_pages(request, pages, action):
    if is_administrator(request.user):
        return None
    essential = essential_pages_within(pages)
    if not essential:
        return None
    messages.error(request, refusal_message(essential, action))
    return redirect("wagtailadmin_pages:edit", essential[0].pk)


@hooks.register("before_delete_page")
def keep_essential_pages_from_deletion(request, page):
    return refuse_for_essential_pages(request, [page], "supprimer")


@hooks.register("before_unpublish_page")
def keep_essential_pages_published(request, page):
    return refuse_for_essential_pages(request, [page], "dépublier")


@hooks.register("before_move_page")
def keep_essential_pages_in_place(request, page, destination):
    return refuse_for_essential_pages(request, [page], "déplacer")


BULK_ACTION_VERBS = {"delete": "supprimer", "unpublish": "dépublier", "move": "déplacer"}


@hooks.register("before_bulk_action")
def keep_essential_pages_from_bulk_actions(request, action_type, objects, action_class_instance):
    verb = BULK_ACTION_VERBS.get(action_type)
    pages = [item for item in objects if isinstance(item, Page)]
    if verb is None or not pages:
        return None
    return refuse_for_essential_pages(request, pages, verb)


@hooks.register("construct_page_action_menu")
def hide_what_editors_may_not_do(menu_items, request, context):
    page = context.get("page")
    if page is None or page.pk is None or is_administrator(request.user):
        return
    if essential_pages_within([page]):
        menu_items[:] = [
            item for item in menu_items if item.name not in ("action-unpublish", "action-delete")
        ]


# --- Before going live --------------------------------------------------------------------


class BeforeGoingLivePanel(Component):
    """For administrators: what the site still lacks before it is announced."""

    name = "before_going_live"
    order = 40
    template_name = "core/admin/before_going_live.html"

    def __init__(self, missing):
        self.missing = missing

    def get_context_data(self, parent_context=None):
        settings_url = reverse("wagtailsettings:edit", args=["core", "sitesettings"])
        return {"missing": self.missing, "settings_url": settings_url}


@hooks.register("construct_homepage_panels")
def add_before_going_live_panel(request, panels):
    if not is_administrator(request.user):
        return
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    missing = SiteSettings.for_site(site).missing_before_going_live()
    if missing:
        panels.append(BeforeGoingLivePanel(missing))
