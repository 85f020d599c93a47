"""The index from the workforce data: what the admin keeps of the tables, and how it shows them.

Between the admin views and ``simulation.py``: the tables typed in the
simulator form or aggregated from the per-employee file are *minimised* before
anything is shown or kept (``tables_to_keep``), then simulated; the result is
described in French for the team (``describe_simulation``). No Django import,
so the whole import of a file, bytes to result, is timed by
``bench/employee_import.py`` without a server (``import_employee_file``).

What is kept with the year, and why (simulation spec §2: "only the aggregated
tables are kept"):
  - the head counts by category, age band and sex, the rates and counts of the
    raises, promotions, maternity returns and top 10, as the Ministry's
    simulator asks for them: they are needed to score the year again and to
    start the next one from them;
  - the mean pay of a group only when the group counts for indicator 1 (at
    least 3 women and 3 men), and the raise and promotion rates of a category
    only when it counts for indicators 2 and 3 (at least 10 of each). In a
    group of one or two people of a sex the "mean" is a salary, and a rate is
    whether that person was raised; such groups do not count in the index, so
    dropping them changes no result (tests/test_index_from_payroll.py).
Nothing of it is public: the site publishes the indicator results only.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from equality_index.employee_file import read_employee_file
from equality_index.scoring import (
    HIGH_REMUNERATIONS,
    INDICATOR_LABELS,
    INDICATORS_BY_RANGE,
    MATERNITY_LEAVES,
    MAX_POINTS,
    NOT_COMPUTABLE_REASONS,
    PROMOTIONS,
    REMUNERATIONS,
    SALARY_RAISES,
    SALARY_RAISES_AND_PROMOTIONS,
)
from equality_index.simulation import AGE_BANDS, CATEGORIES, simulate, tables_from_employees

__all__ = [
    "AGE_BAND_LABELS",
    "CATEGORY_LABELS",
    "PAY_MODE_LABELS",
    "describe_simulation",
    "french_decimal",
    "import_employee_file",
    "tables_headcount",
    "tables_to_keep",
]

CATEGORY_LABELS = {
    "ouv": "Ouvriers",
    "emp": "Employés",
    "tam": "Techniciens et agents de maîtrise",
    "ic": "Ingénieurs et cadres",
}
AGE_BAND_LABELS = {
    "-29": "Moins de 30 ans",
    "30-39": "30 à 39 ans",
    "40-49": "40 à 49 ans",
    "50+": "50 ans et plus",
}
# The Ministry's three ways of forming the pay groups (Egapro: csp, niveau_branche, niveau_autre).
PAY_MODE_LABELS = {
    "csp": "Par catégorie socio-professionnelle (CSP) et tranche d'âge",
    "branch_levels": "Par niveau ou coefficient hiérarchique de la classification de branche",
    "other_levels": "Par niveau ou coefficient hiérarchique d'une autre méthode de cotation "
    "des postes",
}
PAY_MODE_PHRASES = {
    "csp": "calcul par catégorie socio-professionnelle et tranche d'âge",
    "branch_levels": "calcul par niveau ou coefficient de la classification de branche",
    "other_levels": "calcul par niveau ou coefficient d'une autre méthode de cotation",
}
# The thresholds of simulation.py (§7.1, §8.1), restated for the minimisation.
PAY_GROUP_MIN_PER_SEX = 3
RATE_GROUP_MIN_PER_SEX = 10
FAVORED_LABELS = {"men": "les hommes", "women": "les femmes"}
INDICATOR_NUMBERS = {
    REMUNERATIONS: "1",
    SALARY_RAISES: "2",
    PROMOTIONS: "3",
    SALARY_RAISES_AND_PROMOTIONS: "2 et 3",
    MATERNITY_LEAVES: "4",
    HIGH_REMUNERATIONS: "5",
}
RESULT_UNITS = {
    REMUNERATIONS: " %",
    SALARY_RAISES: " points de %",
    PROMOTIONS: " points de %",
    SALARY_RAISES_AND_PROMOTIONS: " points de %",
    MATERNITY_LEAVES: " %",
    HIGH_REMUNERATIONS: "",
}


# --- Exact numbers as JSON ----------------------------------------------------------------


def exact_text(number):
    """An exact number as JSON keeps it: an int, "30001.5", or "100001/3" (which simulate reads).

    A mean of three pays rarely has a finite decimal form; rounding it to the cent
    could move a gap across a rounding boundary, so the fraction is kept.
    """
    if number is None or number == "":
        return None
    if isinstance(number, int) and not isinstance(number, bool):
        return number
    value = as_fraction(number)
    if value.denominator == 1:
        return value.numerator
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_fraction(value):
    """The exact value of a number kept by ``exact_text`` (or typed: "23500,5")."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if "/" in text:
            numerator, denominator = text.split("/", 1)
            return Fraction(int(numerator), int(denominator))
        return Fraction(Decimal(text))
    if isinstance(value, float):
        return Fraction(Decimal(str(value)))
    return Fraction(value)


# --- Minimisation -------------------------------------------------------------------------


def _category_counts(workforce):
    return {
        category: tuple(
            sum(int(workforce[category][band][sex]) for band in AGE_BANDS)
            for sex in ("women", "men")
        )
        for category in CATEGORIES
    }


def _keeps_pay(women, men):
    return women >= PAY_GROUP_MIN_PER_SEX and men >= PAY_GROUP_MIN_PER_SEX


def tables_to_keep(tables):
    """The tables as kept with the year and shown: JSON values, small groups' pay left out.

    ``tables`` is the input of ``simulate`` (typed, or from ``tables_from_employees``);
    the copy simulates to the same results (see the module's docstring).
    """
    workforce = {
        category: {
            band: {sex: int(tables["workforce"][category][band][sex]) for sex in ("women", "men")}
            for band in AGE_BANDS
        }
        for category in CATEGORIES
    }
    mode = tables["pay"]["mode"]
    groups = []
    for group in tables["pay"].get("groups") or []:
        if mode == "csp":
            cell = workforce[group["category"]][group["age_band"]]
            women, men = cell["women"], cell["men"]
        else:
            women, men = int(group["women_count"]), int(group["men_count"])
        kept = {"category": group["category"], "age_band": group["age_band"]}
        if mode != "csp":
            kept.update(women_count=women, men_count=men)
        keep = _keeps_pay(women, men)
        kept["women_pay"] = exact_text(group.get("women_pay")) if keep else None
        kept["men_pay"] = exact_text(group.get("men_pay")) if keep else None
        if mode == "csp" and kept["women_pay"] is None and kept["men_pay"] is None:
            continue  # a CSP cell without pay is the same as no entry
        groups.append(kept)
    kept_tables = {
        "workforce_range": tables["workforce_range"],
        "workforce": workforce,
        "pay": {"mode": mode, "groups": groups},
    }
    counts = _category_counts(workforce)
    for indicator in (SALARY_RAISES, PROMOTIONS):
        if indicator not in tables:
            continue
        rates = {}
        for category in CATEGORIES:
            women, men = counts[category]
            given = (tables[indicator].get("rates") or {}).get(category) or {}
            counts_for_rates = women >= RATE_GROUP_MIN_PER_SEX and men >= RATE_GROUP_MIN_PER_SEX
            rates[category] = {
                sex: exact_text(given.get(sex)) if counts_for_rates else None
                for sex in ("women", "men")
            }
        kept_tables[indicator] = {"any": bool(tables[indicator]["any"]), "rates": rates}
    if SALARY_RAISES_AND_PROMOTIONS in tables:
        data = tables[SALARY_RAISES_AND_PROMOTIONS]
        kept_tables[SALARY_RAISES_AND_PROMOTIONS] = {
            "any": bool(data["any"]),
            "women_raised": int(data.get("women_raised") or 0),
            "men_raised": int(data.get("men_raised") or 0),
        }
    if MATERNITY_LEAVES in tables:
        data = tables[MATERNITY_LEAVES]
        kept_tables[MATERNITY_LEAVES] = {
            "returned": int(data.get("returned") or 0),
            "raised": int(data.get("raised") or 0),
        }
    if HIGH_REMUNERATIONS in tables:
        data = tables[HIGH_REMUNERATIONS]
        kept_tables[HIGH_REMUNERATIONS] = {
            "women": int(data["women"]),
            "men": int(data["men"]),
        }
    return kept_tables


def tables_headcount(tables):
    """The number of employees the tables count (the declaration's "effectif pris en compte")."""
    return sum(
        int(cell[sex])
        for bands in tables["workforce"].values()
        for cell in bands.values()
        for sex in ("women", "men")
    )


# --- The whole import, bytes to result ------------------------------------------------------


def import_employee_file(data, filename, workforce_range=None, pay_mode="csp"):
    """Read a per-employee file and compute the index, in memory: (tables kept, simulation).

    What the import view does with the uploaded bytes, in one call so that the
    benchmark measures the whole journey. Raises ``RowErrors`` (every refused row)
    or ``ScoringError`` (a file-level problem), with French messages that never
    hold a value of the file.
    """
    rows = read_employee_file(data, filename)
    tables = tables_from_employees(rows, workforce_range=workforce_range, pay_mode=pay_mode)
    kept = tables_to_keep(tables)
    return kept, simulate(kept)


# --- The result, as the team reads it ------------------------------------------------------


def french_decimal(value, places=1, signed=False):
    """3.45 -> "3,5" (half up, as the official rules round), 10 -> "10", -2.04 -> "-2,0"."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else value
    if isinstance(number, Fraction):
        number = Decimal(number.numerator) / Decimal(number.denominator)
    number = Decimal(number)
    if places == 0:
        text = format(number.quantize(Decimal(1), rounding=ROUND_HALF_UP), "f")
    else:
        text = format(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")
    if text.startswith("-") and not any(digit not in "0.-" for digit in text):
        text = text[1:]  # "-0,0" reads as a gap in favour of women: it is no gap
    if signed and not text.startswith("-") and any(digit not in "0." for digit in text):
        text = "+" + text
    return text.replace(".", ",").replace("-", "\u2212")


def _reason_label(indicator, code):
    return NOT_COMPUTABLE_REASONS.get(indicator, {}).get(code, code or "")


def _group_label(group, mode):
    band = AGE_BAND_LABELS.get(group["age_band"], group["age_band"])
    if mode == "csp":
        return f"{CATEGORY_LABELS[group['category']]}, {band.lower()}"
    return f"Niveau « {group['category']} », {band.lower()}"


def _describe_pay_groups(output):
    rows = []
    threshold = output.get("threshold")
    for group in output.get("groups") or []:
        if not group["women_count"] and not group["men_count"]:
            continue  # an empty cell of the table: nothing to explain
        if group["valid"]:
            why = f"Compte (au moins {PAY_GROUP_MIN_PER_SEX} femmes et autant d'hommes)"
            if group.get("reason"):
                why += f" ; {group['reason']}"
        else:
            why = f"Ne compte pas : {group['reason']}"
        rows.append(
            {
                "label": _group_label(group, output["mode"]),
                "women": group["women_count"],
                "men": group["men_count"],
                "valid": group["valid"],
                "why": why,
                "gap": french_decimal(group["gap"], 2, signed=True) if group["valid"] else "",
                "adjusted_gap": (
                    french_decimal(group["adjusted_gap"], 2, signed=True) if group["valid"] else ""
                ),
                "weight": (
                    french_decimal(Decimal(str(group["weight"])) * 100, 1) if group["valid"] else ""
                ),
            }
        )
    return {
        "rows": rows,
        "threshold": threshold,
        "headcount": output.get("headcount"),
        "valid_headcount": output.get("valid_headcount"),
        "mode_label": PAY_MODE_PHRASES.get(output.get("mode"), ""),
    }


def _describe_rate_groups(output):
    rows = []
    for group in output.get("groups") or []:
        if group["valid"]:
            why = f"Compte (au moins {RATE_GROUP_MIN_PER_SEX} femmes et autant d'hommes)"
        else:
            why = f"Ne compte pas : {group['reason']}"
        rows.append(
            {
                "label": CATEGORY_LABELS[group["category"]],
                "women": group["women_count"],
                "men": group["men_count"],
                "valid": group["valid"],
                "why": why,
                "gap": french_decimal(group["gap"], 2, signed=True)
                if group.get("gap") is not None
                else "",
            }
        )
    return {
        "rows": rows,
        "headcount": output.get("headcount"),
        "valid_headcount": output.get("valid_headcount"),
    }


def describe_simulation(simulation):
    """Each indicator of a ``simulate`` result in French, in the official order, and the total."""
    indicators = []
    for key in INDICATORS_BY_RANGE[simulation["workforce_range"]]:
        output = simulation[key]
        unit = RESULT_UNITS[key]
        if key == HIGH_REMUNERATIONS:
            result = f"{output['result']} salarié·es du sexe sous-représenté"
        elif key == MATERNITY_LEAVES:
            percent = french_decimal(output["result"], 2).removesuffix(",00")
            result = f"{percent}{unit}" if output["computable"] else ""
        else:
            result = f"{french_decimal(output['result'])}{unit}" if output["computable"] else ""
        entry = {
            "key": key,
            "number": INDICATOR_NUMBERS[key],
            "label": INDICATOR_LABELS[key],
            "max_points": MAX_POINTS[key],
            "computable": output["computable"],
            "reason": _reason_label(key, output.get("reason")),
            "result": result,
            "employees_count_result": (
                french_decimal(output["employees_count_result"])
                if output.get("employees_count_result") is not None
                else ""
            ),
            "favorable_population": FAVORED_LABELS.get(output.get("favorable_population"), ""),
            "score": output["score"],
            "compensated": bool(output.get("compensated")),
            "pay_groups": _describe_pay_groups(output) if key == REMUNERATIONS else None,
            "rate_groups": (
                _describe_rate_groups(output) if key in (SALARY_RAISES, PROMOTIONS) else None
            ),
        }
        indicators.append(entry)
    return {
        "indicators": indicators,
        "points": simulation["points"],
        "computable_points": simulation["computable_points"],
        "index": simulation["index"],
        "progression_objectives_required": simulation["progression_objectives_required"],
        "corrective_measures_required": simulation["corrective_measures_required"],
    }
