"""The index computed from the workforce tables, and the pay-transparency indicators.

``simulate(tables)`` applies the Ministry's "simulateur" rules (scoring spec
``index-egalite-scoring.md``, §7 to §10) to the workforce tables and scores the
results with ``scoring.score_results``, so that a year recorded from a
simulation is scored by exactly the same code as a year typed by hand.
``tables_from_employees(rows)`` builds those tables from one row per employee,
and ``pay_transparency(rows)`` computes the indicators of the EU pay-transparency
directive (2023/970, article 9) from the same rows. The interface is the one of
the simulation spec, ``index-egalite-simulation.md``.

Like ``scoring.py`` this module does not import Django. Arithmetic is exact:
inputs become ``Decimal`` or ``Fraction``, every decision (validity, rounding,
thresholds, alerts) is taken on exact values, and binary floats are converted
through ``str()`` (5.05 stays 5.05). The tables ``tables_from_employees``
builds hold exact ``Fraction`` means and rates; in the outputs of ``simulate``
and ``pay_transparency``, a value without a finite decimal form (a gap of
1/3 %) is a ``Decimal`` to 28 significant digits, for display only: no
decision is taken on it.

Employee rows are personal data: they are aggregated in memory and never
logged, stored or echoed. Error messages name the line and the column, never
the value found there.

Messages meant for people are in French.
"""

import heapq
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from equality_index.scoring import (
    HIGH_REMUNERATIONS,
    INDICATOR_LABELS,
    INDICATORS_BY_RANGE,
    MATERNITY_LEAVES,
    MAX_POINTS,
    PROMOTIONS,
    REMUNERATIONS,
    SALARY_RAISES,
    SALARY_RAISES_AND_PROMOTIONS,
    WORKFORCE_RANGE_LABELS,
    WORKFORCE_RANGES,
    ScoringError,
    score_results,
)

__all__ = [
    "AGE_BANDS",
    "CATEGORIES",
    "COLUMNS",
    "INDEX_COLUMNS",
    "LEVEL_COLUMN",
    "PAY_MODES",
    "TRANSPARENCY_COLUMNS",
    "EmployeeRow",
    "RefusedRow",
    "RowErrors",
    "canonical_column",
    "missing_columns",
    "pay_transparency",
    "simulate",
    "tables_from_employees",
    "workforce_range_for",
]


# --- Vocabulary ------------------------------------------------------------------

# Socio-professional categories (CSP) and age bands of the workforce tables (§7).
CATEGORIES = ("ouv", "emp", "tam", "ic")
AGE_BANDS = ("-29", "30-39", "40-49", "50+")

# Pay modes of indicator 1 and their pertinence thresholds, in % (§7.5).
PAY_MODES = {"csp": 5, "branch_levels": 2, "other_levels": 2}

# A pay group counts when it has at least this many women and this many men
# (§7.1); a CSP counts for indicators 2 and 3 with at least 10 of each (§8.1).
_PAY_GROUP_MIN_PER_SEX = 3
_RATE_GROUP_MIN_PER_SEX = 10
# Indicator 2et3 needs at least 5 women and 5 men in the workforce (§9.1).
_RAISES_AND_PROMOTIONS_MIN_PER_SEX = 5
# The directive's joint pay assessment is due from a 5 % gap in a category.
_TRANSPARENCY_ALERT_GAP = 5

SEXES = ("women", "men")
_SEX_PHRASES = {"women": "femmes", "men": "hommes"}
_RAISED_PHRASES = {"women": "femmes augmentées", "men": "hommes augmentés"}


# --- Columns of the employee file -------------------------------------------------

# Every column of the per-employee file, in the order of the template (spec §2).
COLUMNS = (
    "sexe",
    "csp",
    "age",
    "tranche_age",
    "niveau",
    "remuneration_annuelle_brute_etp",
    "remuneration_annuelle_brute",
    "augmentation",
    "promotion",
    "retour_conge_maternite",
    "augmentation_au_retour",
    "heures_remunerees",
    "part_variable",
    "categorie",
)
# Columns tables_from_employees needs; a tuple inside stands for "one of these".
INDEX_COLUMNS = (
    "sexe",
    "csp",
    ("age", "tranche_age"),
    "remuneration_annuelle_brute_etp",
    "remuneration_annuelle_brute",
    "augmentation",
    "promotion",
    "retour_conge_maternite",
    "augmentation_au_retour",
)
# Needed on top of INDEX_COLUMNS in the two level modes.
LEVEL_COLUMN = "niveau"
TRANSPARENCY_COLUMNS = (
    "sexe",
    "heures_remunerees",
    "remuneration_annuelle_brute",
    "part_variable",
    "categorie",
)
_KNOWN_COLUMNS = frozenset(COLUMNS)


def _without_accents(text):
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def _normalized(text):
    """Lower case, no accents, words joined by "_": « Rémunération ETP » -> remuneration_etp."""
    return re.sub(r"[^0-9a-z]+", "_", _without_accents(text).casefold()).strip("_")


def canonical_column(header) -> str | None:
    """The column a header names (case, accents, spaces and dashes ignored), or None."""
    name = _normalized(str(header))
    return name if name in _KNOWN_COLUMNS else None


def _quoted(value):
    return f"« {value} »"


def _quoted_list(values):
    return ", ".join(_quoted(value) for value in values)


def missing_columns(present: Iterable[str], required: Iterable) -> list[str]:
    """The required columns absent from ``present`` (canonical names), as French phrases.

    An entry of ``required`` may be a tuple of alternatives: « age » ou « tranche_age ».
    """
    present = set(present)
    missing = []
    for column in required:
        alternatives = column if isinstance(column, tuple) else (column,)
        if not present.intersection(alternatives):
            missing.append(" ou ".join(_quoted(name) for name in alternatives))
    return missing


# --- Exact numbers ----------------------------------------------------------------

# Sums of Decimals are exact under this context (the digits of a sum are
# bounded by those of its terms); nothing is divided under it.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
# Display precision of values without a finite decimal form.
_OUTPUT = Context(prec=28)

# Digits with an optional dot or French decimal comma; spaces (including the
# no-break spaces of French number formatting) may separate thousands.
_DECIMAL_STRING = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
# What nearly every cell holds, checked first to keep 10 000 rows fast.
_PLAIN_DECIMAL_STRING = re.compile(r"-?\d+(?:[.,]\d+)?")
_FRACTION_STRING = re.compile(r"([+-]?\d+)/(\d+)")
_THOUSANDS_SEPARATORS = str.maketrans("", "", " \u00a0\u202f\u2009")


class _NotANumber(ValueError):
    pass


def _exact_number(value, allow_fraction=False):
    """int, float, Decimal or string (dot or decimal comma) -> exact, finite Decimal.

    With ``allow_fraction``, also ``Fraction`` and strings "a/b", which is how
    ``tables_from_employees`` output stays exact through ``json.dumps(default=str)``.
    """
    if value.__class__ is str and _PLAIN_DECIMAL_STRING.fullmatch(value):
        return Decimal(value.replace(",", ".") if "," in value else value)
    if isinstance(value, bool):
        raise _NotANumber
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, Fraction) and allow_fraction:
        return value
    elif isinstance(value, str):
        text = value.strip().translate(_THOUSANDS_SEPARATORS)
        fraction = _FRACTION_STRING.fullmatch(text) if allow_fraction else None
        if fraction:
            if int(fraction[2]) == 0:
                raise _NotANumber
            return Fraction(int(fraction[1]), int(fraction[2]))
        if not _DECIMAL_STRING.fullmatch(text):
            raise _NotANumber
        number = Decimal(text.replace(",", "."))
    else:
        raise _NotANumber
    if not number.is_finite():
        raise _NotANumber
    return number


def _as_fraction(number):
    return number if isinstance(number, Fraction) else Fraction(number)


def _output(value):
    """A Fraction as a Decimal: exact when it has a finite decimal form."""
    if value is None or isinstance(value, int | Decimal):
        return value
    if value.denominator == 1:
        return Decimal(value.numerator)
    return _OUTPUT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _round_half_up_to_tenth(value: Fraction) -> Decimal:
    """|value| rounded half up to one decimal, as JavaScript's Math.round(|x| * 10) / 10 (§1)."""
    tenths = (abs(value) * 10 + Fraction(1, 2)).__floor__()
    return Decimal(tenths).scaleb(-1)


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# --- simulate: reading the tables ------------------------------------------------


def _table_number(value, where, what, minimum=0, maximum=None):
    try:
        number = _as_fraction(_exact_number(value, allow_fraction=True))
    except _NotANumber:
        raise ScoringError(f"{where} : {what} doit être un nombre.") from None
    if number < minimum:
        raise ScoringError(f"{where} : {what} ne peut pas être négatif.")
    if maximum is not None and number > maximum:
        raise ScoringError(f"{where} : {what} ne peut pas dépasser {maximum}.")
    return number


def _table_count(value, where, what):
    try:
        number = _as_fraction(_exact_number(value, allow_fraction=True))
    except _NotANumber:
        number = None
    if number is None or number.denominator != 1 or number < 0:
        raise ScoringError(f"{where} : {what} doit être un nombre entier positif ou nul.")
    return int(number)


def _table_dict(value, where, known_fields=None):
    if not isinstance(value, Mapping):
        raise ScoringError(f"{where} : un dictionnaire est attendu.")
    if known_fields is not None:
        unknown = sorted(set(value) - set(known_fields), key=str)
        if unknown:
            raise ScoringError(
                f"{where} : champ inconnu {_quoted(unknown[0])} ; champs possibles : "
                f"{_quoted_list(known_fields)}."
            )
    return value


def _table_field(data, field, where, what):
    if data.get(field) is None:
        raise ScoringError(f"{where} : {what} ({_quoted(field)}) est manquant.")
    return data[field]


def _table_flag(data, where):
    value = _table_field(data, "any", where, "le champ indiquant s'il y en a eu")
    if not isinstance(value, bool):
        raise ScoringError(f"{where} : le champ « any » doit valoir true ou false.")
    return value


def _read_workforce(tables):
    workforce = _table_dict(
        _table_field(tables, "workforce", "Tables", "le tableau des effectifs"),
        "Effectifs",
        CATEGORIES,
    )
    counts = {}
    for category in CATEGORIES:
        bands = _table_dict(
            _table_field(workforce, category, "Effectifs", f"la catégorie {category}"),
            f"Effectifs {category}",
            AGE_BANDS,
        )
        for band in AGE_BANDS:
            where = f"Effectifs {category} / {band}"
            cell = _table_dict(
                _table_field(bands, band, f"Effectifs {category}", f"la tranche d'âge {band}"),
                where,
                SEXES,
            )
            counts[category, band] = tuple(
                _table_count(
                    _table_field(cell, sex, where, f"le nombre de {_SEX_PHRASES[sex]}"),
                    where,
                    f"le nombre de {_SEX_PHRASES[sex]} (« {sex} »)",
                )
                for sex in SEXES
            )
    if not any(sum(cell) for cell in counts.values()):
        raise ScoringError("Effectifs : aucun salarié n'est compté.")
    return counts


@dataclass(frozen=True)
class _PayGroup:
    category: str
    age_band: str
    women_count: int
    men_count: int
    women_pay: Fraction | None
    men_pay: Fraction | None


def _optional_pay(group, field, where, sex):
    value = group.get(field)
    if _is_blank(value):
        return None
    return _table_number(value, where, f"la rémunération moyenne des {_SEX_PHRASES[sex]}")


def _read_pay(tables, workforce):
    where = "Rémunérations"
    pay = _table_dict(
        _table_field(tables, "pay", "Tables", "le tableau des rémunérations"),
        where,
        ("mode", "groups"),
    )
    mode = _table_field(pay, "mode", where, "le mode de calcul")
    if mode not in PAY_MODES:
        raise ScoringError(
            f"{where} : mode de calcul inconnu {_quoted(mode)} ; valeurs possibles : "
            f"{_quoted_list(PAY_MODES)}."
        )
    entries = pay.get("groups") or []
    if not isinstance(entries, list | tuple):
        raise ScoringError(f"{where} : « groups » doit être une liste de groupes.")
    by_cell = {}
    for position, entry in enumerate(entries, start=1):
        by_cell.update(_read_pay_group(entry, position, mode, by_cell))
    if mode == "csp":
        # Counts come from the workforce table, and every cell is a group, with
        # or without pay (§7).
        groups = []
        for category in CATEGORIES:
            for band in AGE_BANDS:
                women_pay, men_pay = by_cell.get((category, band), (None, None))
                groups.append(
                    _PayGroup(category, band, *workforce[category, band], women_pay, men_pay)
                )
    else:
        if not by_cell:
            raise ScoringError(
                f"{where} : aucun groupe ; en mode par niveaux, chaque niveau et tranche "
                "d'âge est un groupe avec ses effectifs."
            )
        groups = list(by_cell.values())
    return mode, groups


def _read_pay_group(entry, position, mode, seen):
    level_mode = mode != "csp"
    fields = ["category", "age_band", "women_pay", "men_pay"]
    if level_mode:
        fields += ["women_count", "men_count"]
    entry = _table_dict(entry, f"Rémunérations, groupe n° {position}", fields)
    category = entry.get("category")
    band = entry.get("age_band")
    if level_mode:
        if not isinstance(category, str) or not category.strip():
            raise ScoringError(
                f"Rémunérations, groupe n° {position} : le niveau (« category ») est manquant."
            )
        category = category.strip()
    elif category not in CATEGORIES:
        raise ScoringError(
            f"Rémunérations, groupe n° {position} : catégorie {_quoted(category)} inconnue ; "
            f"valeurs possibles : {_quoted_list(CATEGORIES)}."
        )
    if band not in AGE_BANDS:
        raise ScoringError(
            f"Rémunérations, groupe n° {position} : tranche d'âge {_quoted(band)} inconnue ; "
            f"valeurs possibles : {_quoted_list(AGE_BANDS)}."
        )
    where = f"Groupe {category} / {band}"
    if (category, band) in seen:
        raise ScoringError(f"{where} : ce groupe apparaît deux fois.")
    pays = (
        _optional_pay(entry, "women_pay", where, "women"),
        _optional_pay(entry, "men_pay", where, "men"),
    )
    if not level_mode:
        return {(category, band): pays}
    counts = tuple(
        _table_count(
            _table_field(entry, f"{sex}_count", where, f"le nombre de {_SEX_PHRASES[sex]}"),
            where,
            f"le nombre de {_SEX_PHRASES[sex]} (« {sex}_count »)",
        )
        for sex in SEXES
    )
    return {(category, band): _PayGroup(category, band, *counts, *pays)}


def _category_counts(workforce):
    return {
        category: tuple(sum(workforce[category, band][i] for band in AGE_BANDS) for i in (0, 1))
        for category in CATEGORIES
    }


def _applicable_indicator(tables, indicator, workforce_range):
    data = tables.get(indicator)
    applies = indicator in INDICATORS_BY_RANGE[workforce_range]
    label = _quoted(INDICATOR_LABELS[indicator])
    range_label = WORKFORCE_RANGE_LABELS[workforce_range]
    if applies and data is None:
        raise ScoringError(
            f"Le tableau {_quoted(indicator)} de l'indicateur {label} est manquant : il est "
            f"obligatoire pour les entreprises de {range_label}."
        )
    if not applies and data is not None:
        raise ScoringError(
            f"Le tableau {_quoted(indicator)} est fourni alors que l'indicateur {label} ne "
            f"s'applique pas aux entreprises de {range_label}."
        )
    return data


_TABLE_KEYS = ("workforce_range", "workforce", "pay", *MAX_POINTS)


def _read_workforce_range(workforce_range):
    if workforce_range not in WORKFORCE_RANGES:
        raise ScoringError(
            f"Tranche d'effectifs {_quoted(workforce_range)} inconnue ; valeurs possibles : "
            f"{_quoted_list(WORKFORCE_RANGES)}."
        )
    return workforce_range


# --- simulate: the indicators -----------------------------------------------------


def _group_validity(women, men, minimum):
    missing = [
        f"moins de {minimum} {_SEX_PHRASES[sex]}"
        for sex, count in zip(SEXES, (women, men), strict=True)
        if count < minimum
    ]
    return not missing, " et ".join(missing) or None


def _favorable_population(raw_gap):
    """Positive gaps favour men. |gap| < 0.05 rounds to 0: nobody is favoured (§7.8)."""
    if abs(raw_gap) < Fraction(1, 20):
        return None
    return "men" if raw_gap > 0 else "women"


def _pay_gap(group):
    """(M - W) / M * 100; 0 when a pay is missing or men's is 0, as the Ministry's code (§7.4)."""
    if group.women_pay is None or group.men_pay is None or group.men_pay == 0:
        return Fraction(0)
    return (group.men_pay - group.women_pay) / group.men_pay * 100


def _pulled_towards_zero(gap, threshold):
    """The pertinence threshold brings the gap closer to 0, never past it (§7.5)."""
    if gap > 0:
        return max(gap - threshold, Fraction(0))
    return min(gap + threshold, Fraction(0))


def _not_computable(reason, **extra):
    output = {
        "computable": False,
        "result": None,
        "favorable_population": None,
        "score": None,
        "reason": reason,
        **extra,
    }
    return output, {"computable": False, "reason": reason}


def _computable(result, favorable_population, *, declares_population=True, **extra):
    output = {
        "computable": True,
        "result": result,
        "favorable_population": favorable_population,
        "score": None,
        "reason": None,
        **extra,
    }
    declaration = {"computable": True, "result": result}
    if "employees_count_result" in extra:
        declaration["employees_count_result"] = extra["employees_count_result"]
    if declares_population:
        declaration["favorable_population"] = favorable_population
    return output, declaration


def _remunerations(mode, groups):
    """Indicator 1 from the pay groups (§7)."""
    threshold = PAY_MODES[mode]
    headcount = sum(group.women_count + group.men_count for group in groups)
    if headcount == 0:
        raise ScoringError("Rémunérations : aucun salarié dans les groupes.")
    validity = [
        _group_validity(group.women_count, group.men_count, _PAY_GROUP_MIN_PER_SEX)
        for group in groups
    ]
    valid_headcount = sum(
        group.women_count + group.men_count
        for group, (valid, _) in zip(groups, validity, strict=True)
        if valid
    )
    raw_gap = Fraction(0)
    group_rows = []
    for group, (valid, reason) in zip(groups, validity, strict=True):
        row = {
            "category": group.category,
            "age_band": group.age_band,
            "women_count": group.women_count,
            "men_count": group.men_count,
            "valid": valid,
            "reason": reason,
            "gap": None,
            "adjusted_gap": None,
            "weight": None,
        }
        if valid:
            gap = _pay_gap(group)
            adjusted_gap = _pulled_towards_zero(gap, threshold)
            weight = Fraction(group.women_count + group.men_count, valid_headcount)
            raw_gap += adjusted_gap * weight
            if group.women_pay is None or group.men_pay is None:
                row["reason"] = "rémunération moyenne manquante : écart compté comme nul"
            row.update(gap=_output(gap), adjusted_gap=_output(adjusted_gap), weight=_output(weight))
        group_rows.append(row)
    details = {
        "mode": mode,
        "threshold": threshold,
        "headcount": headcount,
        "valid_headcount": valid_headcount,
        "groups": group_rows,
    }
    # valid / total >= 40 %, with integers only (§3, §7.3).
    if 5 * valid_headcount < 2 * headcount:
        return _not_computable("egvi40pcet", **details)
    return _computable(_round_half_up_to_tenth(raw_gap), _favorable_population(raw_gap), **details)


def _rate_indicator(indicator, data, category_counts):
    """Indicator 2 (raises) or 3 (promotions) from the rates by CSP (§8)."""
    label = INDICATOR_LABELS[indicator]
    data = _table_dict(data, label, ("any", "rates"))
    any_given = _table_flag(data, label)
    rates = _table_dict(data.get("rates") or {}, f"{label}, taux", CATEGORIES)
    headcount = sum(sum(counts) for counts in category_counts.values())
    valid_headcount = 0
    checked = {}
    for category in CATEGORIES:
        women, men = category_counts[category]
        valid, reason = _group_validity(women, men, _RATE_GROUP_MIN_PER_SEX)
        where = f"{label}, catégorie {category}"
        category_rates = _table_dict(rates.get(category) or {}, where, SEXES)
        values = {}
        for sex in SEXES:
            what = f"le taux des {_SEX_PHRASES[sex]} (« {sex} »)"
            value = category_rates.get(sex)
            if _is_blank(value):
                if valid and any_given:
                    raise ScoringError(f"{where} : {what} est manquant.")
                values[sex] = None
            else:
                values[sex] = _table_number(value, where, what, maximum=100)
        if not any_given and any(values.values()):
            raise ScoringError(
                f"{where} : un taux non nul est donné alors que « any » indique qu'il n'y en a "
                "eu aucun."
            )
        if valid:
            valid_headcount += women + men
        checked[category] = (women, men, valid, reason, values)

    group_rows = []
    raw_gap = Fraction(0)
    for category, (women, men, valid, reason, values) in checked.items():
        row = {
            "category": category,
            "women_count": women,
            "men_count": men,
            "valid": valid,
            "reason": reason,
            "gap": None,
            "weight": None,
        }
        if valid and any_given:
            gap = values["men"] - values["women"]
            weight = Fraction(women + men, valid_headcount)
            raw_gap += gap * weight
            row.update(gap=_output(gap), weight=_output(weight))
        group_rows.append(row)
    details = {
        "headcount": headcount,
        "valid_headcount": valid_headcount,
        "groups": group_rows,
        "compensated": False,
    }
    if not any_given:
        return _not_computable("absaugi" if indicator == SALARY_RAISES else "absprom", **details)
    if 5 * valid_headcount < 2 * headcount:
        return _not_computable("egvi40pcet", **details)
    return _computable(_round_half_up_to_tenth(raw_gap), _favorable_population(raw_gap), **details)


def _raises_and_promotions(data, workforce):
    """Indicator 2et3, at company level (§9)."""
    label = INDICATOR_LABELS[SALARY_RAISES_AND_PROMOTIONS]
    data = _table_dict(data, label, ("any", "women_raised", "men_raised"))
    any_given = _table_flag(data, label)
    headcounts = {sex: sum(cell[i] for cell in workforce.values()) for i, sex in enumerate(SEXES)}
    raised = {}
    for sex in SEXES:
        field = f"{sex}_raised"
        what = f"le nombre de {_RAISED_PHRASES[sex]} (« {field} »)"
        value = data.get(field)
        if _is_blank(value):
            if any_given:
                raise ScoringError(f"{label} : {what} est manquant.")
            raised[sex] = 0
            continue
        raised[sex] = _table_count(value, label, what)
        if raised[sex] > headcounts[sex]:
            raise ScoringError(
                f"{label} : {what} dépasse le nombre de {_SEX_PHRASES[sex]} de l'effectif "
                f"({headcounts[sex]})."
            )
    if any_given and not any(raised.values()):
        raise ScoringError(
            f"{label} : « any » indique des augmentations, mais aucun salarié augmenté n'est "
            "compté."
        )
    if not any_given and any(raised.values()):
        raise ScoringError(
            f"{label} : des salariés augmentés sont comptés alors que « any » indique qu'il n'y "
            "en a eu aucun."
        )
    details = {"compensated": False}
    if min(headcounts.values()) < _RAISES_AND_PROMOTIONS_MIN_PER_SEX:
        return _not_computable("etsno5f5h", employees_count_result=None, **details)
    if not any_given:
        return _not_computable("absaugi", employees_count_result=None, **details)
    women, men = headcounts["women"], headcounts["men"]
    raw_gap = Fraction(raised["men"], men) - Fraction(raised["women"], women)
    result = _round_half_up_to_tenth(raw_gap * 100)
    # The unrounded rate gap applied to the smaller head count (§9.3).
    employees_count_result = _round_half_up_to_tenth(raw_gap * min(women, men))
    favorable_population = None
    if result or employees_count_result:
        favorable_population = "men" if raw_gap > 0 else "women"
    return _computable(
        result,
        favorable_population,
        employees_count_result=employees_count_result,
        **details,
    )


def _maternity_leaves(data):
    """Indicator 4 (§10): the % of women raised on their return."""
    label = INDICATOR_LABELS[MATERNITY_LEAVES]
    data = _table_dict(data, label, ("returned", "raised"))
    returned = _table_count(
        _table_field(data, "returned", label, "le nombre de retours de congé maternité"),
        label,
        "le nombre de retours (« returned »)",
    )
    if returned == 0 and _is_blank(data.get("raised")):
        raised = 0  # nothing to count: the indicator is not computable
    else:
        raised = _table_count(
            _table_field(data, "raised", label, "le nombre de salariées augmentées"),
            label,
            "le nombre de salariées augmentées (« raised »)",
        )
    if raised > returned:
        raise ScoringError(
            f"{label} : plus de salariées augmentées ({raised}) que de retours ({returned})."
        )
    if returned == 0:
        return _not_computable("absrcm")
    # Rounded down to 2 decimals (the declaration's precision): only 100 % of
    # the women raised gives 100 and the 15 points, 99.999 % stays 99.99 (§2).
    hundredths = Fraction(100 * 100 * raised, returned).__floor__()
    return _computable(Decimal(hundredths).scaleb(-2), None, declares_population=False)


def _high_remunerations(data):
    """Indicator 5 (§10): the under-represented sex among the 10 highest paid."""
    label = INDICATOR_LABELS[HIGH_REMUNERATIONS]
    data = _table_dict(data, label, SEXES)
    counts = {
        sex: _table_count(
            _table_field(data, sex, label, f"le nombre de {_SEX_PHRASES[sex]}"),
            label,
            f"le nombre de {_SEX_PHRASES[sex]} (« {sex} »)",
        )
        for sex in SEXES
    }
    if counts["women"] + counts["men"] != 10:
        raise ScoringError(
            f"{label} : les 10 plus hautes rémunérations doivent compter 10 salariés "
            f"(femmes + hommes = 10), et non {counts['women'] + counts['men']}."
        )
    favorable_population = None
    if counts["women"] != counts["men"]:
        favorable_population = "men" if counts["men"] > counts["women"] else "women"
    return _computable(min(counts.values()), favorable_population)


def _is_compensated(output, remunerations, remunerations_score):
    """The correction rule (§4) applies to this indicator."""
    return (
        remunerations["computable"]
        and remunerations_score < MAX_POINTS[REMUNERATIONS]
        and remunerations["favorable_population"] is not None
        and output["favorable_population"] is not None
        and output["favorable_population"] != remunerations["favorable_population"]
    )


def simulate(tables: dict) -> dict:
    """Compute and score every indicator of the index from the workforce tables.

    ``tables`` is the dict of the simulation spec §1: ``workforce_range``,
    ``workforce`` (head counts by CSP and age band), ``pay`` (``mode`` and
    ``groups``), and the tables of the indicators of the range. Numbers may be
    int, float, Decimal, Fraction, or strings with a dot or a decimal comma
    (or "a/b").

    Returns, per indicator of the range: ``computable``, ``result`` (Decimal,
    the absolute gap rounded half up to one decimal; for maternity leaves the
    % of women raised, rounded down to 2 decimals; for the top 10 the count of
    the under-represented sex), ``favorable_population`` ("men", "women" or
    None), ``score`` (after the correction rule, None when not computable),
    ``reason`` (the official code when not computable), ``compensated`` for
    2, 3 and 2et3, ``employees_count_result`` for 2et3, and ``groups`` for 1,
    2 and 3 (why each group counts or not). Then ``points``,
    ``computable_points``, ``index``, the two obligations, and
    ``declaration``: the input of ``scoring.score_results``, which gave those
    points. Raises ``ScoringError`` with a French message on invalid tables.
    """
    tables = _table_dict(tables, "Tables")
    unknown = sorted(set(tables) - set(_TABLE_KEYS), key=str)
    if unknown:
        raise ScoringError(
            f"Tables : tableau inconnu {_quoted(unknown[0])} ; tableaux possibles : "
            f"{_quoted_list(_TABLE_KEYS)}."
        )
    workforce_range = _read_workforce_range(
        _table_field(tables, "workforce_range", "Tables", "la tranche d'effectifs")
    )
    workforce = _read_workforce(tables)
    mode, pay_groups = _read_pay(tables, workforce)

    outputs, declaration = {}, {"workforce_range": workforce_range}
    outputs[REMUNERATIONS], declaration[REMUNERATIONS] = _remunerations(mode, pay_groups)
    category_counts = _category_counts(workforce)
    readers = {
        SALARY_RAISES: lambda data: _rate_indicator(SALARY_RAISES, data, category_counts),
        PROMOTIONS: lambda data: _rate_indicator(PROMOTIONS, data, category_counts),
        SALARY_RAISES_AND_PROMOTIONS: lambda data: _raises_and_promotions(data, workforce),
        MATERNITY_LEAVES: _maternity_leaves,
        HIGH_REMUNERATIONS: _high_remunerations,
    }
    for indicator, read in readers.items():
        data = _applicable_indicator(tables, indicator, workforce_range)
        if data is not None:
            outputs[indicator], declaration[indicator] = read(data)

    scores = score_results(declaration)
    for indicator, output in outputs.items():
        output["score"] = scores[f"{indicator}_score"]
        if "compensated" in output and output["computable"]:
            output["compensated"] = _is_compensated(
                output, outputs[REMUNERATIONS], scores[f"{REMUNERATIONS}_score"]
            )
    return {
        "workforce_range": workforce_range,
        **outputs,
        "points": scores["points"],
        "computable_points": scores["computable_points"],
        "index": scores["index"],
        "progression_objectives_required": scores["progression_objectives_required"],
        "corrective_measures_required": scores["corrective_measures_required"],
        "declaration": declaration,
    }


# --- Employee rows ----------------------------------------------------------------


class EmployeeRow(dict):
    """One employee, column name -> raw value, with ``line``: its line in the file."""

    __slots__ = ("line",)

    def __init__(self, values=(), line=None):
        super().__init__(values)
        self.line = line


class RefusedRow(NamedTuple):
    line: int
    message: str


# How many refused rows the exception's message lists; ``errors`` has them all.
_LISTED_ERRORS = 50


class RowErrors(ScoringError):
    """Rows refused: ``errors`` lists every one as (line, French message)."""

    def __init__(self, errors):
        self.errors = list(errors)
        lines = len({error.line for error in self.errors})
        plural = "s" if lines > 1 else ""
        summary = (
            f"{lines} ligne{plural} refusée{plural} ; aucune donnée n'a été importée. "
            "Corrigez le fichier puis importez-le à nouveau."
        )
        listed = [error.message for error in self.errors[:_LISTED_ERRORS]]
        if len(self.errors) > _LISTED_ERRORS:
            listed.append(f"… et {len(self.errors) - _LISTED_ERRORS} autres erreurs.")
        super().__init__("\n".join([summary, *listed]))


class _BadValue(ValueError):
    """A refused cell; the message says what was expected, never what was found."""


def _choices(synonyms):
    return {
        _normalized(spelling): code
        for code, spellings in synonyms.items()
        for spelling in spellings
    }


_SEX_VALUES = _choices({"women": ("F", "femme"), "men": ("H", "homme")})
_CSP_VALUES = _choices(
    {
        "ouv": ("ouv", "ouvrier", "ouvriers"),
        "emp": ("emp", "employé", "employés", "employée", "employées"),
        "tam": (
            "tam",
            "technicien",
            "techniciens",
            "technicienne",
            "agent de maîtrise",
            "agents de maîtrise",
            "techniciens et agents de maîtrise",
        ),
        "ic": (
            "ic",
            "ingénieur",
            "ingénieurs",
            "ingénieure",
            "cadre",
            "cadres",
            "ingénieurs et cadres",
        ),
    }
)
_AGE_BAND_VALUES = _choices(
    {
        # "-29" and "50+" would lose their sign here: _AGE_BAND_SPELLINGS has them.
        "-29": ("moins de 30 ans", "moins de 30"),
        "30-39": ("30-39", "30:39", "30 à 39 ans"),
        "40-49": ("40-49", "40:49", "40 à 49 ans"),
        "50+": ("50 ans et plus", "50 et plus"),
    }
)
_YES_NO_VALUES = _choices(
    {True: ("oui", "o", "1", "vrai", "true"), False: ("non", "n", "0", "faux", "false")}
)
_AGE_BAND_SPELLINGS = {"-29": "-29", ":29": "-29", "50+": "50+", "50:": "50+"}
_AGE_RANGE = (14, 120)


def _choice(value, values, expected):
    code = values.get(_normalized(str(value)))
    if code is None:
        raise _BadValue(f"valeur non reconnue ; valeurs possibles : {expected}.")
    return code


@lru_cache(maxsize=512)
def _parse_sex(value):
    return _choice(value, _SEX_VALUES, "F, H, femme, homme")


@lru_cache(maxsize=512)
def _parse_csp(value):
    return _choice(
        value,
        _CSP_VALUES,
        "ouv, emp, tam, ic (ou ouvrier, employé, technicien, agent de maîtrise, ingénieur, cadre)",
    )


@lru_cache(maxsize=512)
def _parse_age_band(value):
    text = str(value).strip().replace(" ", "")
    if text in _AGE_BAND_SPELLINGS:
        return _AGE_BAND_SPELLINGS[text]
    return _choice(value, _AGE_BAND_VALUES, "-29, 30-39, 40-49, 50+")


@lru_cache(maxsize=512)
def _parse_age(value):
    age = _parse_number(value)
    if not _AGE_RANGE[0] <= age <= _AGE_RANGE[1]:
        raise _BadValue(f"âge en années attendu, entre {_AGE_RANGE[0]} et {_AGE_RANGE[1]} ans.")
    if age < 30:
        return "-29"
    if age < 40:
        return "30-39"
    if age < 50:
        return "40-49"
    return "50+"


@lru_cache(maxsize=512)
def _parse_yes_no(value):
    if isinstance(value, bool):
        return value
    return _choice(value, _YES_NO_VALUES, "oui, non")


def _parse_number(value):
    try:
        return _exact_number(value)
    except _NotANumber:
        raise _BadValue(
            "nombre attendu (chiffres, avec un point ou une virgule pour les décimales)."
        ) from None


def _parse_amount(value):
    amount = _parse_number(value)
    if amount < 0:
        raise _BadValue("un montant ne peut pas être négatif.")
    return amount


def _parse_positive(value):
    number = _parse_number(value)
    if number <= 0:
        raise _BadValue("nombre strictement positif attendu.")
    return number


def _parse_text(value):
    return " ".join(str(value).split())


def _line_of(row, position):
    line = getattr(row, "line", None)
    return line if line is not None else position + 2


def _canonical_rows(rows, required):
    """Rows as {canonical column: value}, and the file-level checks of the columns."""
    if isinstance(rows, Mapping) or not isinstance(rows, Iterable):
        raise ScoringError("Les salariés doivent être fournis sous forme de liste de lignes.")
    rows = list(rows)
    if not rows:
        raise ScoringError("Le fichier ne contient aucun salarié.")
    headers = {}
    for row in rows:
        if not isinstance(row, Mapping):
            raise ScoringError("Chaque salarié doit être un dictionnaire colonne -> valeur.")
        for key in row:
            if key not in headers:
                headers[key] = canonical_column(key)
    by_name = {}
    for header, name in headers.items():
        if name is None:
            continue
        if name in by_name:
            raise ScoringError(
                f"Les colonnes {_quoted(by_name[name])} et {_quoted(header)} désignent la même "
                f"colonne {_quoted(name)}."
            )
        by_name[name] = header
    missing = missing_columns(by_name, required)
    if missing:
        raise ScoringError(f"Colonnes manquantes : {', '.join(missing)}.")
    known = {header: name for header, name in headers.items() if name is not None}
    if all(header == name for header, name in known.items()):
        return [(row, _line_of(row, position)) for position, row in enumerate(rows)]
    return [
        ({known[key]: value for key, value in row.items() if key in known}, _line_of(row, position))
        for position, row in enumerate(rows)
    ]


# What a cell may hold: text, a number, or a spreadsheet's boolean.
_CELL_TYPES = (str, int, float, Decimal)


class _RowReader:
    """Reads the cells of one row, collecting every refusal with its line and column."""

    __slots__ = ("errors", "line", "values")

    def __init__(self, values, line, errors):
        self.values = values
        self.line = line
        self.errors = errors

    def refuse(self, column, problem):
        self.errors.append(
            RefusedRow(self.line, f"Ligne {self.line}, colonne {_quoted(column)} : {problem}")
        )

    def read(self, column, parse, required=True, default=None):
        value = self.values.get(column)
        if value is None or value == "" or (value.__class__ is str and value.isspace()):
            if required:
                self.refuse(column, "valeur manquante.")
            return default
        if not isinstance(value, _CELL_TYPES):
            self.refuse(column, "valeur non reconnue (ni texte ni nombre).")
            return default
        try:
            return parse(value)
        except _BadValue as problem:
            self.refuse(column, str(problem))
            return default


class _Employee(NamedTuple):
    sex: str
    category: str
    age_band: str
    level: str | None
    full_time_pay: Decimal
    annual_pay: Decimal
    raised: bool
    promoted: bool
    back_from_maternity_leave: bool
    raised_on_return: bool


def _read_age_band(reader):
    errors_before = len(reader.errors)
    from_age = reader.read("age", _parse_age, required=False)
    from_band = reader.read("tranche_age", _parse_age_band, required=False)
    if from_age and from_band and from_age != from_band:
        reader.refuse("tranche_age", "la tranche d'âge ne correspond pas à la colonne « age ».")
    elif from_age is None and from_band is None and len(reader.errors) == errors_before:
        reader.refuse("age", "valeur manquante (renseignez « age » ou « tranche_age »).")
    return from_band or from_age


def _read_index_employee(values, line, level_mode, errors):
    reader = _RowReader(values, line, errors)
    errors_before = len(errors)
    sex = reader.read("sexe", _parse_sex)
    category = reader.read("csp", _parse_csp)
    age_band = _read_age_band(reader)
    level = reader.read(LEVEL_COLUMN, _parse_text) if level_mode else None
    full_time_pay = reader.read("remuneration_annuelle_brute_etp", _parse_positive)
    annual_pay = reader.read("remuneration_annuelle_brute", _parse_amount)
    raised = reader.read("augmentation", _parse_yes_no)
    promoted = reader.read("promotion", _parse_yes_no)
    back = reader.read("retour_conge_maternite", _parse_yes_no)
    # Asked only of those back from leave.
    raised_on_return = reader.read("augmentation_au_retour", _parse_yes_no, required=bool(back))
    if len(errors) > errors_before:
        return None
    # Indicator 4 counts the women back from maternity (or adoption) leave; a
    # man back from adoption leave is a true "oui", and not counted (§10).
    counted_return = back and sex == "women"
    return _Employee(
        sex,
        category,
        age_band,
        level,
        full_time_pay,
        annual_pay,
        raised,
        promoted,
        counted_return,
        counted_return and raised_on_return,
    )


def workforce_range_for(headcount: int) -> str:
    """The workforce range of a head count (below 50, the smallest range)."""
    if headcount <= 250:
        return "50:250"
    if headcount <= 999:
        return "251:999"
    return "1000:"


def _mean(total, count):
    return None if count == 0 else Fraction(total) / count


def _rate(part, whole):
    return None if whole == 0 else Fraction(100 * part, whole)


def tables_from_employees(rows, workforce_range=None, pay_mode="csp") -> dict:
    """The tables ``simulate`` takes, aggregated from one row per employee.

    ``rows``: dicts mapping a column name (case and accents ignored, see
    ``COLUMNS``) to its raw value, string or number. A row's line number is its
    ``line`` attribute (``EmployeeRow``, as ``read_employee_file`` gives them);
    a plain dict at position i (0-based) is line i + 2, as if read from a file
    whose header is line 1.

    ``workforce_range`` defaults to the range of the number of rows (below 50
    rows, "50:250"). ``pay_mode``: "csp", "branch_levels" or "other_levels"
    (which need the ``niveau`` column).

    Aggregation (simulation spec §2): age in years gives the band (under 30,
    30-39, 40-49, 50 and over; ``tranche_age`` may be given instead, and must
    agree when both are); group pay is the mean full-time-equivalent pay of
    its women and of its men; 2et3 counts a raise or a promotion; maternity
    counts the women back from leave (a man back from adoption leave is not
    counted by indicator 4) and those of them raised on return; the top 10 are
    the highest actual pays, a tie going to the higher full-time-equivalent
    pay, then to the file order.

    Group pays and rates are exact ``Fraction`` values (a mean of three pays
    has no finite decimal form); ``simulate`` accepts them, and their ``str``
    ("100001/3"), so ``json.dumps(tables, default=str)`` keeps them exact.

    Raises ``RowErrors`` (a ``ScoringError``) listing every refused row with
    its line and reason, so that nothing is imported while a row is refused,
    and ``ScoringError`` for a missing column or an empty list.
    """
    if pay_mode not in PAY_MODES:
        raise ScoringError(
            f"Mode de calcul des rémunérations inconnu {_quoted(pay_mode)} ; valeurs possibles : "
            f"{_quoted_list(PAY_MODES)}."
        )
    level_mode = pay_mode != "csp"
    required = INDEX_COLUMNS + ((LEVEL_COLUMN,) if level_mode else ())
    canonical = _canonical_rows(rows, required)
    if workforce_range is None:
        workforce_range = workforce_range_for(len(canonical))
    _read_workforce_range(workforce_range)

    errors = []
    employees = [
        _read_index_employee(values, line, level_mode, errors) for values, line in canonical
    ]
    if errors:
        raise RowErrors(errors)
    return _aggregate(employees, workforce_range, pay_mode)


def _aggregate(employees, workforce_range, pay_mode):
    sex_index = {"women": 0, "men": 1}
    counts = {(category, band): [0, 0] for category in CATEGORIES for band in AGE_BANDS}
    # Pay sums and counts by group and sex; groups in order of first appearance.
    pay_sums = {}
    raised = {category: [0, 0] for category in CATEGORIES}
    promoted = {category: [0, 0] for category in CATEGORIES}
    raised_or_promoted = [0, 0]
    returned = raised_on_return = 0
    level_spellings = {}
    with localcontext(_EXACT):
        for employee in employees:
            sex = sex_index[employee.sex]
            counts[employee.category, employee.age_band][sex] += 1
            if employee.level is None:
                group = (employee.category, employee.age_band)
            else:
                # "N1" and "n1" are one level, shown as first written (the typed form
                # refuses the two spellings as duplicates in the same way).
                level = level_spellings.setdefault(employee.level.casefold(), employee.level)
                group = (level, employee.age_band)
            sums = pay_sums.get(group)
            if sums is None:
                sums = pay_sums[group] = [Decimal(0), Decimal(0), 0, 0]
            sums[sex] += employee.full_time_pay
            sums[2 + sex] += 1
            raised[employee.category][sex] += employee.raised
            promoted[employee.category][sex] += employee.promoted
            raised_or_promoted[sex] += employee.raised or employee.promoted
            returned += employee.back_from_maternity_leave
            raised_on_return += employee.raised_on_return

    def pay_group(key):
        women_total, men_total, women_count, men_count = pay_sums[key]
        group = {
            "category": key[0],
            "age_band": key[1],
            "women_pay": _mean(women_total, women_count),
            "men_pay": _mean(men_total, men_count),
        }
        if pay_mode != "csp":
            group.update(women_count=women_count, men_count=men_count)
        return group

    if pay_mode == "csp":
        keys = [(c, b) for c in CATEGORIES for b in AGE_BANDS if (c, b) in pay_sums]
    else:
        band_order = {band: position for position, band in enumerate(AGE_BANDS)}
        levels = list(dict.fromkeys(level for level, _ in pay_sums))
        keys = sorted(pay_sums, key=lambda key: (levels.index(key[0]), band_order[key[1]]))

    tables = {
        "workforce_range": workforce_range,
        "workforce": {
            category: {
                band: {"women": counts[category, band][0], "men": counts[category, band][1]}
                for band in AGE_BANDS
            }
            for category in CATEGORIES
        },
        "pay": {"mode": pay_mode, "groups": [pay_group(key) for key in keys]},
    }
    category_counts = {
        category: [sum(counts[category, band][sex] for band in AGE_BANDS) for sex in (0, 1)]
        for category in CATEGORIES
    }
    if workforce_range == "50:250":
        tables[SALARY_RAISES_AND_PROMOTIONS] = {
            "any": any(raised_or_promoted),
            "women_raised": raised_or_promoted[0],
            "men_raised": raised_or_promoted[1],
        }
    else:
        for indicator, by_category in ((SALARY_RAISES, raised), (PROMOTIONS, promoted)):
            tables[indicator] = {
                "any": any(any(pair) for pair in by_category.values()),
                "rates": {
                    category: {
                        sex: _rate(by_category[category][index], category_counts[category][index])
                        for index, sex in enumerate(SEXES)
                    }
                    for category in CATEGORIES
                },
            }
    tables[MATERNITY_LEAVES] = {"returned": returned, "raised": raised_on_return}
    # The ten highest actual pays; a tie goes to the higher full-time-equivalent
    # pay, then to the file order (nlargest is a stable sort).
    top_ten = heapq.nlargest(10, employees, key=lambda e: (e.annual_pay, e.full_time_pay))
    tables[HIGH_REMUNERATIONS] = {
        sex: sum(1 for employee in top_ten if employee.sex == sex) for sex in SEXES
    }
    return tables


# --- Pay transparency (directive 2023/970, article 9) ----------------------------------


class _Worker(NamedTuple):
    sex: str
    annual_pay: Decimal
    hours: Decimal
    variable_pay: Decimal
    category: str


def _read_transparency_worker(values, line, errors):
    reader = _RowReader(values, line, errors)
    errors_before = len(errors)
    sex = reader.read("sexe", _parse_sex)
    hours = reader.read("heures_remunerees", _parse_positive)
    annual_pay = reader.read("remuneration_annuelle_brute", _parse_amount)
    # An empty cell means no variable pay, as payroll exports leave it.
    variable_pay = reader.read("part_variable", _parse_amount, required=False, default=Decimal(0))
    category = reader.read("categorie", _parse_text)
    if annual_pay is not None and variable_pay is not None and variable_pay > annual_pay:
        reader.refuse(
            "part_variable", "la part variable ne peut pas dépasser la rémunération annuelle brute."
        )
    if len(errors) > errors_before:
        return None
    return _Worker(sex, annual_pay, hours, variable_pay, category)


def _signed_gap(women, men):
    """(men - women) / men * 100, positive when men are paid more; None without a denominator."""
    if women is None or men is None or men == 0:
        return None
    return (men - women) / men * 100


def _exact_mean(values):
    with localcontext(_EXACT):
        values = list(values)
        if not values:
            return None
        return Fraction(sum(values, Decimal(0))) / len(values)


def _hourly_mean(workers):
    """Mean of annual / hours, exactly: the pays are summed per number of hours first."""
    if not workers:
        return None
    totals = {}
    with localcontext(_EXACT):
        for worker in workers:
            totals[worker.hours] = totals.get(worker.hours, Decimal(0)) + worker.annual_pay
    return sum(
        (Fraction(total) / Fraction(hours) for hours, total in totals.items()), Fraction(0)
    ) / len(workers)


def _middle_values(sorted_values):
    """The middle value of an odd count, the two middle values of an even count."""
    middle = len(sorted_values) // 2
    if len(sorted_values) % 2:
        return sorted_values[middle : middle + 1]
    return sorted_values[middle - 1 : middle + 1]


def _median(sorted_values, exact=Fraction):
    """The median, exactly (``exact`` turns a value into a Fraction); None when empty."""
    middles = _middle_values(sorted_values)
    if not middles:
        return None
    return sum(map(exact, middles), Fraction(0)) / len(middles)


def _exact_hourly_pay(worker):
    return Fraction(worker.annual_pay) / Fraction(worker.hours)


def _ranked_by_hourly_pay(workers):
    """Positions of the workers by hourly pay, lowest first; equal pays in file order.

    Sorted on the hourly pay rounded to 28 digits, which is fast. A correctly
    rounded division is monotonic, so only workers whose rounded pays are
    equal may be out of order: those runs are sorted again on exact values.
    """
    rounded = [_OUTPUT.divide(worker.annual_pay, worker.hours) for worker in workers]
    ranked = sorted(range(len(workers)), key=rounded.__getitem__)
    start = 0
    for end in range(1, len(ranked) + 1):
        if end == len(ranked) or rounded[ranked[end]] != rounded[ranked[start]]:
            if end - start > 1:
                ranked[start:end] = sorted(
                    ranked[start:end], key=lambda position: _exact_hourly_pay(workers[position])
                )
            start = end
    return ranked


def _gap_of(by_sex, statistic):
    return _output(_signed_gap(statistic(by_sex["women"]), statistic(by_sex["men"])))


def _by_sex(workers):
    groups = {"women": [], "men": []}
    for worker in workers:
        groups[worker.sex].append(worker)
    return groups


def pay_transparency(rows) -> dict:
    """The pay-transparency indicators of directive 2023/970, article 9(1) (a) to (g).

    ``rows`` as for ``tables_from_employees``; the columns ``sexe``,
    ``heures_remunerees``, ``remuneration_annuelle_brute``, ``part_variable``
    (empty: none) and ``categorie`` are required. Gaps are signed,
    ``(men - women) / men * 100`` (positive when men are paid more), exact
    ``Decimal`` values (28 significant digits when there is no finite decimal
    form), None when the denominator is 0 or a sex is absent.

    Returns ``headcount`` {"women", "men"}; (a) ``mean_gap`` {"annual",
    "hourly"}, the hourly pay of a worker being annual / hours; (b)
    ``variable_mean_gap``, over the workers with variable pay > 0; (c)
    ``median_gap`` and (d) ``variable_median_gap``, the same with medians (mean
    of the two middle values for an even count); (e) ``variable_pay_share``
    {"women", "men"}, % of each sex with variable pay; (f) ``quartiles``, four
    dicts {"quartile": 1 to 4 (lowest pay first), "headcount", "women",
    "men"} (% of the band, None for an empty band), the worker of rank i
    (0-based, by hourly pay, ties in file order) of n being in band
    floor(4i / n) + 1; (g) ``by_category``, one dict per ``categorie`` (first
    spelling, in order of first appearance; case and accents ignored): head
    counts, ``annual_gap`` (total pay), ``base_pay_gap`` (annual minus
    variable) and ``variable_pay_gap`` (variable pay averaged over every worker
    of the category, so that base + variable = total), and ``alert``: True
    when any of these three gaps is at least 5 % either way, the trigger of
    the joint pay assessment (article 10). (g) is for the authority and the
    workers' representatives, never for a public page.

    Raises ``RowErrors`` listing every refused row, or ``ScoringError``.
    """
    canonical = _canonical_rows(rows, TRANSPARENCY_COLUMNS)
    errors = []
    workers = [_read_transparency_worker(values, line, errors) for values, line in canonical]
    if errors:
        raise RowErrors(errors)

    by_sex = _by_sex(workers)
    paid_variable = {sex: [w for w in group if w.variable_pay > 0] for sex, group in by_sex.items()}

    def annual(group):
        return _exact_mean(w.annual_pay for w in group)

    def annual_median(group):
        return _median(sorted(w.annual_pay for w in group))

    # Ranked by hourly pay once, for the medians and the quartiles.
    ranked = _ranked_by_hourly_pay(workers)

    def hourly_median(group):
        sex = group[0].sex if group else None
        in_order = [workers[position] for position in ranked if workers[position].sex == sex]
        return _median(_middle_values(in_order), _exact_hourly_pay)

    def variable_mean(group):
        return _exact_mean(w.variable_pay for w in group)

    def variable_median(group):
        return _median(sorted(w.variable_pay for w in group))

    count = len(ranked)
    bands = [[0, 0] for _ in range(4)]
    for rank, position in enumerate(ranked):
        bands[4 * rank // count][workers[position].sex == "men"] += 1

    return {
        "headcount": {sex: len(group) for sex, group in by_sex.items()},
        "mean_gap": {
            "annual": _gap_of(by_sex, annual),
            "hourly": _gap_of(by_sex, _hourly_mean),
        },
        "variable_mean_gap": _gap_of(paid_variable, variable_mean),
        "median_gap": {
            "annual": _gap_of(by_sex, annual_median),
            "hourly": _gap_of(by_sex, hourly_median),
        },
        "variable_median_gap": _gap_of(paid_variable, variable_median),
        "variable_pay_share": {
            sex: _output(_rate(len(paid_variable[sex]), len(by_sex[sex]))) for sex in SEXES
        },
        "quartiles": [
            {
                "quartile": position,
                "headcount": women + men,
                "women": _output(_rate(women, women + men)),
                "men": _output(_rate(men, women + men)),
            }
            for position, (women, men) in enumerate(bands, start=1)
        ],
        "by_category": _by_category(workers),
    }


def _by_category(workers):
    categories = {}
    for worker in workers:
        key = _normalized(worker.category)
        if key not in categories:
            categories[key] = (worker.category, [])
        categories[key][1].append(worker)
    results = []
    for name, members in categories.values():
        by_sex = _by_sex(members)
        gaps = {
            "annual_gap": _signed_gap(
                _exact_mean(w.annual_pay for w in by_sex["women"]),
                _exact_mean(w.annual_pay for w in by_sex["men"]),
            ),
            "base_pay_gap": _signed_gap(
                _exact_mean(w.annual_pay - w.variable_pay for w in by_sex["women"]),
                _exact_mean(w.annual_pay - w.variable_pay for w in by_sex["men"]),
            ),
            "variable_pay_gap": _signed_gap(
                _exact_mean(w.variable_pay for w in by_sex["women"]),
                _exact_mean(w.variable_pay for w in by_sex["men"]),
            ),
        }
        results.append(
            {
                "category": name,
                "women": len(by_sex["women"]),
                "men": len(by_sex["men"]),
                **{key: _output(gap) for key, gap in gaps.items()},
                "alert": any(
                    gap is not None and abs(gap) >= _TRANSPARENCY_ALERT_GAP for gap in gaps.values()
                ),
            }
        )
    return results
