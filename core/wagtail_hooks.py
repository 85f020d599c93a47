from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem


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
