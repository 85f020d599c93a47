"""Geometry of the charts of the index page (the history, the pay-transparency indicators),
drawn as SVG on the server (no JavaScript).

The SVG has no viewBox: across, everything is placed in percentages of its
width, and down in CSS pixels, so the labels keep their size in pixels (12 px
and more) whatever the width. A viewBox would scale the whole drawing down with
the screen: on a 390 px phone, 12-unit labels came out about 6 px high.
"""

from .workforce import french_decimal

HEIGHT = 260  # CSS pixels
MARGIN_TOP = 24
MARGIN_BOTTOM = 40
# Across, in % of the width: the grid values sit right-aligned left of the plot.
PLOT_LEFT = 11.0
PLOT_RIGHT = 98.0
GRID_LABEL_X = 9.5
MAX_BAR_WIDTH = 12.0
GRID_VALUES = (0, 25, 50, 75, 100)


def history_chart(years):
    """Bars for each year's index (oldest left); a non-computable year gets no bar."""
    years = sorted(years, key=lambda year: year.publication_year)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(years), 1)
    bar_width = min(slot * 0.6, MAX_BAR_WIDTH)

    def y_for(value):
        return MARGIN_TOP + plot_height * (1 - value / 100)

    bars = []
    for position, year in enumerate(years):
        x = PLOT_LEFT + slot * position + (slot - bar_width) / 2
        value = year.index
        top = y_for(value) if value is not None else y_for(0)
        bars.append(
            {
                "year": year.publication_year,
                "value": value,
                "x": round(x, 2),
                "y": round(top, 1),
                "width": round(bar_width, 2),
                "height": round(y_for(0) - top, 1),
                "center": round(x + bar_width / 2, 2),
                "label_y": round(top - 6, 1),
            }
        )
    grid = [{"value": value, "y": round(y_for(value), 1)} for value in GRID_VALUES]
    return {
        "height": HEIGHT,
        "bars": bars,
        "grid": grid,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "grid_label_x": GRID_LABEL_X,
        "axis_label_y": HEIGHT - MARGIN_BOTTOM + 20,
        "not_computable_y": HEIGHT - MARGIN_BOTTOM - 10,
    }


# --- The pay-transparency indicators (a) to (f) ------------------------------------------------

GAP_ROW_HEIGHT = 46
GAP_TOP = 34  # room for the two directions, above the first row
GAP_CENTER = 50.0
# % of the width each way at the largest gap: room is left past the bar for its value
# ("+50,0 %", about 50 px, which is 14 % of a 390 px phone's chart).
GAP_HALF_WIDTH = 33.0
SHARE_ROW_HEIGHT = 46
SHARE_LEFT = 2.0
SHARE_WIDTH = 96.0
# Below this share of the width a segment is too narrow for its label (about 45 px at 390 px).
SEGMENT_LABEL_MIN = 14.0
# Short enough for a 390 px phone (about 45 characters at 13 px); the table has the full names.
GAP_CHART_LABELS = {
    "mean_gap_annual": "(a) Écart moyen, rémunération annuelle",
    "mean_gap_hourly": "(a) Écart moyen, rémunération horaire",
    "variable_mean_gap": "(b) Écart moyen, part variable",
    "median_gap_annual": "(c) Écart médian, rémunération annuelle",
    "median_gap_hourly": "(c) Écart médian, rémunération horaire",
    "variable_median_gap": "(d) Écart médian, part variable",
}
QUARTILE_CHART_LABELS = {
    1: "1er quartile (le moins payé)",
    2: "2e quartile",
    3: "3e quartile",
    4: "4e quartile (le mieux payé)",
}


def _french(value, signed=False):
    # Half up to one decimal, as the page's table shows it.
    return french_decimal(value, 1, signed=signed)


def _scale(values):
    """The gap drawn at full half-width: the largest, at least 5 points, up to a multiple of 5."""
    largest = max([abs(float(value)) for value in values if value is not None] + [5.0])
    return float(-(-largest // 5) * 5)


def transparency_chart(record):
    """Geometry of the three figures of the transparency section: the signed gaps (a)-(d), the
    shares receiving variable pay (e), and the four quartile bands (f)."""
    gaps = record.gap_rows()
    scale = _scale(row["value"] for row in gaps)
    gap_items = []
    for position, row in enumerate(gaps):
        top = GAP_TOP + position * GAP_ROW_HEIGHT
        value = row["value"]
        item = {
            "label": GAP_CHART_LABELS[row["field"]],
            "label_y": top + 14,
            "bar_y": top + 22,
        }
        if value is None:
            item.update(missing=True, text_x=GAP_CENTER + 1, text_anchor="start", text="sans objet")
        else:
            length = min(abs(float(value)) / scale, 1.0) * GAP_HALF_WIDTH
            start = GAP_CENTER if value >= 0 else GAP_CENTER - length
            end = GAP_CENTER + length if value >= 0 else GAP_CENTER - length
            item.update(
                missing=False,
                x=round(start, 2),
                width=round(max(length, 0.3), 2),
                text_x=round(end + 1 if value >= 0 else end - 1, 2),
                text_anchor="start" if value >= 0 else "end",
                text=f"{_french(value, signed=True)} %",
            )
        gap_items.append(item)
    gaps_height = GAP_TOP + len(gaps) * GAP_ROW_HEIGHT + 8

    shares = []
    for position, (label, value) in enumerate(
        [
            ("Femmes qui perçoivent une part variable", record.variable_pay_share_women),
            ("Hommes qui perçoivent une part variable", record.variable_pay_share_men),
        ]
    ):
        top = 8 + position * SHARE_ROW_HEIGHT
        width = float(value or 0) / 100 * SHARE_WIDTH
        shares.append(
            {
                "label": f"{label} : {_french(value)} %" if value is not None else label,
                "label_y": top + 14,
                "bar_y": top + 22,
                "width": round(width, 2),
                "track_x": SHARE_LEFT,
                "track_width": SHARE_WIDTH,
            }
        )
    shares_height = 8 + 2 * SHARE_ROW_HEIGHT + 8

    quartiles = []
    for position, row in enumerate(record.quartile_rows()):
        top = 8 + position * SHARE_ROW_HEIGHT
        women = float(row["women"] or 0)
        women_width = women / 100 * SHARE_WIDTH
        quartiles.append(
            {
                "label": QUARTILE_CHART_LABELS[row["quartile"]],
                "label_y": top + 14,
                "bar_y": top + 22,
                "women_x": SHARE_LEFT,
                "women_width": round(women_width, 2),
                "men_x": round(SHARE_LEFT + women_width, 2),
                "men_width": round(SHARE_WIDTH - women_width, 2),
                "women_text": f"F {_french(row['women'])} %" if row["women"] is not None else "",
                "men_text": f"H {_french(row['men'])} %" if row["men"] is not None else "",
                "women_text_x": round(SHARE_LEFT + 1, 2),
                "men_text_x": round(SHARE_LEFT + SHARE_WIDTH - 1, 2),
                "women_label_fits": women_width >= SEGMENT_LABEL_MIN,
                "men_label_fits": SHARE_WIDTH - women_width >= SEGMENT_LABEL_MIN,
            }
        )
    quartiles_height = 8 + 4 * SHARE_ROW_HEIGHT + 8
    return {
        "gaps": gap_items,
        "gaps_height": gaps_height,
        "center": GAP_CENTER,
        "scale": _french(scale),
        "shares": shares,
        "shares_height": shares_height,
        "quartiles": quartiles,
        "quartiles_height": quartiles_height,
    }
