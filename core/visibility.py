"""Which pages visitors may see, without a query for the view restrictions on every call."""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import PageViewRestriction

from .cache import cached_for_content


def restricted_paths():
    """Tree paths of the pages with a view restriction; exact, since every change of a
    restriction bumps the content version they are kept under."""
    return cached_for_content(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)) or [""],
    )


def public(queryset):
    """Like Wagtail's .public(), without a query for the restrictions on every call."""
    paths = [path for path in restricted_paths() if path]
    if not paths:
        return queryset
    return queryset.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))
