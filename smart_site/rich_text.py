"""Wagtail's rich text editor widget: it opens any stored HTML, and refuses what the
editor itself never sends.

Wagtail's converter from stored HTML to the editor's format expects every tag
closed: a `<br>` written by hand (valid HTML, and what imports and older content
hold) made the edit view fail with a server error. Void tags are written in the
closed form (`<br/>`) before conversion.

The Draftail editor posts its content as JSON. Wagtail's widget decodes it without
a guard, so a hand-made request with anything else in a rich text field ends in a
server error. This widget turns such a value into a marker that Django's own
validation of every text field refuses ("Les caractères nuls ne sont pas
autorisés."): the form comes back with the error on that field, nothing is stored.
"""

import re

from wagtail.admin.rich_text import DraftailRichTextArea

VOID_TAGS = re.compile(r"<(br|hr|wbr)(\s[^<>]*?)?\s*/?>", re.IGNORECASE)

# The null characters make Django's ProhibitNullCharactersValidator, present on every
# CharField (RichTextField's form field and RichTextBlock's), refuse the value.
UNREADABLE = "\x00contenu illisible\x00"


class GuardedDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            # json.JSONDecodeError is a ValueError; the others come from JSON that
            # parses but is not the editor's content structure.
            return UNREADABLE

    def format_value(self, value):
        # The form comes back with an error: show an empty editor, not the marker.
        if value == UNREADABLE:
            value = ""
        return super().format_value(closed_void_tags(value))


def closed_void_tags(html):
    """`<br>` as `<br/>` (and the other void tags the editor may meet), so it opens."""
    return VOID_TAGS.sub(lambda match: f"<{match.group(1).lower()}/>", html) if html else html
