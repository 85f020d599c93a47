"""Search across the live, public pages: the whole design, from the query to the marked result.

What a query asks for
    Its words, less the French little words ("de", "l'", "la"...) when it has others:
    "Index de l'égalité" asks for "index" and "égalité". A page is found when it holds
    every one of them (Wagtail's "and" operator), in either of two ways:

    - as whole words, anywhere the page is indexed (`SearchField`s). PostgreSQL's
      `french_unaccent` configuration (migration 0003) stems and folds accents; SQLite's
      FTS5 folds accents and case but has no stemmer, so each word is also looked for in
      its folded singular and plural forms ("coopératives" also as "cooperative").
    - as beginnings of words in the fields that say what the page is (its
      `AutocompleteField`s: the title; a cooperative's legal form and promise, as its
      cards show them; the ecosystem's introduction), through Wagtail's `autocomplete()`:
      "coop" finds "Coopérative d'activité et d'emploi (CAE)". Accents are folded there
      too: by SQLite's FTS5, and on PostgreSQL by the `simple_unaccent` configuration
      (migration 0010, `search_backend.py`), so "egal" finds "égalité".

In which order
    1. The pages whose title holds every word (as `highlight` marks them).
    2. Then those whose `AutocompleteField`s begin with every word: what the page is.
    3. Then those that only mention the words somewhere in their text.
    Within each group, Wagtail's relevance order. Wagtail's title boost alone is not
    enough: SQLite's FTS5 ranking ignores `boost` and favours short pages (BM25), so
    the Contact page, which mentions "coopératives" once in a one-line summary, came
    before the cooperatives themselves. The groups are the same on both databases.

What a result shows
    Its title and excerpt (the search description, else the summary) with every word that
    begins like a word of the query, whatever its case, accents or plural, wrapped in
    <mark>; everything else is escaped. The marking is computed here rather than by the
    database, so that it is the same on both and never runs the query text as markup.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from core.visibility import public

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[^\W_]+")
# Folded ("à" is "a"). Too common in French to be required: a page lacking "de" still
# answers "index de l'égalité". PostgreSQL's French configuration drops them too.
LITTLE_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "c",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "j",
        "l",
        "la",
        "le",
        "les",
        "m",
        "n",
        "ou",
        "qu",
        "s",
        "t",
        "un",
        "une",
        "y",
    ]
)
EXCERPT_WORDS = 40


def clean_search_query(raw, max_length=200):
    """What we search for: printable text, spaces folded, at most `max_length` characters."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:max_length].strip()


def fold(text):
    """Lower case, no accents: 'Égalité' -> 'egalite'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(folded_word):
    """A folded word without its plural ending: 'cooperatives' -> 'cooperative'."""
    if len(folded_word) > 3 and (
        folded_word.endswith("s") or folded_word.endswith(("aux", "eux", "oux"))
    ):
        return folded_word[:-1]
    return folded_word


def stem(word):
    """What a word of the text must begin with to answer `word`: folded, singular."""
    return singular(fold(word))


def query_words(query):
    """The words every result must hold, each once: 'Index de l'égalité' -> ['Index', 'égalité']."""
    words = WORD.findall(query)
    meaningful = [word for word in words if fold(word) not in LITTLE_WORDS] or words
    by_stem = {}
    for word in meaningful:
        by_stem.setdefault(stem(word), word)
    return list(by_stem.values())


def whole_words_query(words):
    """Every word, each as typed or in its folded singular or plural form (for SQLite)."""
    return And(
        [
            Or([PlainText(form) for form in dict.fromkeys((word, stem(word), stem(word) + "s"))])
            for word in words
        ]
    )


def beginnings_query(words):
    """Every word, without its plural ending, as the beginning of a word: in
    `autocomplete()` the last (here only) term of each PlainText is a prefix. The
    database folds the accents, on both sides."""
    return And([PlainText(singular(word.lower())) for word in words])


def marks_every_word(text, words):
    """Whether each of `words` begins some word of `text` (the rule `highlight` marks by)."""
    text_words = [fold(word) for word in WORD.findall(text)]
    return all(any(tw.startswith(stem(word)) for tw in text_words) for word in words)


def search_pages(query):
    """Live public pages holding every word of `query`, best first (see the module's docstring).

    Returns plain `Page` objects, so that only the ones shown are fetched as their type.
    """
    words = query_words(query)
    if not words:
        return []
    pages = public(Page.objects.live().filter(depth__gt=1))
    in_cards = list(pages.autocomplete(beginnings_query(words)))
    seen = {page.pk for page in in_cards}
    in_text = [page for page in pages.search(whole_words_query(words)) if page.pk not in seen]
    # A stable sort: the titles first, each group in its own order.
    return sorted(in_cards + in_text, key=lambda page: not marks_every_word(page.title, words))


def highlight(text, query):
    """`text`, escaped, with each word that begins like a word of `query` in <mark>.

    Accents, case and plural endings do not count: "cooperative" marks "Coopératives".
    """
    stems = [stem(word) for word in query_words(query)]
    if not text or not stems:
        return escape(text or "")
    # The folded text, and for each of its characters the position it comes from.
    folded, origin = [], []
    for position, character in enumerate(text):
        for folded_character in fold(character):
            folded.append(folded_character)
            origin.append(position)
    folded = "".join(folded)
    marked, shown_up_to = SafeString(""), 0
    for match in WORD.finditer(folded):
        if not any(match.group().startswith(s) for s in stems):
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        marked += escape(text[shown_up_to:start])
        marked += SafeString("<mark>") + escape(text[start:end]) + SafeString("</mark>")
        shown_up_to = end
    return marked + escape(text[shown_up_to:])


@dataclass
class SearchResult:
    page: Page
    place: list  # titles of the ancestors below the home page, from the top
    title: SafeString
    excerpt: SafeString


def present(pages, query):
    """The results to show, in the order of `pages`: each as its type, with its place in the
    site and its title and excerpt marked. A fixed number of queries: one for the pages, one
    per page type among them, one for the places."""
    if not pages:
        return []
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
    }
    pages = [specific[page.pk] for page in pages if page.pk in specific]
    places = places_in_site(pages)
    return [
        SearchResult(
            page=page,
            place=place,
            title=highlight(page.title, query),
            excerpt=highlight(Truncator(excerpt_of(page)).words(EXCERPT_WORDS), query),
        )
        for page, place in zip(pages, places, strict=True)
    ]


def excerpt_of(page):
    """What the result says of the page: its search description, else its summary."""
    return getattr(page, "meta_description", None) or page.search_description


def places_in_site(pages):
    """Each page's place in the site (["Qui sommes-nous", "Le projet"]), in one query."""
    step = Page.steplen
    below_home = 3 * step  # the root, then the home page
    ancestor_paths = {
        page.path[:length] for page in pages for length in range(below_home, len(page.path), step)
    }
    titles = dict(
        Page.objects.filter(path__in=ancestor_paths, live=True).values_list("path", "title")
    )
    return [
        [
            titles[page.path[:length]]
            for length in range(below_home, len(page.path), step)
            if page.path[:length] in titles
        ]
        for page in pages
    ]
