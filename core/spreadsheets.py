"""Cells a spreadsheet would run as formulas, made plain text (CSV/formula injection).

A visitor's message that starts with "=" (or "+", "-", "@", a tab, a carriage
return) would run as a formula when someone opens an export in Excel or
LibreOffice: every text cell the site exports goes through this first.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value` unchanged, or with a leading apostrophe when it would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
