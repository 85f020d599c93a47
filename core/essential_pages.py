"""Pages the site and the law depend on: editors change them, only administrators remove them.

The home page (a site's root), the pages the site settings point to (contact,
site map, legal notice, privacy, accessibility) and the page types that declare
`essential = True` (the index page, whose address is declared to the Ministry)
can be edited and published by editors; deleting, unpublishing or moving them
(or a section that holds one) is for administrators only.
"""

from wagtail.models import Page, Site, get_page_models

from .models import SiteSettings

ADMINISTRATORS = "Administrateurs"
SETTINGS_PAGE_FIELDS = [
    "contact_page_id",
    "sitemap_page_id",
    "legal_notice_page_id",
    "privacy_page_id",
    "accessibility_page_id",
]


def is_administrator(user):
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def essential_page_ids():
    ids = set(Site.objects.values_list("root_page_id", flat=True))
    for values in SiteSettings.objects.values_list(*SETTINGS_PAGE_FIELDS):
        ids.update(pk for pk in values if pk)
    essential_types = [model for model in get_page_models() if getattr(model, "essential", False)]
    if essential_types:
        ids.update(Page.objects.type(*essential_types).values_list("pk", flat=True))
    return ids


def essential_pages_within(pages):
    """The essential pages among `pages` and everything beneath them."""
    essential = essential_page_ids()
    found = []
    for page in pages:
        subtree = Page.objects.filter(path__startswith=page.path, pk__in=essential)
        found.extend(subtree)
    return found


def refusal_message(pages, action):
    titles = ", ".join(f"« {page.title} »" for page in pages)
    return (
        f"Seule une personne du groupe Administrateurs peut {action} {titles} : le site "
        "(et, pour l'index de l'égalité, la loi) en a besoin. Vous pouvez la modifier et "
        "publier vos changements."
    )
