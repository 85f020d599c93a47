"""The published index as rows: one row per year and indicator, for CSV and JSON."""

from .models import EqualityIndexYear

COLUMNS = [
    "annee_publication",
    "annee_donnees",
    "date_publication",
    "tranche_effectif",
    "perimetre",
    "indicateur",
    "libelle",
    "calculable",
    "motif_non_calculable",
    "points",
    "points_max",
    "index",
]


def published_rows():
    """Only live records: drafts, scheduled revisions and history never leave the admin."""
    rows = []
    for year in EqualityIndexYear.objects.published():
        common = {
            "annee_publication": year.publication_year,
            "annee_donnees": year.data_year,
            "date_publication": year.publication_date.isoformat() if year.publication_date else "",
            "tranche_effectif": year.workforce_range,
            "perimetre": year.get_scope_display(),
            "index": year.index,
        }
        if not year.breakdown_known:
            rows.append(
                {
                    **common,
                    "indicateur": "total",
                    "libelle": "Index (détail par indicateur non disponible)",
                    "calculable": year.index is not None,
                    "motif_non_calculable": "",
                    "points": year.index,
                    "points_max": 100,
                }
            )
            continue
        for row in year.indicator_rows():
            rows.append(
                {
                    **common,
                    "indicateur": row["key"],
                    "libelle": row["label"],
                    "calculable": row["computable"],
                    "motif_non_calculable": row["reason"],
                    "points": row["score"],
                    "points_max": row["max_points"],
                }
            )
    return rows
