"""Navigation built from the live page tree, so editors control it from the admin."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core import navigation
from core.cache import cached_for_content
from core.models import SiteSettings

register = template.Library()


def current_site(context):
    request = context.get("request")
    return (Site.find_for_request(request) if request else None), request


@register.simple_tag(takes_context=True)
def main_menu(context):
    site, request = current_site(context)
    return navigation.menu_items(site, request) if site else []


@register.simple_tag(takes_context=True)
def site_branding(context):
    site, request = current_site(context)
    return navigation.branding(site, request) if site else {"logo": None}


@register.simple_tag(takes_context=True)
def site_footer(context):
    site, request = current_site(context)
    return navigation.footer(site, request) if site else {}


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_item):
    """True when the page being shown is this menu entry or lies beneath it."""
    page = context.get("page")
    if page is None or not getattr(page, "path", None):
        return False
    return page.path.startswith(menu_item["path"])


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def breadcrumb(context):
    page = context.get("page")
    site, request = current_site(context)
    ancestors = []
    if site is not None and page is not None and getattr(page, "depth", 0) > 2:
        # depth 1 is Wagtail's invisible root; depth 2 is the home page, shown as "Accueil".
        # No view-restriction filter: a page under a restricted one is itself restricted.
        index = navigation.page_titles_and_urls(site, request)
        step = len(page.path) // page.depth
        prefixes = [page.path[:length] for length in range(2 * step, len(page.path), step)]
        ancestors = [index[prefix] for prefix in prefixes if prefix in index]
    return {"page": page, "ancestors": ancestors, "request": request}


@register.inclusion_tag("components/legal_details.html", takes_context=True)
def legal_details(context, page):
    """What the site settings add to the legal notice and privacy pages: only what is filled
    in, never a placeholder (the administrators' dashboard lists what is missing)."""
    request = context.get("request")
    site_settings = SiteSettings.for_request(request) if request else None
    details = {"page": page, "request": request}
    if site_settings is None or page is None:
        return details
    if page.pk == site_settings.legal_notice_page_id:
        details["legal_sections"] = [
            (title, value.strip())
            for title, value in (
                ("Éditeur du site", site_settings.publisher_details),
                ("Directrice ou directeur de la publication", site_settings.publication_director),
                ("Hébergement", site_settings.host_details),
            )
            if value.strip()
        ]
    if page.pk == site_settings.privacy_page_id:
        details["privacy_contact"] = site_settings.privacy_contact_email
        contact_page = site_settings.contact_page
        details["contact_url"] = contact_page.get_url(request) if contact_page else ""
        details["show_privacy_contact"] = True
    return details


@register.tag("same_on_every_page")
def same_on_every_page(parser, token):
    """{% same_on_every_page "footer" %}…{% end_same_on_every_page %}: markup that depends only
    on the site and its content (not on the page, the visitor or the request), rendered once
    per content version and kept with the site data (core/cache.py)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("same_on_every_page takes one name, in quotes.")
    nodelist = parser.parse(("end_same_on_every_page",))
    parser.delete_first_token()
    return SameOnEveryPageNode(bits[1].strip("\"'"), nodelist)


class SameOnEveryPageNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        site, _ = current_site(context)
        if site is None:
            return self.nodelist.render(context)
        return cached_for_content(
            f"fragment:{self.name}:{site.pk}", lambda: mark_safe(self.nodelist.render(context))
        )
