"""The member cooperatives, for pages of other apps (the home page) to show."""

from django import template

from cooperatives.models import CooperativePage
from core.blocks import faq_page_json_ld as faq_json_ld
from core.blocks import faq_questions
from core.cache import cached_for_content
from core.seo import organisation_json_ld
from core.visibility import public

register = template.Library()


def live_cooperatives():
    return list(public(CooperativePage.objects.live()).select_related("logo"))


@register.simple_tag
def member_cooperatives():
    """Every live, public cooperative page, in the tree's order."""
    return cached_for_content("member-cooperatives", live_cooperatives)


@register.simple_tag(takes_context=True)
def smart_organisation_json_ld(context, home):
    """Smart and its member cooperatives as schema.org data, for the home page (once per
    content version: it names only published content)."""
    request = context.get("request")

    def build():
        members = [
            {
                "@type": "Organization",
                "name": cooperative.title,
                "url": cooperative.get_full_url(request),
                "description": cooperative.promise,
                "areaServed": cooperative.territory,
            }
            for cooperative in member_cooperatives()
        ]
        return organisation_json_ld(request, home, members)

    return cached_for_content(f"organisation-json-ld:{home.pk}", build)


@register.simple_tag
def faq_page_json_ld(stream):
    """The questions of `stream` as schema.org FAQPage data, or "" when it has none."""
    return faq_json_ld(faq_questions(stream))
