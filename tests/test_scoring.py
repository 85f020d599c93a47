"""Tests of the index scoring rules (equality_index/scoring.py).

Every expected note below was worked out by hand from the tables of the
scoring spec (index-egalite-scoring.md, §2), not computed from the module's
own tables, so that a wrong table or a wrong rounding makes a test fail.
"""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from equality_index.scoring import (
    INDICATORS_BY_RANGE,
    MAX_POINTS,
    NOT_COMPUTABLE_REASONS,
    WORKFORCE_RANGES,
    ScoringError,
    compute_index,
    corrective_measures_required,
    gap_note,
    progression_objectives_required,
    round_half_up_to_one_decimal,
    score_results,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A perfect score for each indicator, to change one at a time.
PERFECT = {
    "remunerations": {"computable": True, "result": 0},
    "salary_raises": {"computable": True, "result": 0},
    "promotions": {"computable": True, "result": 0},
    "salary_raises_and_promotions": {
        "computable": True,
        "result": 0,
        "employees_count_result": 0,
    },
    "maternity_leaves": {"computable": True, "result": 100},
    "high_remunerations": {"result": 5},
}
NOT_COMPUTABLE = {"computable": False}


def large_company(workforce_range="251:999", **indicators):
    """Results of a company of more than 250 employees, perfect by default."""
    return {
        "workforce_range": workforce_range,
        **{key: PERFECT[key] for key in INDICATORS_BY_RANGE["251:999"]},
        **indicators,
    }


def small_company(**indicators):
    """Results of a company of 50 to 250 employees, perfect by default."""
    return {
        "workforce_range": "50:250",
        **{key: PERFECT[key] for key in INDICATORS_BY_RANGE["50:250"]},
        **indicators,
    }


def gap(result, favorable_population="men", **extra):
    return {
        "computable": True,
        "result": result,
        "favorable_population": favorable_population,
        **extra,
    }


def raises_and_promotions(result, employees_count_result, favorable="men"):
    return gap(result, favorable, employees_count_result=employees_count_result)


# --- Rounding (§1, §11.1, §11.4) -------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Decimal("0.0")),
        (0.04, Decimal("0.0")),
        (0.05, Decimal("0.1")),
        (0.15, Decimal("0.2")),  # banker's rounding would also give 0.2
        (0.25, Decimal("0.3")),  # banker's rounding would give 0.2
        (5.05, Decimal("5.1")),  # the float is 5.04999..., round() gives 5.0
        (2.675, Decimal("2.7")),  # the float is 2.67499...
        (Decimal("1.449"), Decimal("1.4")),
        (Decimal("1.45"), Decimal("1.5")),
        (3, Decimal("3.0")),
        (1e30, Decimal("1e30")),
    ],
)
def test_round_half_up_to_one_decimal_rounds_exact_halves_up(value, expected):
    assert round_half_up_to_one_decimal(value) == expected


# --- Indicator 1: pay gap (§2) ----------------------------------------------

REMUNERATIONS_SCALE = [
    (0, 40),
    (0.0, 40),
    (0.04, 40),
    (0.05, 39),
    (1.0, 39),
    (1.04, 39),
    (1.05, 38),
    (2.0, 38),
    (2.04, 38),
    (2.05, 37),
    (3.0, 37),
    (3.04, 37),
    (3.05, 36),
    (4.0, 36),
    (4.04, 36),
    (4.05, 35),
    (5.0, 35),
    (5.04, 35),
    (5.05, 34),
    (5.1, 34),
    (6.0, 34),
    (6.04, 34),
    (6.05, 33),
    (7.0, 33),
    (7.05, 31),
    (8.0, 31),
    (8.05, 29),
    (9.0, 29),
    (9.05, 27),
    (10.0, 27),
    (10.05, 25),
    (11.0, 25),
    (11.05, 23),
    (12.0, 23),
    (12.05, 21),
    (13.0, 21),
    (13.05, 19),
    (14.0, 19),
    (14.05, 17),
    (15.0, 17),
    (15.05, 14),
    (16.0, 14),
    (16.05, 11),
    (17.0, 11),
    (17.05, 8),
    (18.0, 8),
    (18.05, 5),
    (19.0, 5),
    (19.04, 5),
    (19.05, 2),
    (20.0, 2),
    (20.04, 2),
    (20.05, 0),
    (21.0, 0),
    (21.05, 0),
    (50, 0),
    (150, 0),  # women paid 2.5 times more than men
    (Decimal("5.05"), 34),
    (Decimal("5.049999"), 35),
    (5, 35),
]


@pytest.mark.parametrize(("result", "expected_note"), REMUNERATIONS_SCALE)
def test_remunerations_note_follows_the_official_scale(result, expected_note):
    favorable = "men" if result else None
    scores = score_results(large_company(remunerations=gap(result, favorable)))
    assert scores["remunerations_score"] == expected_note
    assert gap_note("remunerations", result) == expected_note


# --- Indicators 2 and 3: raises and promotions, > 250 (§2) -------------------

RAISES_SCALE = [
    (0, 20),
    (0.05, 20),
    (1.0, 20),
    (2.0, 20),
    (2.04, 20),
    (2.05, 10),
    (3.0, 10),
    (5.0, 10),
    (5.04, 10),
    (5.05, 5),
    (6.0, 5),
    (10.0, 5),
    (10.04, 5),
    (10.05, 0),
    (11.0, 0),
    (100, 0),
]

PROMOTIONS_SCALE = [
    (0, 15),
    (0.05, 15),
    (1.0, 15),
    (2.0, 15),
    (2.04, 15),
    (2.05, 10),
    (3.0, 10),
    (5.0, 10),
    (5.04, 10),
    (5.05, 5),
    (6.0, 5),
    (10.0, 5),
    (10.04, 5),
    (10.05, 0),
    (11.0, 0),
    (100, 0),
]


@pytest.mark.parametrize(("result", "expected_note"), RAISES_SCALE)
def test_salary_raises_note_follows_the_official_scale(result, expected_note):
    # Indicator 1 at 40 and the same sex: the correction rule stays out of the way.
    scores = score_results(large_company(salary_raises=gap(result, "men")))
    assert scores["salary_raises_score"] == expected_note


@pytest.mark.parametrize(("result", "expected_note"), PROMOTIONS_SCALE)
def test_promotions_note_follows_the_official_scale(result, expected_note):
    scores = score_results(large_company(promotions=gap(result, "men")))
    assert scores["promotions_score"] == expected_note


# --- Indicator 2et3: raises including promotions, 50-250 (§2, §9) ------------

RAISES_AND_PROMOTIONS_SCALE = [
    (0, 35),
    (0.05, 35),
    (2.0, 35),
    (2.04, 35),
    (2.05, 25),
    (3.0, 25),
    (5.0, 25),
    (5.04, 25),
    (5.05, 15),
    (6.0, 15),
    (10.0, 15),
    (10.04, 15),
    (10.05, 0),
    (11.0, 0),
    (50, 0),
]


@pytest.mark.parametrize(("result", "expected_note"), RAISES_AND_PROMOTIONS_SCALE)
def test_salary_raises_and_promotions_percent_gap_follows_the_scale(result, expected_note):
    # The employee gap is worth 0 points, so the % gap decides.
    results = small_company(salary_raises_and_promotions=raises_and_promotions(result, 50))
    assert score_results(results)["salary_raises_and_promotions_score"] == expected_note


@pytest.mark.parametrize(("employees_count_result", "expected_note"), RAISES_AND_PROMOTIONS_SCALE)
def test_salary_raises_and_promotions_employees_gap_follows_the_scale(
    employees_count_result, expected_note
):
    # The % gap is worth 0 points, so the gap in employees decides.
    results = small_company(
        salary_raises_and_promotions=raises_and_promotions(50, employees_count_result)
    )
    assert score_results(results)["salary_raises_and_promotions_score"] == expected_note


@pytest.mark.parametrize(
    ("result", "employees_count_result", "expected_note"),
    [
        (11.2, 3.1, 25),  # legacy snapshot (§9): 0 points in %, 25 in employees
        (1.0, 12, 35),
        (3.0, 7.0, 25),
        (7.0, 3.0, 25),
        (6.0, 10.05, 15),
        (12, 12, 0),
    ],
)
def test_salary_raises_and_promotions_keeps_the_higher_of_its_two_notes(
    result, employees_count_result, expected_note
):
    results = small_company(
        salary_raises_and_promotions=raises_and_promotions(result, employees_count_result)
    )
    assert score_results(results)["salary_raises_and_promotions_score"] == expected_note


# --- Indicator 4: maternity leaves (§2) -------------------------------------


@pytest.mark.parametrize(
    ("result", "expected_note"),
    [
        (100, 15),
        (100.0, 15),
        (Decimal("100.00"), 15),
        (99.99, 0),
        (99.9, 0),
        (50, 0),
        (0, 0),
    ],
)
def test_maternity_leaves_gives_15_only_when_every_woman_was_raised(result, expected_note):
    results = large_company(maternity_leaves={"computable": True, "result": result})
    assert score_results(results)["maternity_leaves_score"] == expected_note


# --- Indicator 5: 10 highest paid (§2) --------------------------------------


@pytest.mark.parametrize(
    ("under_represented_count", "expected_note"),
    [(0, 0), (1, 0), (2, 5), (3, 5), (4, 10), (5, 10)],
)
def test_high_remunerations_note_follows_the_official_scale(under_represented_count, expected_note):
    results = large_company(
        high_remunerations={"result": under_represented_count, "favorable_population": "men"}
    )
    assert score_results(results)["high_remunerations_score"] == expected_note


def test_high_remunerations_accepts_an_explicit_computable_true():
    results = small_company(high_remunerations={"computable": True, "result": 3})
    assert score_results(results)["high_remunerations_score"] == 5


# --- Correction rule (§4) ----------------------------------------------------

# For each corrected indicator: the results of a company, and a gap in that
# indicator worth fewer than its maximum (note in brackets).
CORRECTED_INDICATORS = [
    pytest.param(large_company, "salary_raises", {"result": 8.0}, 20, id="salary_raises-5"),
    pytest.param(large_company, "promotions", {"result": 8.0}, 15, id="promotions-5"),
    pytest.param(
        small_company,
        "salary_raises_and_promotions",
        {"result": 8.0, "employees_count_result": 4.0},
        35,
        id="salary_raises_and_promotions-25",
    ),
]
UNCORRECTED_NOTES = {"salary_raises": 5, "promotions": 5, "salary_raises_and_promotions": 25}


def correction_case(company, indicator, indicator_gap, indicator_favorable, remunerations):
    return company(
        remunerations=remunerations,
        **{
            indicator: {
                "computable": True,
                **indicator_gap,
                "favorable_population": indicator_favorable,
            }
        },
    )


@pytest.mark.parametrize(("company", "indicator", "indicator_gap", "maximum"), CORRECTED_INDICATORS)
@pytest.mark.parametrize(("paid_more", "favoured"), [("men", "women"), ("women", "men")])
def test_correction_gives_the_maximum_when_the_gap_favours_the_less_paid_sex(
    company, indicator, indicator_gap, maximum, paid_more, favoured
):
    results = correction_case(company, indicator, indicator_gap, favoured, gap(6.1, paid_more))
    scores = score_results(results)
    assert scores["remunerations_score"] == 33
    assert scores[f"{indicator}_score"] == maximum


@pytest.mark.parametrize(("company", "indicator", "indicator_gap", "maximum"), CORRECTED_INDICATORS)
def test_correction_counts_the_maximum_in_the_points(company, indicator, indicator_gap, maximum):
    scores = score_results(
        correction_case(company, indicator, indicator_gap, "women", gap(6.1, "men"))
    )
    # 33 for indicator 1 and every other indicator at its maximum.
    assert scores["points"] == 100 - 40 + 33


@pytest.mark.parametrize(("company", "indicator", "indicator_gap", "maximum"), CORRECTED_INDICATORS)
@pytest.mark.parametrize(
    "remunerations",
    [
        pytest.param({"computable": True, "result": 0}, id="remunerations-at-40"),
        pytest.param(gap(0.04, "men"), id="remunerations-rounded-to-0-at-40"),
        pytest.param(gap(6.1, "women"), id="same-sex-favoured"),
        pytest.param(NOT_COMPUTABLE, id="remunerations-not-computable"),
        pytest.param(
            {"computable": False, "reason": "egvi40pcet"},
            id="remunerations-not-computable-with-reason",
        ),
    ],
)
def test_correction_does_not_apply(company, indicator, indicator_gap, maximum, remunerations):
    results = correction_case(company, indicator, indicator_gap, "women", remunerations)
    assert score_results(results)[f"{indicator}_score"] == UNCORRECTED_NOTES[indicator]


@pytest.mark.parametrize(("company", "indicator", "indicator_gap", "maximum"), CORRECTED_INDICATORS)
def test_a_zero_gap_is_worth_the_maximum_without_any_favoured_sex(
    company, indicator, indicator_gap, maximum
):
    zero_gap = {field: 0 for field in indicator_gap}
    results = correction_case(company, indicator, zero_gap, None, gap(6.1, "men"))
    assert score_results(results)[f"{indicator}_score"] == maximum


def test_a_favoured_sex_given_with_a_gap_rounded_to_zero_is_ignored():
    # 0.04 rounds to 0: no sex is favoured, so indicator 1 is worth 40 and
    # cannot trigger the correction of a 5-point raise gap.
    results = large_company(remunerations=gap(0.04, "men"), salary_raises=gap(8.0, "women"))
    scores = score_results(results)
    assert scores["remunerations_score"] == 40
    assert scores["salary_raises_score"] == 5


# --- Non-computable indicators and computable points (§3, §5) -----------------

LARGE_NOT_COMPUTABLE_COMBINATIONS = [
    ((), 100, 100),
    (("remunerations",), 60, None),
    (("salary_raises",), 80, 100),
    (("promotions",), 85, 100),
    (("maternity_leaves",), 85, 100),
    (("remunerations", "salary_raises"), 40, None),
    (("remunerations", "promotions"), 45, None),
    (("remunerations", "maternity_leaves"), 45, None),
    (("salary_raises", "promotions"), 65, None),
    (("salary_raises", "maternity_leaves"), 65, None),
    (("promotions", "maternity_leaves"), 70, None),
    (("remunerations", "salary_raises", "promotions"), 25, None),
    (("remunerations", "salary_raises", "maternity_leaves"), 25, None),
    (("remunerations", "promotions", "maternity_leaves"), 30, None),
    (("salary_raises", "promotions", "maternity_leaves"), 50, None),
    (("remunerations", "salary_raises", "promotions", "maternity_leaves"), 10, None),
]

SMALL_NOT_COMPUTABLE_COMBINATIONS = [
    ((), 100, 100),
    (("remunerations",), 60, None),
    (("salary_raises_and_promotions",), 65, None),
    (("maternity_leaves",), 85, 100),
    (("remunerations", "salary_raises_and_promotions"), 25, None),
    (("remunerations", "maternity_leaves"), 45, None),
    (("salary_raises_and_promotions", "maternity_leaves"), 50, None),
    (("remunerations", "salary_raises_and_promotions", "maternity_leaves"), 10, None),
]


@pytest.mark.parametrize("workforce_range", ["251:999", "1000:"])
@pytest.mark.parametrize(
    ("not_computable", "computable_points", "index"), LARGE_NOT_COMPUTABLE_COMBINATIONS
)
def test_large_company_computable_points_and_index(
    workforce_range, not_computable, computable_points, index
):
    results = large_company(workforce_range, **dict.fromkeys(not_computable, NOT_COMPUTABLE))
    scores = score_results(results)
    assert scores["computable_points"] == computable_points
    assert scores["points"] == computable_points  # everything else is perfect
    assert scores["index"] == index
    for indicator in not_computable:
        assert scores[f"{indicator}_score"] is None


@pytest.mark.parametrize(
    ("not_computable", "computable_points", "index"), SMALL_NOT_COMPUTABLE_COMBINATIONS
)
def test_small_company_computable_points_and_index(not_computable, computable_points, index):
    results = small_company(**dict.fromkeys(not_computable, NOT_COMPUTABLE))
    scores = score_results(results)
    assert scores["computable_points"] == computable_points
    assert scores["points"] == computable_points
    assert scores["index"] == index
    for indicator in not_computable:
        assert scores[f"{indicator}_score"] is None


@pytest.mark.parametrize(
    ("company", "not_applicable"),
    [
        (small_company, ("salary_raises", "promotions")),
        (large_company, ("salary_raises_and_promotions",)),
    ],
)
def test_indicators_of_the_other_size_range_score_none(company, not_applicable):
    scores = score_results(company())
    for indicator in not_applicable:
        assert scores[f"{indicator}_score"] is None


def test_output_has_exactly_the_documented_keys():
    assert set(score_results(small_company())) == {
        "remunerations_score",
        "salary_raises_score",
        "promotions_score",
        "salary_raises_and_promotions_score",
        "maternity_leaves_score",
        "high_remunerations_score",
        "points",
        "computable_points",
        "index",
        "progression_objectives_required",
        "corrective_measures_required",
    }


@pytest.mark.parametrize(
    ("indicator", "reason"),
    [
        (indicator, reason)
        for indicator, reasons in NOT_COMPUTABLE_REASONS.items()
        for reason in reasons
    ],
)
def test_every_official_reason_is_accepted_for_its_indicator(indicator, reason):
    company = small_company if indicator in INDICATORS_BY_RANGE["50:250"] else large_company
    results = company(**{indicator: {"computable": False, "reason": reason}})
    assert score_results(results)[f"{indicator}_score"] is None


def test_explicit_none_values_of_a_non_computable_indicator_are_accepted():
    results = small_company(
        salary_raises_and_promotions={
            "computable": False,
            "result": None,
            "employees_count_result": None,
            "favorable_population": None,
            "reason": "",
        },
        salary_raises=None,
        promotions=None,
    )
    assert score_results(results)["computable_points"] == 65


# --- Index rounding (§5, §11.2) ----------------------------------------------


@pytest.mark.parametrize(
    ("points", "computable_points", "index"),
    [
        (46, 80, 58),  # exactly 57.5: the float ratio gives 57, exact half up 58
        (2, 80, 3),  # 2.5
        (70, 85, 82),  # 82.35...
        (72, 85, 85),  # 84.70...
        (71, 85, 84),  # 83.52...
        (60, 75, 80),
        (0, 100, 0),
        (74, 100, 74),
        (100, 100, 100),
        (70, 74, None),
        (70, 70, None),
        (60, 60, None),
    ],
)
def test_compute_index_rounds_half_up_exactly(points, computable_points, index):
    assert compute_index(points, computable_points) == index


def test_index_of_46_points_out_of_80_is_58():
    # Indicator 2 not computable (80 points); 21 (12.5 %) + 15 + 0 + 10 = 46.
    results = large_company(
        remunerations=gap(12.5, "men"),
        salary_raises=NOT_COMPUTABLE,
        maternity_leaves={"computable": True, "result": 50},
    )
    scores = score_results(results)
    assert (scores["points"], scores["computable_points"]) == (46, 80)
    assert scores["index"] == 58


def test_index_of_70_points_out_of_85_is_brought_back_to_100_in_proportion():
    # Indicator 3 not computable (85 points); 35 + 10 + 15 + 10 = 70.
    results = large_company(
        remunerations=gap(5.0, "men"),
        salary_raises=gap(3.0, "men"),
        promotions=NOT_COMPUTABLE,
    )
    scores = score_results(results)
    assert (scores["points"], scores["computable_points"]) == (70, 85)
    assert scores["index"] == 82


# --- Thresholds 75 and 85 (§6, §11.3) ----------------------------------------


@pytest.mark.parametrize(
    ("index", "objectives", "corrective_measures"),
    [
        (0, True, True),
        (74, True, True),
        (75, True, False),
        (84, True, False),
        (85, False, False),
        (100, False, False),
        (None, False, False),
    ],
)
def test_obligations_triggered_by_the_index(index, objectives, corrective_measures):
    assert progression_objectives_required(index) is objectives
    assert corrective_measures_required(index) is corrective_measures


THRESHOLD_CASES = [
    pytest.param(
        # 34 + 20 + 10 + 0 + 10
        {
            "remunerations": gap(5.5, "men"),
            "promotions": gap(3.0, "men"),
            "maternity_leaves": {"computable": True, "result": 50},
        },
        74,
        True,
        True,
        id="74-measures-and-objectives",
    ),
    pytest.param(
        # 35 + 20 + 10 + 0 + 10
        {
            "remunerations": gap(5.0, "men"),
            "promotions": gap(3.0, "men"),
            "maternity_leaves": {"computable": True, "result": 50},
        },
        75,
        True,
        False,
        id="75-objectives-only",
    ),
    pytest.param(
        # 39 + 20 + 10 + 15 + 0
        {
            "remunerations": gap(1.0, "men"),
            "promotions": gap(3.0, "men"),
            "high_remunerations": {"result": 0},
        },
        84,
        True,
        False,
        id="84-objectives-only",
    ),
    pytest.param(
        # 40 + 20 + 10 + 15 + 0
        {
            "promotions": gap(3.0, "men"),
            "high_remunerations": {"result": 0},
        },
        85,
        False,
        False,
        id="85-nothing",
    ),
    pytest.param(
        {"remunerations": NOT_COMPUTABLE},
        None,
        False,
        False,
        id="not-computable-nothing",
    ),
]


@pytest.mark.parametrize(
    ("indicators", "index", "objectives", "corrective_measures"), THRESHOLD_CASES
)
def test_score_results_reports_the_obligations_at_each_threshold(
    indicators, index, objectives, corrective_measures
):
    scores = score_results(large_company(**indicators))
    assert scores["index"] == index
    assert scores["progression_objectives_required"] is objectives
    assert scores["corrective_measures_required"] is corrective_measures


# --- Constants ---------------------------------------------------------------


@pytest.mark.parametrize("workforce_range", WORKFORCE_RANGES)
def test_maximum_points_of_each_size_range_add_up_to_100(workforce_range):
    assert sum(MAX_POINTS[key] for key in INDICATORS_BY_RANGE[workforce_range]) == 100


def test_score_results_does_not_modify_its_input():
    results = large_company(remunerations=gap(0.04, "men"))
    snapshot = repr(results)
    score_results(results)
    assert repr(results) == snapshot


# --- Invalid input (every kind raises ScoringError, in French) ----------------

INVALID_RESULTS = [
    pytest.param(["251:999"], "dictionnaire", id="results-not-a-dict"),
    pytest.param(
        {"remunerations": PERFECT["remunerations"]},
        "tranche d'effectifs",
        id="workforce-range-missing",
    ),
    pytest.param(
        large_company("250:999"), "Tranche d'effectifs inconnue", id="workforce-range-unknown"
    ),
    pytest.param(
        large_company(bonus=PERFECT["promotions"]), "Indicateur inconnu", id="unknown-indicator"
    ),
    pytest.param(
        small_company(promotions=PERFECT["promotions"]),
        "ne s'applique pas",
        id="promotions-for-50-250",
    ),
    pytest.param(
        small_company(salary_raises=PERFECT["salary_raises"]),
        "ne s'applique pas",
        id="salary-raises-for-50-250",
    ),
    pytest.param(
        large_company(salary_raises_and_promotions=PERFECT["salary_raises_and_promotions"]),
        "ne s'applique pas",
        id="salary-raises-and-promotions-for-251-999",
    ),
    pytest.param(
        large_company(
            "1000:", salary_raises_and_promotions=PERFECT["salary_raises_and_promotions"]
        ),
        "ne s'applique pas",
        id="salary-raises-and-promotions-for-1000",
    ),
    pytest.param(small_company(remunerations=None), "manquant", id="remunerations-missing"),
    pytest.param(
        small_company(salary_raises_and_promotions=None), "manquant", id="2et3-missing-for-50-250"
    ),
    pytest.param(large_company(promotions=None), "manquant", id="promotions-missing-for-251-999"),
    pytest.param(large_company(maternity_leaves=None), "manquant", id="maternity-missing"),
    pytest.param(
        large_company(high_remunerations=None), "manquant", id="high-remunerations-missing"
    ),
    pytest.param(large_company(remunerations="6.1"), "dictionnaire", id="indicator-not-a-dict"),
    pytest.param(
        large_company(remunerations={"result": 3, "favorable_population": "men"}),
        "computable",
        id="computable-missing",
    ),
    pytest.param(
        large_company(remunerations={"computable": "oui", "result": 0}),
        "True ou False",
        id="computable-not-a-bool",
    ),
    pytest.param(
        large_company(remunerations={"computable": True}), "manquant", id="result-missing"
    ),
    pytest.param(
        large_company(remunerations={"computable": True, "result": None}),
        "manquant",
        id="result-none",
    ),
    pytest.param(
        small_company(
            salary_raises_and_promotions={
                "computable": True,
                "result": 1.0,
                "favorable_population": "men",
            }
        ),
        "manquant",
        id="employees-count-result-missing",
    ),
    pytest.param(large_company(remunerations=gap(-1.2)), "négatif", id="remunerations-negative"),
    pytest.param(large_company(salary_raises=gap(-0.1)), "négatif", id="salary-raises-negative"),
    pytest.param(large_company(promotions=gap(Decimal("-3"))), "négatif", id="promotions-negative"),
    pytest.param(
        small_company(salary_raises_and_promotions=raises_and_promotions(-2, 1)),
        "négatif",
        id="2et3-percent-negative",
    ),
    pytest.param(
        small_company(salary_raises_and_promotions=raises_and_promotions(2, -1)),
        "négatif",
        id="2et3-employees-negative",
    ),
    pytest.param(large_company(salary_raises=gap(100.1)), "100 points", id="raise-gap-over-100"),
    pytest.param(large_company(promotions=gap(120)), "100 points", id="promotion-gap-over-100"),
    pytest.param(
        small_company(salary_raises_and_promotions=raises_and_promotions(101, 1)),
        "100 points",
        id="2et3-gap-over-100",
    ),
    pytest.param(
        large_company(maternity_leaves={"computable": True, "result": 100.1}),
        "dépasser 100",
        id="maternity-over-100",
    ),
    pytest.param(
        large_company(maternity_leaves={"computable": True, "result": -5}),
        "négatif",
        id="maternity-negative",
    ),
    pytest.param(
        large_company(high_remunerations={"result": 6}), "entre 0 et 5", id="top-10-over-5"
    ),
    pytest.param(
        large_company(high_remunerations={"result": -1}), "entre 0 et 5", id="top-10-negative"
    ),
    pytest.param(
        large_company(high_remunerations={"result": 2.5}), "nombre entier", id="top-10-fraction"
    ),
    pytest.param(
        large_company(high_remunerations={"result": 4.0}), "nombre entier", id="top-10-float"
    ),
    pytest.param(
        large_company(high_remunerations={"result": True}), "nombre entier", id="top-10-bool"
    ),
    pytest.param(
        large_company(high_remunerations={"computable": False}),
        "toujours calculable",
        id="top-10-not-computable",
    ),
    pytest.param(
        large_company(high_remunerations={"result": 2, "reason": "absaugi"}),
        "toujours calculable",
        id="top-10-with-reason",
    ),
    pytest.param(large_company(remunerations=gap(True)), "nombre", id="result-bool"),
    pytest.param(large_company(remunerations=gap("6.1")), "nombre", id="result-string"),
    pytest.param(large_company(remunerations=gap(float("nan"))), "nombre fini", id="result-nan"),
    pytest.param(
        large_company(remunerations=gap(float("inf"))), "nombre fini", id="result-infinite"
    ),
    pytest.param(
        large_company(maternity_leaves={"computable": True, "result": "100"}),
        "nombre",
        id="maternity-string",
    ),
    pytest.param(
        large_company(remunerations=gap(3.0, "hommes")),
        "population favorisée inconnue",
        id="favorable-population-unknown",
    ),
    pytest.param(
        large_company(remunerations=gap(0, "equality")),
        "population favorisée inconnue",
        id="favorable-population-equality",
    ),
    pytest.param(
        large_company(high_remunerations={"result": 2, "favorable_population": "M"}),
        "population favorisée inconnue",
        id="top-10-favorable-population-unknown",
    ),
    pytest.param(
        large_company(remunerations=gap(0.05, None)),
        "obligatoire quand l'écart",
        id="remunerations-gap-without-sex",
    ),
    pytest.param(
        large_company(salary_raises=gap(3.0, None)),
        "obligatoire quand l'écart",
        id="salary-raises-gap-without-sex",
    ),
    pytest.param(
        large_company(promotions=gap(3.0, None)),
        "obligatoire quand l'écart",
        id="promotions-gap-without-sex",
    ),
    pytest.param(
        small_company(salary_raises_and_promotions=raises_and_promotions(0, 0.1, None)),
        "obligatoire quand l'écart",
        id="2et3-employee-gap-without-sex",
    ),
    pytest.param(
        large_company(remunerations={"computable": False, "reason": "absprom"}),
        "motif de non-calculabilité inconnu",
        id="reason-of-another-indicator",
    ),
    pytest.param(
        large_company(maternity_leaves={"computable": False, "reason": "xyz"}),
        "motif de non-calculabilité inconnu",
        id="reason-unknown",
    ),
    pytest.param(
        large_company(maternity_leaves={"computable": False, "reason": ["absrcm"]}),
        "motif de non-calculabilité inconnu",
        id="reason-not-a-string",
    ),
    pytest.param(
        large_company(remunerations={"computable": True, "result": 0, "reason": "egvi40pcet"}),
        "déclaré calculable",
        id="reason-on-computable",
    ),
    pytest.param(
        large_company(remunerations={"computable": False, "result": 3.0}),
        "non calculable",
        id="result-on-not-computable",
    ),
    pytest.param(
        small_company(
            salary_raises_and_promotions={"computable": False, "employees_count_result": 1}
        ),
        "non calculable",
        id="employees-result-on-not-computable",
    ),
    pytest.param(
        large_company(promotions={"computable": False, "favorable_population": "men"}),
        "non calculable",
        id="sex-on-not-computable",
    ),
    pytest.param(
        large_company(remunerations=gap(3.0, favourable_population="men")),
        "champ inconnu",
        id="misspelt-field",
    ),
    pytest.param(
        large_company(salary_raises=gap(3.0, employees_count_result=1)),
        "champ inconnu",
        id="employees-result-outside-2et3",
    ),
    pytest.param(
        large_company(
            maternity_leaves={"computable": True, "result": 100, "favorable_population": "women"}
        ),
        "champ inconnu",
        id="sex-on-maternity",
    ),
]


@pytest.mark.parametrize(("results", "french_words"), INVALID_RESULTS)
def test_invalid_results_raise_a_scoring_error_in_french(results, french_words):
    with pytest.raises(ScoringError) as raised:
        score_results(results)
    assert isinstance(raised.value, ValueError)
    assert french_words in str(raised.value)


def test_errors_name_the_indicator_in_french():
    with pytest.raises(ScoringError, match="« Écart de taux de promotions »"):
        score_results(large_company(promotions=gap(-1)))


@pytest.mark.parametrize("value", [True, "1.0", None, float("nan")])
def test_rounding_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ScoringError, match="nombre"):
        round_half_up_to_one_decimal(value)


def test_gap_note_refuses_an_indicator_without_a_gap_scale():
    with pytest.raises(ScoringError, match="barème"):
        gap_note("maternity_leaves", 0)


# --- No Django needed ---------------------------------------------------------


def test_scoring_imports_and_runs_without_django_settings():
    code = (
        "import sys\n"
        "import equality_index.scoring as scoring\n"
        "scores = scoring.score_results({\n"
        "    'workforce_range': '50:250',\n"
        "    'remunerations': {'computable': True, 'result': 6.1,"
        " 'favorable_population': 'men'},\n"
        "    'salary_raises_and_promotions': {'computable': True, 'result': 4.6,"
        " 'employees_count_result': 1.7, 'favorable_population': 'women'},\n"
        "    'maternity_leaves': {'computable': False, 'reason': 'absrcm'},\n"
        "    'high_remunerations': {'result': 4, 'favorable_population': 'men'},\n"
        "})\n"
        "print(scores['index'], 'django' in sys.modules)\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    # 33 + 35 (corrected) + 10 = 78 out of 85 -> 91.76... -> 92
    assert completed.stdout.split() == ["92", "False"]
