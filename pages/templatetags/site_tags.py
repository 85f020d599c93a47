"""Navigation built from the live page tree, so editors control it from the admin."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu())


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_page):
    """True when the page being shown is this menu entry or lies beneath it."""
    page = context.get("page")
    if page is None or not getattr(page, "path", None):
        return False
    return page.path.startswith(menu_page.path)


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def breadcrumb(context):
    page = context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        # depth 1 is Wagtail's invisible root; depth 2 is the home page, shown as "Accueil".
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live().public())
    return {"page": page, "ancestors": ancestors, "request": context.get("request")}
