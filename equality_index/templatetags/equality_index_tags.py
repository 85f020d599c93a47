"""The published index, for pages of other apps (the home page, the footer) to show;
the index's dates and figures written as French writes them ("1er mars 2027", "4,2");
and the legal texts by year, for the admin."""

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.cache import cached_for_content
from core.visibility import public
from equality_index import deadlines, legal_texts
from equality_index.models import EqualityIndexPage, EqualityIndexYear
from equality_index.workforce import french_decimal

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


@register.filter
def french_date(day):
    """A date as "1er mars 2027" (Django's "j F Y" writes "1 mars 2027")."""
    return deadlines.french_date(day) if day else ""


@register.filter
def french_datetime(moment):
    """A moment, in local time, as "1er mars 2027 à 08:00"."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{deadlines.french_date(local.date())} à {local:%H:%M}"


@register.filter
def deadline_of(publication_year):
    """The deadline of a publication year: "1er mars 2026"."""
    return deadlines.french_date(deadlines.deadline(int(publication_year)))


@register.filter
def french_number(value, places=1):
    """4.25 -> "4,3" (half up), as the official rules round; "" for None."""
    return french_decimal(value, int(places))


@register.filter
def signed_french(value):
    """A signed gap: 4.25 -> "+4,3", -1.2 -> "\u22121,2" (a minus sign), 0 -> "0,0"."""
    return french_decimal(value, 1, signed=True)


@register.filter
def iso_date(text):
    """ "2026-12-01" (as a JSON field keeps a date) -> the date, or None."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@register.simple_tag
def legal_rules():
    """Which legal text applies to which publication years (equality_index/legal_texts.py)."""
    return legal_texts.rules_by_publication_year()


@register.filter
def as_typed(value):
    """A stored result as the team typed it: Decimal("6.100") -> "6,1"; "" for None."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.filter
def table_cell(field):
    """A cell of the simulator's tables: its input, then its errors (no template per cell)."""
    errors = format_html_join("", '<p class="error-message">{}</p>', ((e,) for e in field.errors))
    return format_html("{}{}", field, errors)
