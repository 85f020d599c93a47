"""Tests of the index computed from the workforce tables (equality_index/simulation.py).

Every expected value was worked out by hand from the rules of the scoring spec
(index-egalite-scoring.md, §7 to §10) and the simulation spec; the arithmetic
is in the comments. Nothing expected is computed with the module under test.
The property tests at the end compare ``simulate`` with ``score_results`` and
with a plain re-reading of §7.
"""

import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equality_index.scoring import MAX_POINTS, WORKFORCE_RANGES, ScoringError, score_results
from equality_index.simulation import (
    AGE_BANDS,
    CATEGORIES,
    PAY_MODES,
    EmployeeRow,
    RowErrors,
    pay_transparency,
    simulate,
    tables_from_employees,
    workforce_range_for,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# --- Building tables ---------------------------------------------------------------


def workforce_table(cells):
    """Every CSP x age band cell at 0 except ``cells``: {(category, band): (women, men)}."""
    return {
        category: {
            band: dict(zip(("women", "men"), cells.get((category, band), (0, 0)), strict=True))
            for band in AGE_BANDS
        }
        for category in CATEGORIES
    }


def pay_group(category, age_band, women_pay, men_pay, **counts):
    return {
        "category": category,
        "age_band": age_band,
        "women_pay": women_pay,
        "men_pay": men_pay,
        **counts,
    }


def rates_table(rates, any_given=True):
    """{category: (women %, men %)} for indicators 2 and 3."""
    return {
        "any": any_given,
        "rates": {category: {"women": w, "men": m} for category, (w, m) in rates.items()},
    }


EQUAL_PAY = [pay_group("ouv", "-29", 30000, 30000)]
TEN_AND_TEN = {("ouv", "-29"): (10, 10)}


def small_company(
    cells=None,
    groups=None,
    mode="csp",
    raises=None,
    maternity=None,
    top=None,
):
    """Tables of a company of 50 to 250 employees; every indicator at its maximum by default."""
    return {
        "workforce_range": "50:250",
        "workforce": workforce_table(cells or TEN_AND_TEN),
        "pay": {"mode": mode, "groups": EQUAL_PAY if groups is None else groups},
        "salary_raises_and_promotions": raises or {"any": True, "women_raised": 5, "men_raised": 5},
        "maternity_leaves": maternity or {"returned": 2, "raised": 2},
        "high_remunerations": top or {"women": 5, "men": 5},
    }


def large_company(
    workforce_range="251:999",
    cells=None,
    groups=None,
    salary_raises=None,
    promotions=None,
    maternity=None,
    top=None,
):
    """Tables of a company of more than 250 employees; maximum by default."""
    return {
        "workforce_range": workforce_range,
        "workforce": workforce_table(cells or TEN_AND_TEN),
        "pay": {"mode": "csp", "groups": EQUAL_PAY if groups is None else groups},
        "salary_raises": salary_raises or rates_table({"ouv": (10, 10)}),
        "promotions": promotions or rates_table({"ouv": (5, 5)}),
        "maternity_leaves": maternity or {"returned": 2, "raised": 2},
        "high_remunerations": top or {"women": 5, "men": 5},
    }


def one_group_pay(women_pay, men_pay, mode="csp", women=10, men=10):
    """Indicator 1 of a company whose only employees form one group."""
    if mode == "csp":
        tables = small_company(
            cells={("ouv", "-29"): (women, men)},
            groups=[pay_group("ouv", "-29", women_pay, men_pay)],
            raises={"any": True, "women_raised": 1, "men_raised": 1},
        )
    else:
        tables = small_company(
            groups=[
                pay_group("Niveau A", "-29", women_pay, men_pay, women_count=women, men_count=men)
            ],
            mode=mode,
        )
    return simulate(tables)["remunerations"]


def group_of(output, category, age_band):
    return next(
        group
        for group in output["groups"]
        if group["category"] == category and group["age_band"] == age_band
    )


# --- Indicator 1: group validity (§7.1) ------------------------------------------------


def test_a_group_of_exactly_3_women_and_3_men_is_valid():
    # 100 000 / 90 000: gap 10 %, minus the 5 % threshold -> 5.0 -> 35 points.
    remunerations = one_group_pay(90000, 100000, women=3, men=3)
    group = group_of(remunerations, "ouv", "-29")
    assert group["valid"] is True
    assert group["reason"] is None
    assert remunerations["computable"] is True
    assert remunerations["result"] == Decimal("5.0")
    assert remunerations["score"] == 35


@pytest.mark.parametrize(
    ("women", "men", "reason"),
    [
        (2, 3, "moins de 3 femmes"),
        (3, 2, "moins de 3 hommes"),
        (2, 2, "moins de 3 femmes et moins de 3 hommes"),
    ],
)
def test_a_group_with_2_of_one_sex_does_not_count(women, men, reason):
    # The small group has a 50 % gap but does not count; the valid group
    # (10 + 10) is paid equally -> 0 -> 40 points. It holds 20 of 24 or 25
    # employees, over 40 %.
    tables = small_company(
        cells={("ouv", "-29"): (10, 10), ("emp", "30-39"): (women, men)},
        groups=[
            pay_group("ouv", "-29", 30000, 30000),
            pay_group("emp", "30-39", 15000, 30000),
        ],
    )
    remunerations = simulate(tables)["remunerations"]
    group = group_of(remunerations, "emp", "30-39")
    assert group["valid"] is False
    assert group["reason"] == reason
    assert group["gap"] is None
    assert group["weight"] is None
    assert remunerations["result"] == Decimal("0.0")
    assert remunerations["score"] == 40


def test_every_csp_and_age_band_is_listed_as_a_group():
    remunerations = simulate(small_company())["remunerations"]
    assert [(g["category"], g["age_band"]) for g in remunerations["groups"]] == [
        (category, band) for category in CATEGORIES for band in AGE_BANDS
    ]
    assert remunerations["headcount"] == 20
    assert remunerations["valid_headcount"] == 20


# --- Indicator 1: the 40 % rule (§3, §7.3) ------------------------------------------


def forty_percent_case(valid_women, valid_men, other_women):
    # A valid group, and women alone in another cell (never valid).
    return small_company(
        cells={("ouv", "-29"): (valid_women, valid_men), ("emp", "-29"): (other_women, 0)},
        groups=[pay_group("ouv", "-29", 30000, 30000)],
        raises={"any": True, "women_raised": 1, "men_raised": 1},
    )


def test_valid_groups_holding_40_out_of_100_employees_are_computable():
    # 20 + 20 = 40 valid out of 40 + 60 = 100: exactly 40 %.
    result = simulate(forty_percent_case(20, 20, 60))
    assert result["remunerations"]["computable"] is True
    assert result["remunerations"]["valid_headcount"] == 40
    assert result["remunerations"]["headcount"] == 100


def test_valid_groups_holding_39_out_of_100_employees_are_not_computable():
    # 20 + 19 = 39 valid out of 39 + 61 = 100: 39 % < 40 %.
    result = simulate(forty_percent_case(20, 19, 61))
    remunerations = result["remunerations"]
    assert remunerations["computable"] is False
    assert remunerations["reason"] == "egvi40pcet"
    assert remunerations["result"] is None
    assert remunerations["score"] is None
    assert result["declaration"]["remunerations"] == {"computable": False, "reason": "egvi40pcet"}
    # Without indicator 1: 35 + 15 + 10 = 60 computable points < 75: no index.
    assert result["computable_points"] == 60
    assert result["index"] is None


# --- Indicator 1: pertinence thresholds, gap towards zero (§7.5) ------------------------


@pytest.mark.parametrize(
    ("women_pay", "men_pay", "result", "score", "favorable"),
    [
        # (100 000 - 95 000) / 100 000 = 5 %, minus 5 -> 0: equality.
        (95000, 100000, "0.0", 40, None),
        # 5.04 % - 5 = 0.04 -> rounds to 0.0: equality.
        (94960, 100000, "0.0", 40, None),
        # 5.05 % - 5 = 0.05 -> rounds half up to 0.1 -> 39, men favoured.
        (94950, 100000, "0.1", 39, "men"),
        # 3 % is below the threshold: max(3 - 5, 0) = 0.
        (97000, 100000, "0.0", 40, None),
        # Women paid 3 % more: -3 + 5 = 2 > 0, so the gap stops at 0.
        (103000, 100000, "0.0", 40, None),
        # Women paid 10 % more: -10 + 5 = -5 -> 5.0 -> 35, women favoured.
        (110000, 100000, "5.0", 35, "women"),
        # The spec's worked examples: 10 % -> 5.0 -> 35; 10.05 % -> 5.05 -> 5.1 -> 34.
        (90000, 100000, "5.0", 35, "men"),
        (89950, 100000, "5.1", 34, "men"),
    ],
)
def test_csp_mode_pulls_the_gap_5_points_towards_zero(women_pay, men_pay, result, score, favorable):
    remunerations = one_group_pay(women_pay, men_pay)
    assert remunerations["result"] == Decimal(result)
    assert remunerations["score"] == score
    assert remunerations["favorable_population"] == favorable


@pytest.mark.parametrize("mode", ["branch_levels", "other_levels"])
@pytest.mark.parametrize(
    ("women_pay", "result", "score", "favorable"),
    [
        # The spec's example: 98 000 / 100 000 = 2 %, minus 2 -> 0: equality, 40.
        (98000, "0.0", 40, None),
        # 2.05 % - 2 = 0.05 -> 0.1 -> 39.
        (97950, "0.1", 39, "men"),
        # 5 % - 2 = 3.0 -> 37 (the CSP threshold would give 40).
        (95000, "3.0", 37, "men"),
        # Women paid 1 % more: -1 + 2 = 1 > 0 -> stops at 0.
        (101000, "0.0", 40, None),
    ],
)
def test_level_modes_pull_the_gap_2_points_towards_zero(mode, women_pay, result, score, favorable):
    remunerations = one_group_pay(women_pay, 100000, mode=mode)
    assert remunerations["result"] == Decimal(result)
    assert remunerations["score"] == score
    assert remunerations["favorable_population"] == favorable
    assert remunerations["threshold"] == 2


def test_group_gaps_before_and_after_the_threshold_are_reported():
    # 100 000 / 88 000: gap 12 %, adjusted 12 - 5 = 7, one group so weight 1.
    group = group_of(one_group_pay(88000, 100000), "ouv", "-29")
    assert group["gap"] == 12
    assert group["adjusted_gap"] == 7
    assert group["weight"] == 1


def test_groups_are_weighted_by_their_head_count():
    # ouv/-29: 9 + 9 = 18 employees, gap (100 000 - 85 000) / 100 000 = 15 % -> 10.
    # emp/-29: 3 + 3 = 6, women paid more: (100 000 - 109 000) / 100 000 = -9 % -> -4.
    # tam/50+: 2 women, 0 men, not valid: in the head count (26), not in the weights.
    # Weights 18/24 = 0.75 and 6/24 = 0.25: 10 x 0.75 - 4 x 0.25 = 7.5 - 1 = 6.5.
    # 6.5 -> ceil 7 -> 33 points, men favoured.
    tables = small_company(
        cells={("ouv", "-29"): (9, 9), ("emp", "-29"): (3, 3), ("tam", "50+"): (2, 0)},
        groups=[
            pay_group("ouv", "-29", 85000, 100000),
            pay_group("emp", "-29", 109000, 100000),
        ],
    )
    remunerations = simulate(tables)["remunerations"]
    assert (remunerations["headcount"], remunerations["valid_headcount"]) == (26, 24)
    assert remunerations["result"] == Decimal("6.5")
    assert remunerations["score"] == 33
    assert remunerations["favorable_population"] == "men"
    ouv, emp = group_of(remunerations, "ouv", "-29"), group_of(remunerations, "emp", "-29")
    assert (ouv["gap"], ouv["adjusted_gap"], ouv["weight"]) == (15, 10, Decimal("0.75"))
    assert (emp["gap"], emp["adjusted_gap"], emp["weight"]) == (-9, -4, Decimal("0.25"))


def test_a_valid_group_without_pay_counts_with_a_gap_of_zero():
    # No entry for the only group: gap 0 (as the Ministry's code), 40 points.
    tables = small_company(groups=[])
    remunerations = simulate(tables)["remunerations"]
    group = group_of(remunerations, "ouv", "-29")
    assert group["valid"] is True
    assert group["gap"] == 0
    assert "manquante" in group["reason"]
    assert remunerations["score"] == 40


def test_a_group_whose_men_are_paid_nothing_counts_with_a_gap_of_zero():
    # (0 - 30 000) / 0 is not finite: 0, as the Ministry's code does (§7.4).
    assert one_group_pay(30000, 0)["result"] == Decimal("0.0")


def test_pay_given_with_a_french_decimal_comma():
    # "89 950,00" / "100 000,00": 10.05 % -> 5.05 -> 5.1 -> 34, as with numbers.
    remunerations = one_group_pay("89 950,00", "100000,00")
    assert remunerations["result"] == Decimal("5.1")
    assert remunerations["score"] == 34


def test_pay_given_as_exact_fractions_or_their_strings():
    # Means of three pays: women 269 850 / 3, men 300 000 / 3: exactly 10.05 % -> 34.
    assert one_group_pay(Fraction(269850, 3), Fraction(300000, 3))["score"] == 34
    assert one_group_pay("269850/3", "300000/3")["score"] == 34


def test_pay_given_as_floats_is_read_through_its_decimal_form():
    # 89 950.0 and 100 000.0 as floats: still 10.05 % exactly -> 34 (§11.4).
    assert one_group_pay(89950.0, 100000.0)["score"] == 34


def test_level_groups_carry_their_own_head_counts():
    # Level A: 4 + 4 with a 10 % gap (8 after the 2 % threshold); level B:
    # 12 + 12 paid equally. Weights 8/32 and 24/32: 8 x 0.25 = 2.0 -> 38.
    tables = small_company(
        mode="other_levels",
        groups=[
            pay_group("A", "30-39", 45000, 50000, women_count=4, men_count=4),
            pay_group("B", "50+", 60000, 60000, women_count=12, men_count=12),
        ],
    )
    remunerations = simulate(tables)["remunerations"]
    assert remunerations["headcount"] == 32
    assert remunerations["result"] == Decimal("2.0")
    assert remunerations["score"] == 38
    assert [g["category"] for g in remunerations["groups"]] == ["A", "B"]


# --- Indicators 2 and 3 (§8) -------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["salary_raises", "promotions"])
def test_a_csp_of_10_women_and_10_men_counts_for_raises_and_promotions(indicator):
    # ouv: 5 + 5 under 30 and 5 + 5 aged 30-39, summed: 10 women, 10 men.
    # Men 20 %, women 10 %: gap 10 points, weight 1 -> 10.0 -> 5 points.
    tables = large_company(
        cells={("ouv", "-29"): (5, 5), ("ouv", "30-39"): (5, 5)},
        groups=[pay_group("ouv", "-29", 30000, 30000), pay_group("ouv", "30-39", 30000, 30000)],
        **{indicator: rates_table({"ouv": (10, 20)})},
    )
    output = simulate(tables)[indicator]
    ouv = output["groups"][0]
    assert (ouv["category"], ouv["women_count"], ouv["men_count"]) == ("ouv", 10, 10)
    assert ouv["valid"] is True
    assert output["computable"] is True
    assert output["result"] == Decimal("10.0")
    assert output["favorable_population"] == "men"
    assert output["score"] == 5


@pytest.mark.parametrize("indicator", ["salary_raises", "promotions"])
def test_a_csp_of_9_women_does_not_count_for_raises_and_promotions(indicator):
    # 9 women: the only CSP is not valid, 0 out of 19 employees: not computable.
    tables = large_company(
        cells={("ouv", "-29"): (9, 10)},
        **{indicator: rates_table({"ouv": (10, 20)})},
    )
    output = simulate(tables)[indicator]
    assert output["groups"][0]["valid"] is False
    assert output["groups"][0]["reason"] == "moins de 10 femmes"
    assert output["computable"] is False
    assert output["reason"] == "egvi40pcet"
    assert output["score"] is None


def test_raises_are_weighted_by_csp_head_counts():
    # ouv 10 + 10, gap 4 points; emp 15 + 15, gap -1 point.
    # (4 x 20 + (-1) x 30) / 50 = (80 - 30) / 50 = 1.0 -> 20 points (r <= 2).
    tables = large_company(
        cells={("ouv", "-29"): (10, 10), ("emp", "40-49"): (15, 15)},
        groups=[pay_group("ouv", "-29", 30000, 30000), pay_group("emp", "40-49", 30000, 30000)],
        salary_raises=rates_table({"ouv": (10, 14), "emp": (16, 15)}),
        promotions=rates_table({"ouv": (0, 0), "emp": (0, 0)}),
    )
    output = simulate(tables)["salary_raises"]
    assert output["result"] == Decimal("1.0")
    assert output["score"] == 20
    ouv, emp = output["groups"][0], output["groups"][1]
    assert (ouv["gap"], ouv["weight"]) == (4, Decimal("0.4"))
    assert (emp["gap"], emp["weight"]) == (-1, Decimal("0.6"))


@pytest.mark.parametrize(
    ("other_women", "computable"),
    [
        # 20 valid out of 20 + 30 = 50: 40 %, computable.
        (30, True),
        # 20 valid out of 20 + 31 = 51: 39.2 %, not computable.
        (31, False),
    ],
)
def test_raises_need_valid_csps_holding_40_percent_of_the_workforce(other_women, computable):
    tables = large_company(
        cells={("ouv", "-29"): (10, 10), ("tam", "-29"): (other_women, 0)},
        salary_raises=rates_table({"ouv": (10, 10)}),
    )
    output = simulate(tables)["salary_raises"]
    assert output["computable"] is computable
    assert output["reason"] == (None if computable else "egvi40pcet")


@pytest.mark.parametrize(
    ("indicator", "reason"), [("salary_raises", "absaugi"), ("promotions", "absprom")]
)
def test_no_raise_or_no_promotion_makes_the_indicator_not_computable(indicator, reason):
    result = simulate(large_company(**{indicator: {"any": False}}))
    assert result[indicator]["computable"] is False
    assert result[indicator]["reason"] == reason
    assert result["declaration"][indicator] == {"computable": False, "reason": reason}
    # 100 - 20 (raises) = 80, or 100 - 15 (promotions) = 85 computable points.
    assert result["computable_points"] == 100 - MAX_POINTS[indicator]
    assert result["index"] == 100


def test_rates_with_a_french_decimal_comma():
    # Men "12,5" %, women "10" %: gap 2.5 points -> 10 points.
    tables = large_company(salary_raises=rates_table({"ouv": ("10", "12,5")}))
    output = simulate(tables)["salary_raises"]
    assert output["result"] == Decimal("2.5")
    assert output["score"] == 10


# --- The correction rule (§4) --------------------------------------------------------------


def large_company_with_pay_favouring_men(salary_raises, promotions):
    # Indicator 1: 100 000 / 90 000 -> 5.0 -> 35 points, men favoured.
    return large_company(
        groups=[pay_group("ouv", "-29", 90000, 100000)],
        salary_raises=salary_raises,
        promotions=promotions,
    )


def test_a_raises_gap_favouring_the_less_paid_sex_gets_the_maximum():
    # Raises: women 20 %, men 10 %: -10 points -> 10.0 -> 5 points, women
    # favoured while men are better paid -> 20. Promotions: women 15 %, men 5 %
    # -> 10.0 -> 5 points, corrected to 15.
    result = simulate(
        large_company_with_pay_favouring_men(
            rates_table({"ouv": (20, 10)}), rates_table({"ouv": (15, 5)})
        )
    )
    for indicator, maximum in (("salary_raises", 20), ("promotions", 15)):
        assert result[indicator]["result"] == Decimal("10.0")
        assert result[indicator]["favorable_population"] == "women"
        assert result[indicator]["compensated"] is True
        assert result[indicator]["score"] == maximum
    # 35 + 20 + 15 + 15 + 10 = 95.
    assert result["points"] == 95


def test_a_raises_gap_favouring_the_better_paid_sex_is_not_corrected():
    # Raises favour men as pay does: 10.0 -> 5 points, no correction.
    result = simulate(
        large_company_with_pay_favouring_men(
            rates_table({"ouv": (10, 20)}), rates_table({"ouv": (5, 5)})
        )
    )
    assert result["salary_raises"]["compensated"] is False
    assert result["salary_raises"]["score"] == 5


def test_no_correction_when_pay_shows_no_gap():
    # Pay equal (40 points): raises favouring women keep their own note, 5.
    result = simulate(large_company(salary_raises=rates_table({"ouv": (20, 10)})))
    assert result["remunerations"]["score"] == 40
    assert result["salary_raises"]["compensated"] is False
    assert result["salary_raises"]["score"] == 5


def test_no_correction_when_pay_is_not_computable():
    # ouv: 10 women and 2 men under 30, 8 men aged 30-39. For rates the CSP
    # counts (10 + 10), but neither pay group has 3 of each: indicator 1 is not
    # computable, and the raises gap favouring women keeps its note (10.0 -> 5).
    tables = large_company(
        cells={("ouv", "-29"): (10, 2), ("ouv", "30-39"): (0, 8)},
        salary_raises=rates_table({"ouv": (20, 10)}),
    )
    result = simulate(tables)
    assert result["remunerations"]["computable"] is False
    assert result["salary_raises"]["computable"] is True
    assert result["salary_raises"]["favorable_population"] == "women"
    assert result["salary_raises"]["compensated"] is False
    assert result["salary_raises"]["score"] == 5


# --- Indicator 2et3 (§9) -------------------------------------------------------------------


def test_raises_and_promotions_the_spec_example_w30_m28():
    # 5/28 - 2/30 = 0.178571... - 0.066666... = 0.111904...
    # In % points: 11.19 -> 11.2 -> 0 points. In employees: 0.111904 x min(30, 28)
    # = 3.133 -> 3.1 -> 25 points. The better of the two: 25.
    tables = small_company(
        cells={("ouv", "-29"): (30, 28)},
        raises={"any": True, "women_raised": 2, "men_raised": 5},
    )
    output = simulate(tables)["salary_raises_and_promotions"]
    assert output["result"] == Decimal("11.2")
    assert output["employees_count_result"] == Decimal("3.1")
    assert output["favorable_population"] == "men"
    assert output["score"] == 25
    assert output["compensated"] is False


def test_raises_and_promotions_favouring_the_less_paid_sex_gets_35():
    # Pay: women 110 000, men 100 000: -10 % -> -5 -> 5.0 -> 35, women favoured.
    # Raises: 5/28 men vs 2/30 women favour men -> note 25 corrected to 35.
    tables = small_company(
        cells={("ouv", "-29"): (30, 28)},
        groups=[pay_group("ouv", "-29", 110000, 100000)],
        raises={"any": True, "women_raised": 2, "men_raised": 5},
    )
    output = simulate(tables)["salary_raises_and_promotions"]
    assert output["compensated"] is True
    assert output["score"] == 35


@pytest.mark.parametrize(
    ("women", "men", "computable"),
    [(5, 5, True), (4, 10, False), (10, 4, False)],
)
def test_raises_and_promotions_need_5_women_and_5_men(women, men, computable):
    # The pay group needs 3 + 3; raises 1 woman and 1 man.
    tables = small_company(
        cells={("ouv", "-29"): (women, men)},
        raises={"any": True, "women_raised": 1, "men_raised": 1},
    )
    output = simulate(tables)["salary_raises_and_promotions"]
    assert output["computable"] is computable
    assert output["reason"] == (None if computable else "etsno5f5h")


def test_raises_and_promotions_without_any_raise_are_not_computable():
    result = simulate(small_company(raises={"any": False}))
    output = result["salary_raises_and_promotions"]
    assert output["computable"] is False
    assert output["reason"] == "absaugi"
    assert result["declaration"]["salary_raises_and_promotions"] == {
        "computable": False,
        "reason": "absaugi",
    }
    # 100 - 35 = 65 computable points < 75: no index.
    assert result["computable_points"] == 65
    assert result["index"] is None


def test_raises_and_promotions_gap_of_zero_favours_nobody():
    output = simulate(small_company())["salary_raises_and_promotions"]
    assert output["result"] == Decimal("0.0")
    assert output["employees_count_result"] == Decimal("0.0")
    assert output["favorable_population"] is None
    assert output["score"] == 35


# --- Indicators 4 and 5 (§10) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "raised", "result", "score"),
    [
        (3, 3, "100.00", 15),
        # 2 / 3 = 66.666...%, rounded down to 66.66 -> 0.
        (3, 2, "66.66", 0),
        # 9 999 / 10 000 = 99.99 %: not every woman -> 0.
        (10000, 9999, "99.99", 0),
        # 99 999 / 100 000 = 99.999 %, rounded down so that it stays below 100.
        (100000, 99999, "99.99", 0),
    ],
)
def test_maternity_leaves_give_15_only_when_every_woman_was_raised(returned, raised, result, score):
    output = simulate(small_company(maternity={"returned": returned, "raised": raised}))
    assert output["maternity_leaves"]["result"] == Decimal(result)
    assert output["maternity_leaves"]["score"] == score


def test_no_return_from_maternity_leave_is_not_computable():
    result = simulate(small_company(maternity={"returned": 0, "raised": 0}))
    assert result["maternity_leaves"]["computable"] is False
    assert result["maternity_leaves"]["reason"] == "absrcm"
    assert result["declaration"]["maternity_leaves"] == {"computable": False, "reason": "absrcm"}
    # 40 + 35 + 10 = 85 points out of 85: index 100.
    assert (result["points"], result["computable_points"], result["index"]) == (85, 85, 100)


@pytest.mark.parametrize(
    ("women", "men", "result", "favorable", "score"),
    [(5, 5, 5, None, 10), (4, 6, 4, "men", 10), (7, 3, 3, "women", 5), (1, 9, 1, "men", 0)],
)
def test_high_remunerations_count_the_under_represented_sex(women, men, result, favorable, score):
    output = simulate(small_company(top={"women": women, "men": men}))["high_remunerations"]
    assert (output["result"], output["favorable_population"], output["score"]) == (
        result,
        favorable,
        score,
    )


@pytest.mark.parametrize(("women", "men"), [(4, 5), (6, 6), (0, 0)])
def test_high_remunerations_must_count_10_employees(women, men):
    with pytest.raises(ScoringError, match="10 salariés"):
        simulate(small_company(top={"women": women, "men": men}))


# --- Whole index -------------------------------------------------------------------------------


def test_a_small_company_index_from_its_tables():
    # Pay: ouv/-29 10 + 10, 100 000 / 88 000: 12 % -> 7; emp/30-39 5 + 5 equal: 0.
    #   7 x 20/30 = 4.666... -> 4.7 -> 35 points, men favoured.
    # 2et3: 3/15 men - 6/15 women = -0.2: 20.0 points of % -> 0 points; employees
    #   0.2 x 15 = 3.0 -> 25 points; women favoured against men's pay -> 35.
    # Maternity: 1 raised of 2 -> 50 % -> 0. Top 10: 3 women -> 5.
    # 35 + 35 + 0 + 5 = 75 of 100 -> 75: progression objectives, no corrective measures.
    tables = small_company(
        cells={("ouv", "-29"): (10, 10), ("emp", "30-39"): (5, 5)},
        groups=[
            pay_group("ouv", "-29", 88000, 100000),
            pay_group("emp", "30-39", 50000, 50000),
        ],
        raises={"any": True, "women_raised": 6, "men_raised": 3},
        maternity={"returned": 2, "raised": 1},
        top={"women": 3, "men": 7},
    )
    result = simulate(tables)
    assert result["remunerations"]["result"] == Decimal("4.7")
    assert result["remunerations"]["score"] == 35
    raises = result["salary_raises_and_promotions"]
    assert (raises["result"], raises["employees_count_result"]) == (Decimal("20.0"), Decimal("3.0"))
    assert raises["favorable_population"] == "women"
    assert raises["compensated"] is True
    assert raises["score"] == 35
    assert result["maternity_leaves"]["score"] == 0
    assert result["high_remunerations"]["score"] == 5
    assert (result["points"], result["computable_points"], result["index"]) == (75, 100, 75)
    assert result["progression_objectives_required"] is True
    assert result["corrective_measures_required"] is False


@pytest.mark.parametrize("workforce_range", ["251:999", "1000:"])
def test_a_large_company_index_from_its_tables(workforce_range):
    # Workforce: ouv 10 + 10 (-29) and 5 + 5 (30-39); emp 10 + 10 (-29); tam 3 + 3.
    # Pay: only emp/-29 has a gap: women 33 000, men 30 000: -10 % -> -5;
    #   weight 20/56: -100/56 = -1.7857 -> 1.8 -> 38 points, women favoured.
    # Raises: ouv (15 + 15) men 20 % women 10 %: +10 x 30/50 = 6.0; emp (10 + 10)
    #   15 % each: 0. 6.0 -> 5 points, men favoured against women's pay -> 20.
    #   tam (3 + 3) is not valid for rates: 50 of 56 employees, over 40 %.
    # Promotions: ouv men 5 % women 15 %: -10 x 30/50 = -6.0; emp 10 % each.
    #   6.0 -> 5 points, women favoured as in pay: stays 5.
    # Maternity 1 of 1 -> 15. Top 10: 5 + 5 -> 10.
    # 38 + 20 + 5 + 15 + 10 = 88 out of 100.
    tables = large_company(
        workforce_range,
        cells={
            ("ouv", "-29"): (10, 10),
            ("ouv", "30-39"): (5, 5),
            ("emp", "-29"): (10, 10),
            ("tam", "-29"): (3, 3),
        },
        groups=[
            pay_group("ouv", "-29", 100000, 100000),
            pay_group("ouv", "30-39", 40000, 40000),
            pay_group("emp", "-29", 33000, 30000),
            pay_group("tam", "-29", 50000, 50000),
        ],
        salary_raises=rates_table({"ouv": (10, 20), "emp": (15, 15)}),
        promotions=rates_table({"ouv": (15, 5), "emp": (10, 10)}),
        maternity={"returned": 1, "raised": 1},
    )
    result = simulate(tables)
    assert result["remunerations"]["result"] == Decimal("1.8")
    assert result["remunerations"]["favorable_population"] == "women"
    assert result["remunerations"]["score"] == 38
    assert result["salary_raises"]["result"] == Decimal("6.0")
    assert result["salary_raises"]["score"] == 20
    assert result["promotions"]["result"] == Decimal("6.0")
    assert result["promotions"]["compensated"] is False
    assert result["promotions"]["score"] == 5
    assert (result["points"], result["computable_points"], result["index"]) == (88, 100, 88)
    assert "salary_raises_and_promotions" not in result


def test_the_declaration_is_what_score_results_takes():
    result = simulate(small_company())
    assert result["declaration"] == {
        "workforce_range": "50:250",
        "remunerations": {
            "computable": True,
            "result": Decimal("0.0"),
            "favorable_population": None,
        },
        "salary_raises_and_promotions": {
            "computable": True,
            "result": Decimal("0.0"),
            "employees_count_result": Decimal("0.0"),
            "favorable_population": None,
        },
        "maternity_leaves": {"computable": True, "result": Decimal("100.00")},
        "high_remunerations": {"computable": True, "result": 5, "favorable_population": None},
    }
    assert score_results(result["declaration"])["index"] == 100


# --- Invalid tables ---------------------------------------------------------------------------


def without(tables, key):
    return {name: value for name, value in tables.items() if name != key}


def with_cell(tables, category, band, cell):
    workforce = json.loads(json.dumps(tables["workforce"]))
    workforce[category][band] = cell
    return {**tables, "workforce": workforce}


INVALID_TABLES = [
    pytest.param(
        without(large_company(), "promotions"),
        ["promotions", "obligatoire", "251 à 999 salariés"],
        id="missing-indicator",
    ),
    pytest.param(
        without(small_company(), "maternity_leaves"),
        ["maternity_leaves", "obligatoire"],
        id="missing-maternity",
    ),
    pytest.param(
        {**small_company(), "salary_raises": rates_table({"ouv": (1, 1)})},
        ["salary_raises", "ne s'applique pas"],
        id="indicator-of-the-other-range",
    ),
    pytest.param(
        {**small_company(), "workforce_range": "10:49"},
        ["Tranche d'effectifs", "10:49"],
        id="unknown-range",
    ),
    pytest.param(without(small_company(), "workforce"), ["effectifs"], id="missing-workforce"),
    pytest.param(
        with_cell(small_company(), "ouv", "30-39", {"women": -1, "men": 0}),
        ["Effectifs ouv / 30-39", "femmes", "entier positif"],
        id="negative-count",
    ),
    pytest.param(
        with_cell(small_company(), "emp", "50+", {"women": "2,5", "men": 0}),
        ["Effectifs emp / 50+", "entier"],
        id="fractional-count",
    ),
    pytest.param(
        with_cell(small_company(), "tam", "40-49", {"women": 0}),
        ["Effectifs tam / 40-49", "hommes", "manquant"],
        id="missing-count",
    ),
    pytest.param(
        small_company(groups=[pay_group("ouv", "-29", "trente mille", 30000)]),
        ["Groupe ouv / -29", "rémunération moyenne des femmes", "nombre"],
        id="pay-not-a-number",
    ),
    pytest.param(
        small_company(groups=[pay_group("ouv", "-29", -1, 30000)]),
        ["Groupe ouv / -29", "négatif"],
        id="negative-pay",
    ),
    pytest.param(
        small_company(groups=[pay_group("cadres", "-29", 1, 1)]),
        ["groupe n° 1", "cadres"],
        id="unknown-category",
    ),
    pytest.param(
        small_company(groups=[pay_group("ouv", "25-35", 1, 1)]),
        ["groupe n° 1", "tranche d'âge"],
        id="unknown-age-band",
    ),
    pytest.param(
        small_company(groups=[pay_group("ouv", "-29", 1, 1), pay_group("ouv", "-29", 1, 1)]),
        ["Groupe ouv / -29", "deux fois"],
        id="duplicate-group",
    ),
    pytest.param(
        small_company(groups=[pay_group("ouv", "-29", 1, 1, women_count=10, men_count=10)]),
        ["champ inconnu", "_count »"],
        id="counts-in-csp-mode",
    ),
    pytest.param(
        small_company(mode="other_levels", groups=[pay_group("A", "-29", 1, 1, women_count=3)]),
        ["Groupe A / -29", "hommes", "manquant"],
        id="level-without-men-count",
    ),
    pytest.param(
        small_company(mode="coefficients"), ["mode de calcul", "coefficients"], id="unknown-mode"
    ),
    pytest.param(
        large_company(salary_raises=rates_table({"ouv": (10, 101)})),
        ["catégorie ouv", "taux des hommes", "100"],
        id="rate-over-100",
    ),
    pytest.param(
        large_company(salary_raises=rates_table({"ouv": (10, None)})),
        ["catégorie ouv", "taux des hommes", "manquant"],
        id="rate-missing-in-a-valid-csp",
    ),
    pytest.param(
        large_company(promotions=rates_table({"ouv": (10, 10)}, any_given=False)),
        ["catégorie ouv", "« any »"],
        id="rates-without-any",
    ),
    pytest.param(
        small_company(raises={"any": True, "women_raised": 11, "men_raised": 0}),
        ["femmes augmentées", "dépasse", "(10)"],
        id="more-raised-than-employed",
    ),
    pytest.param(
        small_company(raises={"any": True, "women_raised": 0, "men_raised": 0}),
        ["aucun salarié augmenté"],
        id="any-without-raise",
    ),
    pytest.param(
        small_company(raises={"any": "oui", "women_raised": 1, "men_raised": 1}),
        ["« any »", "true ou false"],
        id="any-not-a-boolean",
    ),
    pytest.param(
        small_company(maternity={"returned": 2, "raised": 3}),
        ["plus de salariées augmentées (3) que de retours (2)"],
        id="more-raised-than-returned",
    ),
    pytest.param(
        {**small_company(), "effectifs": {}}, ["tableau inconnu", "effectifs"], id="unknown-table"
    ),
]


@pytest.mark.parametrize(("tables", "french_words"), INVALID_TABLES)
def test_invalid_tables_raise_a_french_error_naming_what_is_wrong(tables, french_words):
    with pytest.raises(ScoringError) as raised:
        simulate(tables)
    for words in french_words:
        assert words in str(raised.value)


def test_simulate_does_not_modify_its_tables():
    tables = small_company()
    copy = json.loads(json.dumps(tables))
    simulate(tables)
    assert tables == copy


# --- tables_from_employees ----------------------------------------------------------------------


def employee(sexe="F", csp="ouv", age=35, etp=30000, **columns):
    """One row of the employee file, as strings, with the spec's column names."""
    row = {
        "sexe": sexe,
        "csp": csp,
        "age": str(age),
        "remuneration_annuelle_brute_etp": str(etp),
        "remuneration_annuelle_brute": str(columns.pop("brut", etp)),
        "augmentation": columns.pop("augmentation", "non"),
        "promotion": columns.pop("promotion", "non"),
        "retour_conge_maternite": columns.pop("retour", "non"),
        "augmentation_au_retour": columns.pop("augmentation_au_retour", ""),
    }
    row.update(columns)
    return row


def test_employees_are_aggregated_into_the_tables():
    rows = [
        employee("F", "ouv", 25, 30000, augmentation="oui"),
        employee("F", "ouv", 29, 31000),
        employee("F", "ouv", 30, 32000, promotion="oui"),
        employee("H", "ouv", 28, 33000, augmentation="oui"),
        employee("H", "ouv", 29, 35000),
        employee("H", "ic", 50, 70000, augmentation="oui", promotion="oui"),
    ]
    tables = tables_from_employees(rows)
    assert tables["workforce_range"] == "50:250"
    assert tables["workforce"] == workforce_table(
        {("ouv", "-29"): (2, 2), ("ouv", "30-39"): (1, 0), ("ic", "50+"): (0, 1)}
    )
    # Means: women (30 000 + 31 000) / 2 = 30 500, men (33 000 + 35 000) / 2 = 34 000.
    assert tables["pay"] == {
        "mode": "csp",
        "groups": [
            pay_group("ouv", "-29", 30500, 34000),
            pay_group("ouv", "30-39", 32000, None),
            pay_group("ic", "50+", None, 70000),
        ],
    }
    # A raise or a promotion: women rows 1 and 3, men rows 4 and 6 (both, counted once).
    assert tables["salary_raises_and_promotions"] == {
        "any": True,
        "women_raised": 2,
        "men_raised": 2,
    }
    assert tables["maternity_leaves"] == {"returned": 0, "raised": 0}
    assert tables["high_remunerations"] == {"women": 3, "men": 3}


def test_group_pay_means_are_exact():
    # (100 000 + 100 000 + 100 001) / 3 = 300 001 / 3, which has no finite decimal form.
    rows = [employee("F", etp=pay) for pay in (100000, 100000, 100001)]
    group = tables_from_employees(rows)["pay"]["groups"][0]
    assert group["women_pay"] == Fraction(300001, 3)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (29, "-29"),
        ("29,9", "-29"),
        (30, "30-39"),
        (39, "30-39"),
        (40, "40-49"),
        (49, "40-49"),
        (50, "50+"),
        (64, "50+"),
    ],
)
def test_age_in_years_falls_in_its_band(age, band):
    workforce = tables_from_employees([employee("F", "emp", age)])["workforce"]
    assert workforce["emp"][band] == {"women": 1, "men": 0}


@pytest.mark.parametrize(
    ("spelling", "band"),
    [("-29", "-29"), ("30-39", "30-39"), ("40 - 49", "40-49"), ("50+", "50+"), ("50:", "50+")],
)
def test_the_age_band_column_may_replace_the_age(spelling, band):
    row = employee()
    del row["age"]
    row["tranche_age"] = spelling
    assert tables_from_employees([row])["workforce"]["ouv"][band] == {"women": 1, "men": 0}


@pytest.mark.parametrize(
    ("sexe", "key"),
    [("F", "women"), ("f", "women"), ("Femme", "women"), ("H", "men"), ("homme", "men")],
)
def test_sex_synonyms(sexe, key):
    workforce = tables_from_employees([employee(sexe)])["workforce"]
    assert workforce["ouv"]["30-39"][key] == 1


@pytest.mark.parametrize(
    ("spelling", "category"),
    [
        ("OUV", "ouv"),
        ("Ouvrier", "ouv"),
        ("employé", "emp"),
        ("Employe", "emp"),
        ("technicien", "tam"),
        ("Agent de maîtrise", "tam"),
        ("tam", "tam"),
        ("ingénieur", "ic"),
        ("Cadre", "ic"),
        ("Ingénieurs et cadres", "ic"),
    ],
)
def test_csp_synonyms(spelling, category):
    workforce = tables_from_employees([employee(csp=spelling)])["workforce"]
    assert workforce[category]["30-39"]["women"] == 1


def test_headers_are_matched_ignoring_case_and_accents():
    row = {
        "Sexe": "F",
        "CSP": "ouv",
        "Âge": "31",
        "Rémunération annuelle brute ETP": "30000",
        "REMUNERATION_ANNUELLE_BRUTE": "30000",
        "Augmentation": "oui",
        "Promotion": "non",
        "Retour congé maternité": "oui",
        "augmentation au retour": "oui",
    }
    tables = tables_from_employees([row])
    assert tables["workforce"]["ouv"]["30-39"]["women"] == 1
    assert tables["maternity_leaves"] == {"returned": 1, "raised": 1}


def test_maternity_counts_women_back_from_leave_and_those_raised():
    rows = [
        employee("F", retour="oui", augmentation_au_retour="oui"),
        employee("F", retour="oui", augmentation_au_retour="non"),
        employee("F", retour="oui", augmentation_au_retour="oui"),
        # A man back from adoption leave: a true "oui", not counted by indicator 4.
        employee("H", retour="oui", augmentation_au_retour="oui"),
        employee("F"),
    ]
    assert tables_from_employees(rows)["maternity_leaves"] == {"returned": 3, "raised": 2}


def test_the_ten_highest_paid_ties_go_to_the_higher_full_time_pay():
    # Nine men paid 100 000 to 108 000, then a woman and a man both paid
    # 50 000: the tenth place goes to the higher full-time-equivalent pay.
    nine_men = [employee("H", etp=100000 + 1000 * i) for i in range(9)]
    woman_first = [
        employee("F", etp=60000, brut=50000),
        employee("H", etp=55000, brut=50000),
    ]
    man_first = [
        employee("F", etp=55000, brut=50000),
        employee("H", etp=60000, brut=50000),
    ]
    assert tables_from_employees(nine_men + woman_first)["high_remunerations"] == {
        "women": 1,
        "men": 9,
    }
    assert tables_from_employees(nine_men + man_first)["high_remunerations"] == {
        "women": 0,
        "men": 10,
    }


def test_the_ten_highest_paid_are_ranked_on_actual_pay():
    # A part-time woman with the highest full-time pay (200 000) earned 50 000:
    # she is below the ten men paid 60 000.
    rows = [employee("H", etp=60000) for _ in range(10)]
    rows.append(employee("F", etp=200000, brut=50000))
    assert tables_from_employees(rows)["high_remunerations"] == {"women": 0, "men": 10}


@pytest.mark.parametrize(
    ("count", "workforce_range"),
    [
        (1, "50:250"),
        (49, "50:250"),
        (250, "50:250"),
        (251, "251:999"),
        (999, "251:999"),
        (1000, "1000:"),
    ],
)
def test_the_default_range_is_the_range_of_the_head_count(count, workforce_range):
    assert workforce_range_for(count) == workforce_range


def test_251_employees_give_the_large_company_tables():
    # ouv: 130 women (13 raised: 10 %, 26 promoted: 20 %), 121 men (none
    # raised, 11 promoted: 11/121 = 9.0909... %); no one in emp, tam, ic.
    rows = [
        employee("F", augmentation="oui" if i < 13 else "non", promotion="oui" if i < 26 else "non")
        for i in range(130)
    ] + [employee("H", promotion="oui" if i < 11 else "non") for i in range(121)]
    tables = tables_from_employees(rows)
    assert tables["workforce_range"] == "251:999"
    assert "salary_raises_and_promotions" not in tables
    assert tables["salary_raises"]["any"] is True
    assert tables["salary_raises"]["rates"]["ouv"] == {"women": 10, "men": 0}
    assert tables["promotions"]["rates"]["ouv"] == {"women": 20, "men": Fraction(1100, 121)}
    # Nobody in the CSP: no rate.
    assert tables["salary_raises"]["rates"]["emp"] == {"women": None, "men": None}


def test_an_explicit_range_wins_over_the_head_count():
    tables = tables_from_employees([employee()], workforce_range="1000:")
    assert tables["workforce_range"] == "1000:"
    assert tables["salary_raises"]["any"] is False


@pytest.mark.parametrize("pay_mode", ["branch_levels", "other_levels"])
def test_level_modes_group_pay_by_level_and_age_band(pay_mode):
    rows = [
        employee("F", age=25, etp=30000, niveau="Niveau 2"),
        employee("H", age=26, etp=34000, niveau="Niveau 2"),
        employee("F", age=45, etp=50000, niveau="Niveau 1"),
        employee("H", age=41, etp=52000, niveau="Niveau 2"),
    ]
    tables = tables_from_employees(rows, pay_mode=pay_mode)
    # Levels in order of first appearance, then age bands in order.
    assert tables["pay"] == {
        "mode": pay_mode,
        "groups": [
            pay_group("Niveau 2", "-29", 30000, 34000, women_count=1, men_count=1),
            pay_group("Niveau 2", "40-49", None, 52000, women_count=0, men_count=1),
            pay_group("Niveau 1", "40-49", 50000, None, women_count=1, men_count=0),
        ],
    }


def test_a_level_written_in_another_case_is_the_same_level():
    rows = [
        employee("F", age=25, etp=30000, niveau="Niveau 2"),
        employee("H", age=26, etp=34000, niveau="niveau  2"),
    ]
    tables = tables_from_employees(rows, pay_mode="other_levels")
    assert tables["pay"]["groups"] == [
        pay_group("Niveau 2", "-29", 30000, 34000, women_count=1, men_count=1)
    ]


def test_level_modes_need_the_level_column():
    with pytest.raises(ScoringError, match="Colonnes manquantes : « niveau »"):
        tables_from_employees([employee()], pay_mode="branch_levels")


def test_missing_columns_are_named():
    row = employee()
    del row["csp"], row["age"]
    with pytest.raises(ScoringError) as raised:
        tables_from_employees([row])
    assert "« csp »" in str(raised.value)
    assert "« age » ou « tranche_age »" in str(raised.value)


def test_every_refused_row_is_listed_with_its_line_and_nothing_is_imported():
    rows = [
        employee(),  # line 2
        employee(sexe="Zorglub"),  # line 3
        employee(),  # line 4
        employee(csp=""),  # line 5
        employee(age=12, etp="beaucoup", brut=30000),  # line 6
        employee(retour="oui"),  # line 7: back from leave, raise on return not said
    ]
    with pytest.raises(RowErrors) as raised:
        tables_from_employees(rows)
    errors = raised.value.errors
    assert [line for line, _ in errors] == [3, 5, 6, 6, 7]
    messages = [message for _, message in errors]
    assert messages[0].startswith("Ligne 3, colonne « sexe » : valeur non reconnue")
    assert messages[1] == "Ligne 5, colonne « csp » : valeur manquante."
    assert messages[2].startswith("Ligne 6, colonne « age » : âge en années attendu")
    assert messages[3].startswith("Ligne 6, colonne « remuneration_annuelle_brute_etp »")
    assert messages[4].startswith("Ligne 7, colonne « augmentation_au_retour »")
    text = str(raised.value)
    assert text.startswith("4 lignes refusées ; aucune donnée n'a été importée.")
    # Personal data stays out of the messages: the values are never echoed.
    assert "Zorglub" not in text
    assert "beaucoup" not in text


def test_rows_carry_their_file_line_numbers():
    rows = [EmployeeRow(employee(), line=7), EmployeeRow(employee(sexe="?"), line=12)]
    with pytest.raises(RowErrors) as raised:
        tables_from_employees(rows)
    assert raised.value.errors[0].line == 12
    assert raised.value.errors[0].message.startswith("Ligne 12, colonne « sexe »")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("remuneration_annuelle_brute_etp", "0", "strictement positif"),
        ("remuneration_annuelle_brute", "-5", "négatif"),
        ("augmentation", "peut-être", "oui, non"),
        ("tranche_age", "20-25", "-29, 30-39, 40-49, 50+"),
        ("age", "30 ans", "nombre attendu"),
        ("remuneration_annuelle_brute_etp", "1.234,56", "nombre attendu"),
    ],
)
def test_refused_values_say_what_is_expected(column, value, words):
    row = employee(**{column: value}) if column == "tranche_age" else {**employee(), column: value}
    with pytest.raises(RowErrors) as raised:
        tables_from_employees([row])
    assert f"Ligne 2, colonne « {column} »" in str(raised.value)
    assert words in str(raised.value)


def test_age_and_age_band_must_agree_when_both_are_given():
    with pytest.raises(RowErrors, match="ne correspond pas"):
        tables_from_employees([employee(age=31, tranche_age="50+")])


def test_no_employee_is_an_error():
    with pytest.raises(ScoringError, match="aucun salarié"):
        tables_from_employees([])


def test_french_decimal_commas_and_spaces_in_pay():
    # "30 000,50" and "30000.50": women's mean 30 000.50; the man's "31 000,5".
    rows = [
        employee("F", etp="30 000,50"),
        employee("F", etp="30000.50"),
        employee("H", etp="31\u00a0000,5"),
    ]
    group = tables_from_employees(rows)["pay"]["groups"][0]
    assert (group["women_pay"], group["men_pay"]) == (Decimal("30000.5"), Decimal("31000.5"))


def test_spreadsheet_values_are_accepted():
    # XLSX cells come as numbers and booleans.
    row = {
        **employee(),
        "age": 31,
        "remuneration_annuelle_brute_etp": 30000.5,
        "remuneration_annuelle_brute": Decimal("30000.5"),
        "augmentation": True,
        "promotion": False,
    }
    tables = tables_from_employees([row])
    assert tables["salary_raises_and_promotions"]["women_raised"] == 1
    assert tables["pay"]["groups"][0]["women_pay"] == Decimal("30000.5")


def ten_and_ten_employees(**columns):
    return [employee("F", age=30 + i, **columns) for i in range(10)] + [
        employee("H", age=30 + i, **columns) for i in range(10)
    ]


def test_the_tables_of_the_employees_are_simulated():
    # 10 women and 10 men aged 30-39, all paid 30 000, none raised, no leave:
    # pay 40, raises not computable (absaugi), maternity not computable,
    # top 10: the first ten by file order among equals, all women -> 0 men -> 0.
    result = simulate(tables_from_employees(ten_and_ten_employees()))
    assert result["remunerations"]["score"] == 40
    assert result["salary_raises_and_promotions"]["reason"] == "absaugi"
    assert result["maternity_leaves"]["reason"] == "absrcm"
    assert result["high_remunerations"]["result"] == 0
    # 40 + 0 = 40 points out of 50: under 75 computable points, no index.
    assert (result["points"], result["computable_points"], result["index"]) == (40, 50, None)


def test_tables_survive_a_json_round_trip_exactly():
    # Women's mean 269 850 / 3 and men's 100 000: stored with default=str as
    # "89950" and read back, the gap is still exactly 10.05 % -> 34.
    rows = [employee("F", etp=pay) for pay in (89950, 89950, 89950)]
    rows += [employee("H", etp=100000) for _ in range(3)]
    rows += [employee("F", age=52, etp=pay) for pay in (90000, 90000, 90001)]
    rows += [employee("H", age=52, etp=pay) for pay in (100000, 100000, 100002)]
    tables = tables_from_employees(rows)
    tables["high_remunerations"] = {"women": 5, "men": 5}
    stored = json.loads(json.dumps(tables, default=str))
    assert stored["pay"]["groups"][1]["women_pay"] == "270001/3"
    assert simulate(stored)["remunerations"] == simulate(tables)["remunerations"]


# --- pay_transparency --------------------------------------------------------------------------


def worker(sexe, annual, hours, variable, categorie):
    return {
        "sexe": sexe,
        "remuneration_annuelle_brute": str(annual),
        "heures_remunerees": str(hours),
        "part_variable": str(variable),
        "categorie": categorie,
    }


# Hourly pays: W1 20, W2 20, W3 40, W4 25; M1 30, M2 40, M3 30, M4 90.
WORKERS = [
    worker("F", 20000, 1000, 0, "A"),  # W1, line 2
    worker("F", 30000, 1500, 3000, "A"),  # W2
    worker("F", 40000, 1000, 0, "B"),  # W3, line 4
    worker("F", 50000, 2000, 5000, "B"),  # W4
    worker("H", 30000, 1000, 0, "A"),  # M1
    worker("H", 40000, 1000, 4000, "A"),  # M2, line 7
    worker("H", 60000, 2000, 6000, "B"),  # M3
    worker("H", 90000, 1000, 14000, "B"),  # M4
]


def assert_close(value, exact):
    """Equal to an exact value to 20 decimals (outputs are Decimals of 28 digits)."""
    assert value is not None
    assert abs(Fraction(value) - Fraction(exact)) < Fraction(1, 10**20)


def test_transparency_mean_gaps_a():
    result = pay_transparency(WORKERS)
    assert result["headcount"] == {"women": 4, "men": 4}
    # Annual: women 140 000 / 4 = 35 000, men 220 000 / 4 = 55 000.
    # (55 000 - 35 000) / 55 000 x 100 = 400/11 = 36.36...
    assert_close(result["mean_gap"]["annual"], Fraction(400, 11))
    # Hourly: women (20 + 20 + 40 + 25) / 4 = 26.25, men (30 + 40 + 30 + 90) / 4 = 47.5.
    # (47.5 - 26.25) / 47.5 x 100 = 21.25 / 47.5 x 100 = 850/19 = 44.73...
    assert_close(result["mean_gap"]["hourly"], Fraction(850, 19))


def test_transparency_variable_mean_gap_b():
    # Among those who received some: women (3 000 + 5 000) / 2 = 4 000,
    # men (4 000 + 6 000 + 14 000) / 3 = 8 000. (8 000 - 4 000) / 8 000 = 50 %.
    assert pay_transparency(WORKERS)["variable_mean_gap"] == 50


def test_transparency_median_gaps_c():
    result = pay_transparency(WORKERS)
    # Annual, even counts: women (30 000 + 40 000) / 2 = 35 000, men (40 000
    # + 60 000) / 2 = 50 000. (50 000 - 35 000) / 50 000 = 30 %.
    assert result["median_gap"]["annual"] == 30
    # Hourly: women 20, 20, 25, 40 -> 22.5; men 30, 30, 40, 90 -> 35.
    # (35 - 22.5) / 35 x 100 = 250/7 = 35.71...
    assert_close(result["median_gap"]["hourly"], Fraction(250, 7))


def test_transparency_variable_median_gap_d():
    # Women 3 000, 5 000 -> 4 000; men 4 000, 6 000, 14 000 -> 6 000.
    # (6 000 - 4 000) / 6 000 x 100 = 100/3.
    assert_close(pay_transparency(WORKERS)["variable_median_gap"], Fraction(100, 3))


def test_transparency_variable_pay_share_e():
    # Women: 2 of 4, men: 3 of 4.
    assert pay_transparency(WORKERS)["variable_pay_share"] == {"women": 50, "men": 75}


def test_transparency_quartiles_f():
    # By hourly pay, equal pays in file order: W1 20, W2 20, W4 25, M1 30,
    # M3 30, W3 40 (line 4), M2 40 (line 7), M4 90. Rank i of 8 is in band
    # floor(4i / 8) + 1: ranks 0-1, 2-3, 4-5, 6-7. W3 comes before M2 at 40
    # and stays in band 3.
    quartiles = pay_transparency(WORKERS)["quartiles"]
    assert quartiles == [
        {"quartile": 1, "headcount": 2, "women": 100, "men": 0},
        {"quartile": 2, "headcount": 2, "women": 50, "men": 50},
        {"quartile": 3, "headcount": 2, "women": 50, "men": 50},
        {"quartile": 4, "headcount": 2, "women": 0, "men": 100},
    ]


def test_transparency_ranks_hourly_pays_exactly_beyond_28_digits():
    # The woman's hourly pay is 1 + 10^-30, the man's exactly 1: equal to 28
    # digits, yet the man is paid less and comes first, whatever the file order.
    # 2 workers: ranks 0 and 1 fall in bands floor(0) + 1 = 1 and floor(2) + 1 = 3.
    rows = [
        worker("F", 10**30 + 1, 10**30, 0, "A"),
        worker("H", 1000, 1000, 0, "A"),
    ]
    quartiles = pay_transparency(rows)["quartiles"]
    assert (quartiles[0]["men"], quartiles[2]["women"]) == (100, 100)


@pytest.mark.parametrize(
    ("count", "band_sizes"),
    [
        # floor(4i / 5) + 1 for i = 0..4: 1, 1, 2, 3, 4.
        (5, [2, 1, 1, 1]),
        # floor(4i / 3) + 1 for i = 0..2: 1, 2, 3; the fourth band is empty.
        (3, [1, 1, 1, 0]),
        # floor(4i / 6) + 1 for i = 0..5: 1, 1, 2, 3, 3, 4.
        (6, [2, 1, 2, 1]),
    ],
)
def test_transparency_quartile_bands_are_floor_4i_over_n_plus_1(count, band_sizes):
    rows = [worker("F", 10000 * (i + 1), 1000, 0, "A") for i in range(count)]
    quartiles = pay_transparency(rows)["quartiles"]
    assert [band["headcount"] for band in quartiles] == band_sizes
    empty = [band for band in quartiles if band["headcount"] == 0]
    assert all(band["women"] is None and band["men"] is None for band in empty)


def test_transparency_by_category_g():
    categories = pay_transparency(WORKERS)["by_category"]
    a, b = categories
    assert (a["category"], a["women"], a["men"]) == ("A", 2, 2)
    # A: total women (20 000 + 30 000) / 2 = 25 000, men 35 000 -> 10/35 = 200/7 %.
    # Base: women (20 000 + 27 000) / 2 = 23 500, men (30 000 + 36 000) / 2 = 33 000
    #   -> 9 500 / 33 000 = 950/33 %. Variable over everyone: 1 500 vs 2 000 -> 25 %.
    assert_close(a["annual_gap"], Fraction(200, 7))
    assert_close(a["base_pay_gap"], Fraction(950, 33))
    assert a["variable_pay_gap"] == 25
    assert a["alert"] is True
    # B: total 45 000 vs 75 000 -> 40 %. Base: (40 000 + 45 000) / 2 = 42 500 vs
    #   (54 000 + 76 000) / 2 = 65 000 -> 22 500 / 65 000 = 450/13 %. Variable
    #   2 500 vs 10 000 -> 75 %.
    assert b["annual_gap"] == 40
    assert_close(b["base_pay_gap"], Fraction(450, 13))
    assert b["variable_pay_gap"] == 75


@pytest.mark.parametrize(
    ("women", "men", "alert"),
    [
        # Total and base (no variable pay): (100 000 - 95 000) / 100 000 = 5 %: alert.
        ((95000, 0), (100000, 0), True),
        # 4.999 %: no alert.
        ((95001, 0), (100000, 0), False),
        # Women paid 5 % more: -5 %, an alert too.
        ((105000, 0), (100000, 0), True),
        # Total 1 %, base (98 100 vs 99 000) 0.9 %, variable (900 vs 1 000) 10 %: alert.
        ((99000, 900), (100000, 1000), True),
    ],
)
def test_transparency_alert_at_a_5_percent_gap_either_way(women, men, alert):
    rows = [
        worker("F", *women[:1], 1600, women[1], "Cat"),
        worker("H", men[0], 1600, men[1], "Cat"),
    ]
    assert pay_transparency(rows)["by_category"][0]["alert"] is alert


def test_transparency_categories_ignore_case_and_accents():
    rows = [worker("F", 1000, 10, 0, "Équipe terrain"), worker("H", 1000, 10, 0, "equipe TERRAIN")]
    categories = pay_transparency(rows)["by_category"]
    assert len(categories) == 1
    assert categories[0]["category"] == "Équipe terrain"


def test_transparency_gaps_without_a_denominator_are_none():
    # No man: every gap is None. Women only have no variable pay either.
    rows = [worker("F", 30000, 1600, 0, "A"), worker("F", 32000, 1600, 0, "A")]
    result = pay_transparency(rows)
    assert result["mean_gap"] == {"annual": None, "hourly": None}
    assert result["median_gap"] == {"annual": None, "hourly": None}
    assert result["variable_mean_gap"] is None
    assert result["variable_median_gap"] is None
    assert result["variable_pay_share"] == {"women": 0, "men": None}
    category = result["by_category"][0]
    assert (category["annual_gap"], category["base_pay_gap"]) == (None, None)
    assert category["alert"] is False


def test_transparency_variable_gap_is_none_when_no_man_has_variable_pay():
    rows = [worker("F", 30000, 1600, 500, "A"), worker("H", 32000, 1600, 0, "A")]
    result = pay_transparency(rows)
    assert result["variable_mean_gap"] is None
    assert result["by_category"][0]["variable_pay_gap"] is None


def test_transparency_empty_variable_pay_means_none():
    rows = [worker("F", 30000, 1600, "", "A"), worker("H", 30000, 1600, "0", "A")]
    assert pay_transparency(rows)["variable_pay_share"] == {"women": 0, "men": 0}


def test_transparency_refuses_rows_with_every_reason():
    rows = [
        worker("F", 30000, 0, 0, "A"),  # line 2: no hours
        worker("H", 30000, 1600, 40000, "A"),  # line 3: variable above total
        worker("H", 30000, 1600, 0, ""),  # line 4: no category
    ]
    with pytest.raises(RowErrors) as raised:
        pay_transparency(rows)
    assert [message.split(" :")[0] for _, message in raised.value.errors] == [
        "Ligne 2, colonne « heures_remunerees »",
        "Ligne 3, colonne « part_variable »",
        "Ligne 4, colonne « categorie »",
    ]


def test_transparency_needs_its_columns():
    with pytest.raises(ScoringError, match="« heures_remunerees »"):
        pay_transparency([employee()])


def test_transparency_with_french_decimal_commas():
    # Hourly: women 16 000,5 / 1 000 = 16.0005; men 20 001 / 1 000 = 20.001.
    rows = [worker("F", "16000,5", "1000,0", "0", "A"), worker("H", "20001", "1000", "0", "A")]
    # (20.001 - 16.0005) / 20.001 x 100 = 4.0005 / 20.001 x 100 = 400050/20001.
    assert_close(pay_transparency(rows)["mean_gap"]["hourly"], Fraction(400050, 20001))


# --- Properties ----------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=12)
pays = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=150000),
    st.decimals(min_value=15000, max_value=150000, places=2),
)
rates = st.decimals(min_value=0, max_value=100, places=1)


@st.composite
def random_tables(draw):
    workforce_range = draw(st.sampled_from(WORKFORCE_RANGES))
    cells = {
        (category, band): (draw(counts), draw(counts))
        for category in CATEGORIES
        for band in AGE_BANDS
    }
    if not any(sum(cell) for cell in cells.values()):
        cells["ouv", "-29"] = (3, 3)
    mode = draw(st.sampled_from(sorted(PAY_MODES)))
    if mode == "csp":
        groups = [
            pay_group(category, band, draw(pays), draw(pays))
            for category, band in cells
            if draw(st.booleans())
        ]
    else:
        groups = [
            pay_group(
                f"Niveau {level}",
                band,
                draw(pays),
                draw(pays),
                women_count=draw(counts),
                men_count=draw(counts),
            )
            for level in range(draw(st.integers(1, 3)))
            for band in AGE_BANDS
            if draw(st.booleans())
        ]
        if not any(g["women_count"] + g["men_count"] for g in groups):
            groups.append(pay_group("Niveau X", "-29", 1, 1, women_count=3, men_count=3))
    tables = {
        "workforce_range": workforce_range,
        "workforce": workforce_table(cells),
        "pay": {"mode": mode, "groups": groups},
    }
    women = sum(w for w, _ in cells.values())
    men = sum(m for _, m in cells.values())
    if workforce_range == "50:250":
        women_raised, men_raised = draw(st.integers(0, women)), draw(st.integers(0, men))
        tables["salary_raises_and_promotions"] = {
            "any": women_raised + men_raised > 0,
            "women_raised": women_raised,
            "men_raised": men_raised,
        }
    else:
        for indicator in ("salary_raises", "promotions"):
            if draw(st.booleans()):
                tables[indicator] = {
                    "any": True,
                    "rates": {c: {"women": draw(rates), "men": draw(rates)} for c in CATEGORIES},
                }
            else:
                tables[indicator] = {"any": False}
    returned = draw(st.integers(0, 4))
    tables["maternity_leaves"] = {"returned": returned, "raised": draw(st.integers(0, returned))}
    top_women = draw(st.integers(0, 10))
    tables["high_remunerations"] = {"women": top_women, "men": 10 - top_women}
    return tables


# conftest's autouse cache fixture is harmless to share between examples.
property_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@property_settings
@given(random_tables())
def test_the_declaration_scores_as_the_simulation(tables):
    result = simulate(tables)
    scores = score_results(result["declaration"])
    assert scores["points"] == result["points"]
    assert scores["computable_points"] == result["computable_points"]
    assert scores["index"] == result["index"]
    for indicator in MAX_POINTS:
        if indicator in result:
            assert scores[f"{indicator}_score"] == result[indicator]["score"]


def typed_by_hand(result):
    """The declaration a person would type from the simulation's page."""
    declaration = {"workforce_range": result["workforce_range"]}
    for indicator in MAX_POINTS:
        if indicator not in result:
            continue
        output = result[indicator]
        if not output["computable"]:
            declaration[indicator] = {"computable": False, "reason": output["reason"]}
            continue
        typed = {"computable": True, "result": output["result"]}
        if indicator != "maternity_leaves":
            typed["favorable_population"] = output["favorable_population"]
        if indicator == "salary_raises_and_promotions":
            typed["employees_count_result"] = output["employees_count_result"]
        declaration[indicator] = typed
    return declaration


@property_settings
@given(random_tables())
def test_a_year_typed_by_hand_from_the_simulation_scores_the_same(tables):
    result = simulate(tables)
    scores = score_results(typed_by_hand(result))
    assert (scores["points"], scores["computable_points"], scores["index"]) == (
        result["points"],
        result["computable_points"],
        result["index"],
    )


def remunerations_by_the_spec(tables):
    """Indicator 1 read straight from §7, with Fractions: (computable, result)."""
    mode = tables["pay"]["mode"]
    threshold = 5 if mode == "csp" else 2
    if mode == "csp":
        pay = {(g["category"], g["age_band"]): g for g in tables["pay"]["groups"]}
        groups = [
            (cell["women"], cell["men"], pay.get((category, band), {}))
            for category, bands in tables["workforce"].items()
            for band, cell in bands.items()
        ]
    else:
        groups = [(g["women_count"], g["men_count"], g) for g in tables["pay"]["groups"]]
    total = sum(w + m for w, m, _ in groups)
    valid = [(w, m, g) for w, m, g in groups if w >= 3 and m >= 3]
    valid_total = sum(w + m for w, m, _ in valid)
    if Fraction(valid_total, total) < Fraction(2, 5):
        return False, None
    raw = Fraction(0)
    for w, m, group in valid:
        women_pay, men_pay = group.get("women_pay"), group.get("men_pay")
        if women_pay is None or men_pay is None or men_pay == 0:
            gap = Fraction(0)
        else:
            gap = (Fraction(men_pay) - Fraction(women_pay)) / Fraction(men_pay) * 100
        adjusted = max(gap - threshold, 0) if gap > 0 else min(gap + threshold, 0)
        raw += adjusted * Fraction(w + m, valid_total)
    tenths = int(abs(raw) * 10 + Fraction(1, 2))  # floor, half up
    return True, Decimal(tenths) / 10


@property_settings
@given(random_tables())
def test_indicator_1_agrees_with_a_plain_reading_of_the_spec(tables):
    computable, result = remunerations_by_the_spec(tables)
    remunerations = simulate(tables)["remunerations"]
    assert remunerations["computable"] is computable
    assert remunerations["result"] == result


# --- No Django needed -----------------------------------------------------------------


def test_simulation_imports_and_runs_without_django_settings():
    code = (
        "import sys\n"
        "from equality_index.simulation import simulate, tables_from_employees\n"
        "rows = [{'sexe': s, 'csp': 'ouv', 'age': '35', 'remuneration_annuelle_brute_etp': p,\n"
        "         'remuneration_annuelle_brute': p, 'augmentation': 'oui', 'promotion': 'non',\n"
        "         'retour_conge_maternite': 'non', 'augmentation_au_retour': ''}\n"
        "        for s, p in [('F', '90000')] * 5 + [('H', '100000')] * 5]\n"
        "result = simulate(tables_from_employees(rows))\n"
        "print(result['remunerations']['score'], 'django' in sys.modules)\n"
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
    # 100 000 / 90 000: 10 % - 5 = 5.0 -> 35.
    assert completed.stdout.split() == ["35", "False"]
