"""Scoring of the Index de l'égalité professionnelle femmes-hommes.

Turns the results a company declares for each indicator into notes, points and
the index, following the official rules as the Ministry of Labour applies them
(décret n° 2019-15 as amended, and its Egapro tool). Section numbers (§) refer
to the project's scoring spec, ``index-egalite-scoring.md``.

This module is deliberately free of Django so that the rules can be read,
tested and reused (models, admin validation, templates, scripts) on their own.
All arithmetic is exact (``Decimal`` and integers): the official scales are
decided at boundaries such as 5.05 %, where binary floats and Python's
``round()`` (half to even) would give the wrong note.

Messages meant for the people who enter the data are in French.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "CORRECTIVE_MEASURES_THRESHOLD",
    "FAVORABLE_POPULATIONS",
    "GAP_NOTE_TABLES",
    "HIGH_REMUNERATIONS",
    "HIGH_REMUNERATIONS_NOTE_TABLE",
    "INDEX_MIN_COMPUTABLE_POINTS",
    "INDICATORS_BY_RANGE",
    "INDICATOR_LABELS",
    "MATERNITY_LEAVES",
    "MAX_POINTS",
    "NOT_COMPUTABLE_REASONS",
    "PROGRESSION_OBJECTIVES_THRESHOLD",
    "PROMOTIONS",
    "REMUNERATIONS",
    "SALARY_RAISES",
    "SALARY_RAISES_AND_PROMOTIONS",
    "WORKFORCE_RANGES",
    "WORKFORCE_RANGE_LABELS",
    "Number",
    "ScoringError",
    "compute_index",
    "corrective_measures_required",
    "gap_note",
    "high_remunerations_note",
    "maternity_leaves_note",
    "progression_objectives_required",
    "round_half_up_to_one_decimal",
    "salary_raises_and_promotions_note",
    "score_results",
]


# What the numeric results may be given as.
Number = int | float | Decimal


class ScoringError(ValueError):
    """Invalid indicator results; the message (in French) says what is wrong."""


# Indicator keys, in the official order.
REMUNERATIONS = "remunerations"
SALARY_RAISES = "salary_raises"
PROMOTIONS = "promotions"
SALARY_RAISES_AND_PROMOTIONS = "salary_raises_and_promotions"
MATERNITY_LEAVES = "maternity_leaves"
HIGH_REMUNERATIONS = "high_remunerations"

WORKFORCE_RANGES = ("50:250", "251:999", "1000:")

WORKFORCE_RANGE_LABELS = {
    "50:250": "50 à 250 salariés",
    "251:999": "251 à 999 salariés",
    "1000:": "1 000 salariés ou plus",
}

# Companies of 50 to 250 employees have a single raises indicator that
# includes promotions ("2 et 3"); larger ones have two separate ones
# (spec, introduction).
INDICATORS_BY_RANGE = {
    "50:250": (
        REMUNERATIONS,
        SALARY_RAISES_AND_PROMOTIONS,
        MATERNITY_LEAVES,
        HIGH_REMUNERATIONS,
    ),
    "251:999": (
        REMUNERATIONS,
        SALARY_RAISES,
        PROMOTIONS,
        MATERNITY_LEAVES,
        HIGH_REMUNERATIONS,
    ),
    "1000:": (
        REMUNERATIONS,
        SALARY_RAISES,
        PROMOTIONS,
        MATERNITY_LEAVES,
        HIGH_REMUNERATIONS,
    ),
}

MAX_POINTS = {
    REMUNERATIONS: 40,
    SALARY_RAISES: 20,
    PROMOTIONS: 15,
    SALARY_RAISES_AND_PROMOTIONS: 35,
    MATERNITY_LEAVES: 15,
    HIGH_REMUNERATIONS: 10,
}

INDICATOR_LABELS = {
    REMUNERATIONS: "Écart de rémunération",
    SALARY_RAISES: "Écart de taux d'augmentations individuelles",
    PROMOTIONS: "Écart de taux de promotions",
    SALARY_RAISES_AND_PROMOTIONS: (
        "Écart de taux d'augmentations individuelles (promotions incluses)"
    ),
    MATERNITY_LEAVES: "Retour de congé maternité",
    HIGH_REMUNERATIONS: "Hautes rémunérations",
}

# Scales of the four gap indicators (§2): the note of a gap rounded to one
# decimal, r, is TABLE[ceil(r)], and 0 past the end of the table.
# Indicator 1 drops by 1 point per % up to 7 %, then faster (§2).
_REMUNERATIONS_NOTE_TABLE = (
    40, 39, 38, 37, 36, 35, 34, 33, 31, 29, 27,
    25, 23, 21, 19, 17, 14, 11, 8, 5, 2, 0,
)  # fmt: skip
GAP_NOTE_TABLES = {
    REMUNERATIONS: _REMUNERATIONS_NOTE_TABLE,
    SALARY_RAISES: (20, 20, 20, 10, 10, 10, 5, 5, 5, 5, 5, 0),
    PROMOTIONS: (15, 15, 15, 10, 10, 10, 5, 5, 5, 5, 5, 0),
    SALARY_RAISES_AND_PROMOTIONS: (35, 35, 35, 25, 25, 25, 15, 15, 15, 15, 15, 0),
}

# Indicator 5 (§2): note indexed by the number of employees of the
# under-represented sex among the 10 highest paid (0 to 5).
HIGH_REMUNERATIONS_NOTE_TABLE = (0, 0, 5, 5, 10, 10)

# Official reason codes for declaring an indicator "non calculable" (§3).
# Indicator 5 is always computable in the declaration, hence absent.
_LESS_THAN_40_PERCENT = "Les groupes valides représentent moins de 40 % des effectifs"
_NO_INDIVIDUAL_RAISE = "Absence d'augmentation individuelle"
NOT_COMPUTABLE_REASONS = {
    REMUNERATIONS: {"egvi40pcet": _LESS_THAN_40_PERCENT},
    SALARY_RAISES: {
        "absaugi": _NO_INDIVIDUAL_RAISE,
        "egvi40pcet": _LESS_THAN_40_PERCENT,
    },
    PROMOTIONS: {
        "absprom": "Absence de promotion",
        "egvi40pcet": _LESS_THAN_40_PERCENT,
    },
    SALARY_RAISES_AND_PROMOTIONS: {
        "absaugi": _NO_INDIVIDUAL_RAISE,
        "etsno5f5h": "L'entreprise ne comporte pas au moins 5 femmes et 5 hommes",
    },
    MATERNITY_LEAVES: {
        "absrcm": "Absence de retour de congé maternité ou d'adoption",
        "absaugpdtcm": "Absence d'augmentation pendant le congé maternité",
    },
}

FAVORABLE_POPULATIONS = ("men", "women")

# Below this many computable points the index is "non calculable" (§5).
INDEX_MIN_COMPUTABLE_POINTS = 75
# An index strictly below this requires corrective measures (§6).
CORRECTIVE_MEASURES_THRESHOLD = 75
# An index strictly below this requires progression objectives: the law says
# "75 à 84 points inclus", so 85 triggers nothing (§6, §11.3).
PROGRESSION_OBJECTIVES_THRESHOLD = 85

_GAP_INDICATORS = frozenset(GAP_NOTE_TABLES)
# Indicators 2, 3 and 2et3 are gaps between two rates, each between 0 and
# 100 %, so their gap cannot exceed 100 points. Indicator 1 is a pay gap,
# which has no such bound when women are the better paid.
_RATE_GAP_INDICATORS = frozenset({SALARY_RAISES, PROMOTIONS, SALARY_RAISES_AND_PROMOTIONS})
_FIELDS = {
    REMUNERATIONS: {"computable", "result", "favorable_population", "reason"},
    SALARY_RAISES: {"computable", "result", "favorable_population", "reason"},
    PROMOTIONS: {"computable", "result", "favorable_population", "reason"},
    SALARY_RAISES_AND_PROMOTIONS: {
        "computable",
        "result",
        "employees_count_result",
        "favorable_population",
        "reason",
    },
    MATERNITY_LEAVES: {"computable", "result", "reason"},
    # "reason" is known only to refuse it: this indicator is always computable.
    HIGH_REMUNERATIONS: {"computable", "result", "favorable_population", "reason"},
}
# How the numeric fields are named in messages.
_FIELD_PHRASES = {
    "result": "le résultat",
    "employees_count_result": "l'écart en nombre de salariés",
}


def _quoted(value):
    return f"« {value} »"


def _shown(value):
    """A received value as a person reads it: -3 or 7,8, never Decimal('-3')."""
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, int | float | Decimal):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return "infini" if number.is_infinite() else "pas un nombre"
        if abs(number.adjusted()) > 12:
            return f"{number:.3E}".replace(".", ",")
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if value is None:
        return "rien"
    if isinstance(value, str):
        return _quoted(value)
    return f"une valeur de type {type(value).__name__}"


def _indicator_prefix(indicator):
    return f"Indicateur {_quoted(INDICATOR_LABELS[indicator])} : "


def _as_decimal(value, prefix, field_phrase):
    """Convert an int, float or Decimal to an exact, finite Decimal.

    Floats go through ``str()`` so that 5.05 is 5.05, not the binary
    5.04999... that would round down (§1, §11.4).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ScoringError(f"{prefix}{field_phrase} doit être un nombre (reçu : {_shown(value)}).")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ScoringError(
            f"{prefix}{field_phrase} doit être un nombre fini (reçu : {_shown(value)})."
        )
    return number


def round_half_up_to_one_decimal(value: Number) -> Decimal:
    """Round to one decimal, half up (0.05 -> 0.1, 5.05 -> 5.1), exactly.

    The official tools round with JavaScript's ``Math.round`` (half towards
    +infinity) before applying a scale (§1, §11.1); Python's ``round()``
    rounds half to even and floats misrepresent x.x5, so neither is used.
    Accepts int, float or Decimal; returns a Decimal.
    """
    number = _as_decimal(value, "", "La valeur à arrondir")
    # Enough precision for any magnitude, so quantize never fails.
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + 3)
        return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _non_negative(indicator, value, field="result"):
    prefix = _indicator_prefix(indicator)
    number = _as_decimal(value, prefix, _FIELD_PHRASES[field])
    if number < 0:
        raise ScoringError(
            f"{prefix}l'écart ne peut pas être négatif (reçu : {_shown(value)}) ; "
            "saisissez sa valeur absolue et indiquez la population favorisée."
        )
    if indicator in _RATE_GAP_INDICATORS and field == "result" and number > 100:
        raise ScoringError(
            f"{prefix}un écart entre deux taux ne peut pas dépasser "
            f"100 points de pourcentage (reçu : {_shown(value)})."
        )
    return number


def _note_from_table(table, rounded_gap):
    position = int(rounded_gap.to_integral_value(rounding=ROUND_CEILING))
    return table[position] if position < len(table) else 0


def gap_note(indicator: str, gap: Number) -> int:
    """Note of indicator 1, 2, 3 or 2et3 for an absolute gap, before correction.

    The gap is rounded half up to one decimal first, then the note is read
    at ``ceil(rounded gap)`` in the scale (§1, §2): 5.0 -> 35, 5.05 -> 34 for
    indicator 1. For 2et3 this is the note of one of its two gaps; see
    ``salary_raises_and_promotions_note`` for the note of the indicator.
    """
    if indicator not in _GAP_INDICATORS:
        raise ScoringError(f"Indicateur inconnu ou sans barème d'écart : {_quoted(indicator)}.")
    rounded_gap = round_half_up_to_one_decimal(_non_negative(indicator, gap))
    return _note_from_table(GAP_NOTE_TABLES[indicator], rounded_gap)


def salary_raises_and_promotions_note(percent_gap: Number, employees_count_gap: Number) -> int:
    """Note of indicator 2et3 (50-250), before correction.

    The same scale is applied to the gap in % points and to the gap in
    number of equivalent employees, and the higher note is kept (§2, §9).
    """
    indicator = SALARY_RAISES_AND_PROMOTIONS
    rounded_employees = round_half_up_to_one_decimal(
        _non_negative(indicator, employees_count_gap, "employees_count_result")
    )
    return max(
        gap_note(indicator, percent_gap),
        _note_from_table(GAP_NOTE_TABLES[indicator], rounded_employees),
    )


def maternity_leaves_note(percentage_raised: Number) -> int:
    """Note of indicator 4: 15 only if 100 % of the women were raised (§2).

    Compared exactly, without rounding: the law requires all of them, and
    99.9 % (or 99.96 %) scores 0, as in the Ministry's API.
    """
    prefix = _indicator_prefix(MATERNITY_LEAVES)
    percentage = _as_decimal(percentage_raised, prefix, _FIELD_PHRASES["result"])
    if percentage < 0:
        raise ScoringError(
            f"{prefix}un pourcentage ne peut pas être négatif (reçu : {_shown(percentage_raised)})."
        )
    if percentage > 100:
        raise ScoringError(
            f"{prefix}un pourcentage ne peut pas dépasser 100 (reçu : {_shown(percentage_raised)})."
        )
    return MAX_POINTS[MATERNITY_LEAVES] if percentage == 100 else 0


def high_remunerations_note(under_represented_count: int) -> int:
    """Note of indicator 5 from the number (0 to 5) of employees of the
    under-represented sex among the 10 highest paid (§2)."""
    prefix = _indicator_prefix(HIGH_REMUNERATIONS)
    # A count of people: fractional values mean a data entry error.
    if isinstance(under_represented_count, bool) or not isinstance(under_represented_count, int):
        raise ScoringError(
            f"{prefix}le résultat doit être un nombre entier de salariés "
            f"(reçu : {_shown(under_represented_count)})."
        )
    if not 0 <= under_represented_count <= 5:
        raise ScoringError(
            f"{prefix}le nombre de salariés du sexe sous-représenté parmi les "
            "10 plus hautes rémunérations doit être compris entre 0 et 5 "
            f"(reçu : {_shown(under_represented_count)})."
        )
    return HIGH_REMUNERATIONS_NOTE_TABLE[under_represented_count]


def compute_index(points: int, computable_points: int) -> int | None:
    """Index out of 100, or None when fewer than 75 points are computable.

    ``points * 100 / computable_points`` brings the total back to 100 in
    proportion, rounded half up with integers only, so 46/80 (57.5) gives 58
    where the float ratio of the declaration gives 57 (§5, §11.2).
    """
    if computable_points < INDEX_MIN_COMPUTABLE_POINTS:
        return None
    return (points * 200 + computable_points) // (computable_points * 2)


def corrective_measures_required(index: int | None) -> bool:
    """Corrective measures are due for an index below 75; not for an index
    that is not computable (§6)."""
    return index is not None and index < CORRECTIVE_MEASURES_THRESHOLD


def progression_objectives_required(index: int | None) -> bool:
    """Progression objectives are due for an index below 85 (so 75 to 84,
    and below 75 as well since the 2021 indicators); not at 85 nor for an
    index that is not computable (§6, §11.3)."""
    return index is not None and index < PROGRESSION_OBJECTIVES_THRESHOLD


@dataclass(frozen=True)
class _IndicatorScore:
    computable: bool
    note: int | None = None
    # None when the gap is zero: no sex is favoured.
    favorable_population: str | None = None


def _present(value):
    return value is not None and value != ""


def _check_fields(indicator, data):
    prefix = _indicator_prefix(indicator)
    if not isinstance(data, dict):
        raise ScoringError(
            f"{prefix}les données doivent être un dictionnaire (reçu : {_shown(data)})."
        )
    unknown_fields = sorted(set(data) - _FIELDS[indicator], key=str)
    if unknown_fields:
        raise ScoringError(
            f"{prefix}champ inconnu {_quoted(unknown_fields[0])} ; champs "
            f"possibles : {', '.join(_quoted(f) for f in sorted(_FIELDS[indicator]))}."
        )


def _read_computable(indicator, data):
    prefix = _indicator_prefix(indicator)
    if indicator == HIGH_REMUNERATIONS:
        # Always computable in the declaration (§3): the flag is optional.
        computable = data.get("computable", True)
        if computable is False or _present(data.get("reason")):
            raise ScoringError(f"{prefix}cet indicateur est toujours calculable.")
    elif "computable" not in data or data["computable"] is None:
        raise ScoringError(
            f"{prefix}le champ « computable » (indicateur calculable ou non) est manquant."
        )
    else:
        computable = data["computable"]
    if not isinstance(computable, bool):
        raise ScoringError(
            f"{prefix}le champ « computable » doit valoir True ou False "
            f"(reçu : {_shown(computable)})."
        )
    return computable


def _read_favorable_population(indicator, data):
    favorable_population = data.get("favorable_population")
    if favorable_population is not None and favorable_population not in FAVORABLE_POPULATIONS:
        raise ScoringError(
            f"{_indicator_prefix(indicator)}population favorisée inconnue "
            f"{_shown(favorable_population)} ; valeurs possibles : "
            "« men » (hommes), « women » (femmes) ou None (aucune, écart nul)."
        )
    return favorable_population


def _check_not_computable(indicator, data):
    prefix = _indicator_prefix(indicator)
    reason = data.get("reason")
    if _present(reason) and (
        not isinstance(reason, str) or reason not in NOT_COMPUTABLE_REASONS[indicator]
    ):
        allowed = ", ".join(
            f"{_quoted(code)} ({label})"
            for code, label in NOT_COMPUTABLE_REASONS[indicator].items()
        )
        raise ScoringError(
            f"{prefix}motif de non-calculabilité inconnu {_shown(reason)} ; "
            f"motifs possibles : {allowed}."
        )
    # Values left over from a computable state would be silently ignored:
    # refuse them so that the declared data stays consistent.
    for field in ("result", "employees_count_result"):
        if data.get(field) is not None:
            raise ScoringError(
                f"{prefix}{_FIELD_PHRASES[field]} ne doit pas être renseigné : "
                "l'indicateur est déclaré non calculable."
            )
    if data.get("favorable_population") is not None:
        raise ScoringError(
            f"{prefix}la population favorisée ne doit pas être renseignée : "
            "l'indicateur est déclaré non calculable."
        )


def _required(indicator, data, field):
    value = data.get(field)
    if value is None:
        raise ScoringError(
            f"{_indicator_prefix(indicator)}{_FIELD_PHRASES[field]} "
            "est manquant alors que l'indicateur est calculable."
        )
    return value


def _score_gap_indicator(indicator, data, favorable_population):
    gaps = {"result": _required(indicator, data, "result")}
    if indicator == SALARY_RAISES_AND_PROMOTIONS:
        gaps["employees_count_result"] = _required(indicator, data, "employees_count_result")
        note = salary_raises_and_promotions_note(*gaps.values())
    else:
        note = gap_note(indicator, gaps["result"])
    gap_is_zero = all(
        round_half_up_to_one_decimal(_non_negative(indicator, gap, field)) == 0
        for field, gap in gaps.items()
    )
    if not gap_is_zero:
        # The official form asks for the favoured sex iff the gap is not 0
        # (§4); without it the correction rule could not be applied.
        if favorable_population is None:
            raise ScoringError(
                f"{_indicator_prefix(indicator)}la population favorisée "
                "(les hommes ou les femmes) est obligatoire quand l'écart "
                "n'est pas nul."
            )
    else:
        # A zero gap favours nobody, whatever was entered.
        favorable_population = None
    return _IndicatorScore(True, note, favorable_population)


def _score_indicator(indicator, data):
    _check_fields(indicator, data)
    computable = _read_computable(indicator, data)
    if not computable:
        _check_not_computable(indicator, data)
        return _IndicatorScore(computable=False)
    if _present(data.get("reason")):
        raise ScoringError(
            f"{_indicator_prefix(indicator)}un motif de non-calculabilité est "
            "fourni alors que l'indicateur est déclaré calculable."
        )
    favorable_population = _read_favorable_population(indicator, data)
    if indicator in _GAP_INDICATORS:
        return _score_gap_indicator(indicator, data, favorable_population)
    result = _required(indicator, data, "result")
    if indicator == MATERNITY_LEAVES:
        return _IndicatorScore(True, maternity_leaves_note(result))
    return _IndicatorScore(True, high_remunerations_note(result), favorable_population)


def _read_workforce_range(results):
    if not isinstance(results, dict):
        raise ScoringError(
            "Les résultats doivent être fournis sous forme de dictionnaire "
            f"(reçu : {_shown(results)})."
        )
    workforce_range = results.get("workforce_range")
    if workforce_range is None:
        raise ScoringError("La tranche d'effectifs (« workforce_range ») est manquante.")
    if workforce_range not in WORKFORCE_RANGES:
        raise ScoringError(
            f"Tranche d'effectifs inconnue : {_shown(workforce_range)} ; valeurs "
            f"possibles : {', '.join(_quoted(r) for r in WORKFORCE_RANGES)}."
        )
    return workforce_range


def _check_indicators_for_range(results, workforce_range):
    range_label = WORKFORCE_RANGE_LABELS[workforce_range]
    expected = INDICATORS_BY_RANGE[workforce_range]
    for key, value in results.items():
        if key == "workforce_range":
            continue
        if key not in MAX_POINTS:
            raise ScoringError(f"Indicateur inconnu : {_quoted(key)}.")
        # None stands for "absent", so callers may pass every indicator.
        if key not in expected and value is not None:
            raise ScoringError(
                f"L'indicateur {_quoted(INDICATOR_LABELS[key])} ne s'applique pas "
                f"aux entreprises de {range_label}."
            )
    for key in expected:
        if results.get(key) is None:
            raise ScoringError(
                f"L'indicateur {_quoted(INDICATOR_LABELS[key])} est manquant : il "
                f"est obligatoire pour les entreprises de {range_label}."
            )


def _apply_correction(indicator, score, remunerations):
    """Correction rule ("rattrapage", §4, décret 2019-15 annexe point 5.2).

    When indicator 1 shows a pay gap (computable, note < 40) and the raises,
    promotions or 2et3 gap favours the other sex, that indicator is worth
    its maximum: the company is catching up on the pay gap.
    """
    if (
        remunerations.computable
        and remunerations.note < MAX_POINTS[REMUNERATIONS]
        and remunerations.favorable_population is not None
        and score.favorable_population is not None
        and score.favorable_population != remunerations.favorable_population
    ):
        return MAX_POINTS[indicator]
    return score.note


def score_results(results: dict) -> dict:
    """Score a company's declared indicator results.

    ``results`` holds ``workforce_range`` ("50:250", "251:999" or "1000:")
    and one dict per indicator of that range (``INDICATORS_BY_RANGE``), with
    ``computable`` (bool), and when computable ``result`` (the absolute gap;
    for maternity leaves the % of women raised; for high remunerations the
    count, 0 to 5), ``favorable_population`` ("men", "women", or None when
    the gap is 0), ``employees_count_result`` for 2et3, and optionally a
    ``reason`` code from ``NOT_COMPUTABLE_REASONS`` when not computable.

    Returns the note of each indicator (None when not computable or not
    applicable), ``points``, ``computable_points``, ``index`` (None when not
    computable) and which obligations the index triggers. Raises
    ``ScoringError`` (a ``ValueError``) with a French message on bad input.
    """
    workforce_range = _read_workforce_range(results)
    _check_indicators_for_range(results, workforce_range)
    indicators = INDICATORS_BY_RANGE[workforce_range]
    scores = {key: _score_indicator(key, results[key]) for key in indicators}

    notes = dict.fromkeys(MAX_POINTS)
    for key, score in scores.items():
        if not score.computable:
            continue
        if key in _RATE_GAP_INDICATORS:
            notes[key] = _apply_correction(key, score, scores[REMUNERATIONS])
        else:
            notes[key] = score.note

    points = sum(note for note in notes.values() if note is not None)
    computable_points = sum(MAX_POINTS[key] for key, score in scores.items() if score.computable)
    index = compute_index(points, computable_points)
    return {
        **{f"{key}_score": note for key, note in notes.items()},
        "points": points,
        "computable_points": computable_points,
        "index": index,
        "progression_objectives_required": progression_objectives_required(index),
        "corrective_measures_required": corrective_measures_required(index),
    }
