"""How the documents page describes a file: its type in words and its size, in French.

Plain functions, without Django, tested directly (tests/test_join_and_documents.py).
"""

import math

# What a reader calls each kind of file the site accepts (WAGTAILDOCS_EXTENSIONS),
# and a few more an administrator might allow.
FILE_KINDS = {
    "pdf": "PDF",
    "csv": "tableur CSV",
    "ods": "tableur OpenDocument",
    "xls": "tableur Excel",
    "xlsx": "tableur Excel",
    "doc": "texte Word",
    "docx": "texte Word",
    "odt": "texte OpenDocument",
    "rtf": "texte RTF",
    "txt": "texte brut",
    "odp": "présentation OpenDocument",
    "ppt": "présentation PowerPoint",
    "pptx": "présentation PowerPoint",
    "zip": "archive ZIP",
}

NO_BREAK_SPACE = "\u00a0"
# Decimal units, as « Mo » means: 1 Mo is 1,000,000 bytes (1,048,576 would be « Mio »).
UNITS = ["ko", "Mo", "Go", "To"]


def file_kind(filename):
    """'PDF', 'tableur Excel'…: the type of `filename` in words, from its extension."""
    _, dot, extension = filename.rpartition(".")
    extension = extension.lower() if dot else ""
    return FILE_KINDS.get(extension) or (f"fichier {extension.upper()}" if extension else "fichier")


def file_size(size):
    """« 1,2 Mo », « 350 ko », « 1 octet »: a size in bytes as a French reader says it.

    One decimal below 100 units, when it is not zero; none above, where it says
    nothing useful. Empty when the size is unknown.
    """
    if size is None or size < 0:
        return ""
    if size < 1000:
        return f"{size}{NO_BREAK_SPACE}{'octet' if size < 2 else 'octets'}"
    value, unit = size, ""
    for unit in UNITS:
        value /= 1000
        shown = rounded(value)
        if shown < 1000 or unit == UNITS[-1]:
            break
    return f"{shown:g}".replace(".", ",") + f"{NO_BREAK_SPACE}{unit}"


def rounded(value):
    """One decimal below 100, none from there; halves round up, as people count."""
    if value < 99.95:
        return math.floor(value * 10 + 0.5) / 10
    return math.floor(value + 0.5)
