"""Search across the live, public pages, forgiving accents and plurals.

PostgreSQL's French configuration stems words, and the `french_unaccent`
configuration (created by a migration) also folds accents. SQLite's FTS has no
stemming, so each word is also looked for without its accents and its plural
ending; both back ends then find "coopératives" for "cooperative".
"""

import re
import unicodedata

from wagtail.models import Page

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_search_query(raw, max_length=200):
    """What we search for: printable text, spaces folded, at most `max_length` characters."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:max_length].strip()


def fold(word):
    """Lower case, no accents, no plural ending: 'Coopératives' -> 'cooperative'."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if len(bare) > 3 and bare[-1] in "sx":
        bare = bare[:-1]
    return bare


def search_pages(query):
    """Live public pages matching `query`, best first, as their specific types."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    words = [word for word in re.findall(r"\w+", query)]
    if not words:
        return []
    # Each word, and its folded singular and plural: SQLite's index has no stemmer
    # but ignores accents, so "cooperative" then meets "coopératives" there too.
    variants = dict.fromkeys(
        variant for word in words for variant in (word, fold(word), fold(word) + "s")
    )
    results = list(pages.search(" ".join(variants), operator="or"))
    # SQLite has no stemmer: the words folded, as title prefixes, catch the rest.
    found = {page.pk for page in results}
    for page in pages.autocomplete(" ".join(fold(word) for word in words), operator="or"):
        if page.pk not in found:
            results.append(page)
            found.add(page.pk)
    specific = Page.objects.filter(pk__in=[page.pk for page in results]).specific()
    by_pk = {page.pk: page for page in specific}
    return [by_pk[page.pk] for page in results if page.pk in by_pk]


def with_places(results):
    """Pair each result with its place in the site ("Qui sommes-nous > Le projet"), in one query."""
    step = Page.steplen
    ancestor_paths = {
        page.path[:length]
        for page in results
        for length in range(2 * step + step, len(page.path), step)  # below the home page
    }
    titles = dict(Page.objects.filter(path__in=ancestor_paths).values_list("path", "title"))
    return [
        (
            page,
            [
                titles[page.path[:length]]
                for length in range(3 * step, len(page.path), step)
                if page.path[:length] in titles
            ],
        )
        for page in results
    ]
