"""Site-wide data every page shows (menu, footer, breadcrumbs), once per content version.

A page render then costs the queries of its own content only, whatever the
size of the site: the menu and the footer come from the cache (core/cache.py).
"""

from .cache import cached_for_content
from .models import SiteSettings
from .visibility import public


def menu_items(site, request):
    """The site root's live public children shown in menus, each with its own (one level),
    as plain data, in one query."""

    def build():
        root = site.root_page
        pages = public(
            root.get_descendants().live().in_menu().filter(depth__lte=root.depth + 2)
        ).order_by("path")
        items, by_path = [], {}
        for page in pages:
            item = {
                "pk": page.pk,
                "title": page.title,
                "url": page.get_url(request),
                "path": page.path,
                "children": [],
            }
            if page.depth == root.depth + 1:
                items.append(item)
                by_path[page.path] = item
            elif page.path[: -page.steplen] in by_path:
                by_path[page.path[: -page.steplen]]["children"].append(item)
        return items

    return cached_for_content(f"menu:{site.pk}", build)


def branding(site, request):
    """The logo the site settings give, as a rendition ready for the header (or None: the
    site's own wordmark is used)."""

    def build():
        site_settings = SiteSettings.for_site(site)
        if not site_settings.logo_id:
            return {"logo": None}
        rendition = site_settings.logo.get_rendition("height-80")
        return {
            "logo": {
                "url": rendition.url,
                "width": rendition.width // 2,
                "height": rendition.height // 2,
            }
        }

    return cached_for_content(f"branding:{site.pk}", build)


def footer(site, request):
    """Contact details, social links and legal links, from the settings."""

    def build():
        menu_pks = {item["pk"] for item in menu_items(site, request)}
        site_settings = SiteSettings.for_site(site)
        return {
            "postal_address": site_settings.postal_address,
            "contact_email": site_settings.contact_email,
            "contact_phone": site_settings.contact_phone,
            "social_links": [
                {"label": link.value["label"], "url": link.value["url"]}
                for link in site_settings.social_links
            ],
            "legal_links": [
                {"url": page.get_url(request), "label": label}
                for page, label in site_settings.footer_links()
                if page.pk not in menu_pks  # already linked above, with the menu
            ],
            "sitemap_url": (
                site_settings.sitemap_page.get_url(request)
                if site_settings.sitemap_page_id and site_settings.sitemap_page.live
                else ""
            ),
        }

    return cached_for_content(f"footer:{site.pk}", build)


def page_titles_and_urls(site, request):
    """Title and URL of every live page of the site, by tree path (for breadcrumbs)."""

    def build():
        pages = site.root_page.get_descendants(inclusive=True).live()
        return {
            page.path: {"title": page.title, "url": page.get_url(request), "depth": page.depth}
            for page in pages.only("path", "title", "depth", "url_path", "locale_id")
        }

    return cached_for_content(f"page-index:{site.pk}", build)
