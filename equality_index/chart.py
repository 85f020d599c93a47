"""Geometry of the history chart, drawn as SVG on the server (no JavaScript)."""

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 40
MARGIN_BOTTOM = 40
MARGIN_TOP = 24
GRID_VALUES = (0, 25, 50, 75, 100)


def history_chart(years):
    """Bars for each year's index (oldest left); a non-computable year gets no bar."""
    years = sorted(years, key=lambda year: year.publication_year)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    plot_width = WIDTH - MARGIN_LEFT - 10
    slot = plot_width / max(len(years), 1)
    bar_width = min(slot * 0.6, 80)

    def y_for(value):
        return MARGIN_TOP + plot_height * (1 - value / 100)

    bars = []
    for position, year in enumerate(years):
        x = MARGIN_LEFT + slot * position + (slot - bar_width) / 2
        value = year.index
        top = y_for(value) if value is not None else y_for(0)
        bars.append(
            {
                "year": year.publication_year,
                "value": value,
                "x": round(x, 1),
                "y": round(top, 1),
                "width": round(bar_width, 1),
                "height": round(y_for(0) - top, 1),
                "center": round(x + bar_width / 2, 1),
                "label_y": round(top - 6, 1),
            }
        )
    grid = [{"value": value, "y": round(y_for(value), 1)} for value in GRID_VALUES]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "grid": grid,
        "left": MARGIN_LEFT,
        "right": WIDTH - 10,
        "axis_label_y": HEIGHT - MARGIN_BOTTOM + 20,
    }
