"""The published index, for pages of other apps (the home page, the footer) to show."""

from django import template

from core.cache import cached_for_content
from core.visibility import public
from equality_index.models import EqualityIndexPage, EqualityIndexYear

register = template.Library()


def index_summary(request):
    page = public(EqualityIndexPage.objects.live()).first()
    return {
        "latest_year": EqualityIndexYear.objects.published().first(),
        "page_url": page.get_url(request) if page else "",
    }


@register.simple_tag(takes_context=True)
def equality_index_summary(context):
    """The latest published year (or None) and the index page's address (or "")."""
    request = context.get("request")
    return cached_for_content("equality-index-summary", lambda: index_summary(request))
