"""The pay-transparency indicators from the per-employee file, as the admin keeps and compares them.

``pay_transparency`` (simulation.py) gives exact, signed, unrounded values. Here
they become what the record keeps: (a) to (f) rounded half up to one decimal,
the precision the public page shows, so that the figure kept is the figure
published (rounding twice, 4.049 -> 4.05 -> 4.1, would not be); and (g), per
category of workers, head counts and gaps only, never an amount. No Django
import: the benchmark times ``compute_transparency`` on 10 000 rows.
"""

from decimal import ROUND_HALF_UP, Decimal

from equality_index.employee_file import read_employee_file
from equality_index.simulation import TRANSPARENCY_COLUMNS, pay_transparency

__all__ = ["compare_with_typed", "compute_transparency", "rounded"]

ONE_DECIMAL = Decimal("0.1")
# A typed figure further than this from the computed one (both rounded) is flagged.
CHECK_TOLERANCE = Decimal("0.1")


def rounded(value):
    """Half up to one decimal (as the official index rules round); None stays None."""
    if value is None:
        return None
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _field_values(result):
    values = {
        "mean_gap_annual": result["mean_gap"]["annual"],
        "mean_gap_hourly": result["mean_gap"]["hourly"],
        "variable_mean_gap": result["variable_mean_gap"],
        "median_gap_annual": result["median_gap"]["annual"],
        "median_gap_hourly": result["median_gap"]["hourly"],
        "variable_median_gap": result["variable_median_gap"],
        "variable_pay_share_women": result["variable_pay_share"]["women"],
        "variable_pay_share_men": result["variable_pay_share"]["men"],
    }
    for band in result["quartiles"]:
        values[f"quartile_{band['quartile']}_women"] = band["women"]
        values[f"quartile_{band['quartile']}_men"] = band["men"]
    return {name: rounded(value) for name, value in values.items()}


def _text(value):
    return None if value is None else format(rounded(value), "f")


def compute_transparency(data, filename):
    """Read the file in memory and compute (a) to (g): the values the record would keep.

    Returns ``{"published": {field: Decimal or None}, "categories": [...],
    "headcount": {"women", "men"}}``; the categories are JSON values (counts,
    gaps as strings with one decimal, ``alert``). Raises ``RowErrors`` or
    ``ScoringError`` with French messages that never hold a value of the file.
    """
    rows = read_employee_file(data, filename, required_columns=TRANSPARENCY_COLUMNS)
    result = pay_transparency(rows)
    categories = [
        {
            "category": entry["category"],
            "women": entry["women"],
            "men": entry["men"],
            "annual_gap": _text(entry["annual_gap"]),
            "base_pay_gap": _text(entry["base_pay_gap"]),
            "variable_pay_gap": _text(entry["variable_pay_gap"]),
            "alert": entry["alert"],
        }
        for entry in result["by_category"]
    ]
    return {
        "published": _field_values(result),
        "categories": categories,
        "headcount": dict(result["headcount"]),
    }


def compare_with_typed(computed, typed):
    """For each field of (a) to (f): the typed and computed values, and whether they disagree.

    ``typed`` maps the field names to what the record holds (from the Ministry).
    """
    rows = {}
    for name, value in computed.items():
        given = typed.get(name)
        if given is None:
            differs = False
        elif value is None:
            differs = True
        else:
            differs = abs(rounded(given) - value) > CHECK_TOLERANCE
        rows[name] = {"computed": value, "typed": given, "differs": differs}
    return rows
