"""The published index as rows: one row per year and indicator, for the CSV and JSON exports.

After the index years come the published pay-transparency years, one row per
indicator (a) to (f) of directive 2023/970 (per sex for (e), per sex and quartile
for (f)), told apart by the `dispositif` column; their `resultat` is signed
(positive when men are paid more). Indicator (g) is never exported.

Each row carries what the law asks to publish: per indicator its result as
published (the gap, the percentage or the count), the favoured population, the
points, the maximum, whether it is computable and why not, and its progression
objective; per year the index, the scope, the publication date and the
corrective measures (code, label and published text). Only live years: drafts,
scheduled revisions and history never leave the admin.

Two shapes of the same rows: `machine_row` (codes, ISO dates, decimal point: the
declared `donnees.csv` and `donnees.json`), and `spreadsheet_row` (French labels,
French dates, decimal comma: `donnees-tableur.csv`, for French Excel).
"""

import html
import re
from decimal import Decimal

from django.utils.html import strip_tags

from core.spreadsheets import neutralise_formula

from .models import (
    FAVORED_SEX_CHOICES,
    QUARTILE_LABELS,
    QUARTILES,
    TRANSPARENCY_GAPS,
    EqualityIndexYear,
    LegalBasis,
    PayTransparencyYear,
)
from .scoring import (
    HIGH_REMUNERATIONS,
    MATERNITY_LEAVES,
    REMUNERATIONS,
    WORKFORCE_RANGE_LABELS,
)

# (key, French label), in the order of the columns. The first twelve are the
# original columns, in their original order, for the readers of the declared files.
COLUMNS_WITH_LABELS = [
    ("annee_publication", "Année de publication"),
    ("annee_donnees", "Année des données"),
    ("date_publication", "Date de publication"),
    ("tranche_effectif", "Tranche d'effectif"),
    ("perimetre", "Périmètre"),
    ("indicateur", "Code de l'indicateur"),
    ("libelle", "Indicateur"),
    ("calculable", "Calculable"),
    ("motif_non_calculable", "Motif de non-calculabilité"),
    ("points", "Points"),
    ("points_max", "Points maximum"),
    ("index", "Index"),
    ("description_perimetre", "Qui est compté"),
    ("code_motif_non_calculable", "Code du motif de non-calculabilité"),
    ("resultat", "Résultat"),
    ("unite_resultat", "Unité du résultat"),
    ("resultat_nombre_salaries", "Écart en nombre de salariés"),
    ("population_favorisee", "Population favorisée"),
    ("objectif_progression", "Objectif de progression"),
    ("points_obtenus", "Points obtenus (total de l'année)"),
    ("points_calculables", "Points calculables (total de l'année)"),
    ("mesures_correction", "Code des mesures de correction"),
    ("mesures_correction_libelle", "Mesures de correction"),
    ("mesures_correction_texte", "Mesures de correction (texte publié)"),
    # Since the pay-transparency indicators: after the others, so that the declared
    # files keep their first columns.
    ("dispositif", "Dispositif"),
    ("cadre_publication", "Cadre de la publication"),
    ("population", "Population"),
    ("quartile", "Quartile de rémunération horaire"),
]
COLUMNS = [key for key, _ in COLUMNS_WITH_LABELS]
COLUMN_LABELS = dict(COLUMNS_WITH_LABELS)
# The French spreadsheet leaves out the codes that only a program needs.
SPREADSHEET_COLUMNS = [
    key
    for key in COLUMNS
    if key not in {"indicateur", "code_motif_non_calculable", "mesures_correction"}
]
INDEX = "index"
TRANSPARENCY = "transparence"
SCHEME_LABELS = {
    INDEX: "Index de l'égalité professionnelle",
    TRANSPARENCY: "Transparence des rémunérations (directive 2023/970)",
}
INDEX_FRAMEWORK = "Index de l'égalité professionnelle (code du travail, article L1142-8)"
TRANSPARENCY_CODES = {
    "mean_gap_annual": "transparence_a_annuelle",
    "mean_gap_hourly": "transparence_a_horaire",
    "variable_mean_gap": "transparence_b",
    "median_gap_annual": "transparence_c_annuelle",
    "median_gap_hourly": "transparence_c_horaire",
    "variable_median_gap": "transparence_d",
}

RESULT_UNITS = {
    REMUNERATIONS: "%",
    MATERNITY_LEAVES: "%",
    HIGH_REMUNERATIONS: "salarié·es",
}
DEFAULT_RESULT_UNIT = "points de pourcentage"  # the gaps between two rates
# Egapro's words for the favoured population; the spreadsheet uses the labels.
FAVORED_CODES = {"men": "hommes", "women": "femmes"}
FAVORED_LABELS = dict(FAVORED_SEX_CHOICES)

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)


def plain_text(rich_text):
    """The published text of a rich text field, as plain text: one line per paragraph."""
    marked = LIST_ITEM.sub("• ", BLOCK_END.sub("\n", rich_text or ""))
    text = html.unescape(strip_tags(marked))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def published_rows():
    """One row per live year and indicator, with Python values (Decimal, date, bool, None)."""
    rows = []
    for year in EqualityIndexYear.objects.published():
        common = {
            "annee_publication": year.publication_year,
            "annee_donnees": year.data_year,
            "date_publication": year.publication_date,
            "tranche_effectif": year.workforce_range,
            "perimetre": year.get_scope_display(),
            "description_perimetre": year.scope_description,
            "index": year.index,
            "points_obtenus": year.points,
            "points_calculables": year.computable_points,
            "mesures_correction": year.corrective_measures,
            "mesures_correction_libelle": year.get_corrective_measures_display(),
            "mesures_correction_texte": plain_text(year.corrective_measures_text),
            "dispositif": INDEX,
            "cadre_publication": INDEX_FRAMEWORK,
            "population": "",
            "quartile": None,
        }
        if not year.breakdown_known:
            rows.append(
                {
                    **common,
                    "indicateur": "total",
                    "libelle": "Index (détail par indicateur non disponible)",
                    "calculable": year.index is not None,
                    "motif_non_calculable": "",
                    "code_motif_non_calculable": "",
                    "resultat": None,
                    "unite_resultat": "",
                    "resultat_nombre_salaries": None,
                    "population_favorisee": "",
                    "points": year.index,
                    "points_max": 100,
                    "objectif_progression": "",
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
                    "code_motif_non_calculable": row["reason_code"],
                    "resultat": row["result"],
                    "unite_resultat": (
                        RESULT_UNITS.get(row["key"], DEFAULT_RESULT_UNIT)
                        if row["result"] is not None
                        else ""
                    ),
                    "resultat_nombre_salaries": row["employees_count_result"],
                    "population_favorisee": row["favorable_population"],
                    "points": row["score"],
                    "points_max": row["max_points"],
                    "objectif_progression": row["objective"],
                }
            )
    return rows + transparency_rows()


def transparency_framework(record):
    """The legal frame, as the public page says it: never a law that is not in force."""
    if record.legal_basis == LegalBasis.FRENCH_LAW:
        return f"{record.law_reference}, qui transpose la directive (UE) 2023/970, article 9"
    return (
        "Directive (UE) 2023/970, article 9 : publication volontaire, par anticipation de la loi "
        "française de transposition"
    )


def transparency_rows():
    """One row per published indicator (a) to (f) of each live pay-transparency year."""
    rows = []
    for record in PayTransparencyYear.objects.published():
        common = dict.fromkeys(COLUMNS, "")
        common.update(
            annee_publication=record.publication_date.year if record.publication_date else None,
            annee_donnees=record.reference_year,
            date_publication=record.publication_date,
            description_perimetre=record.scope_description,
            points=None,
            points_max=None,
            index=None,
            resultat_nombre_salaries=None,
            points_obtenus=None,
            points_calculables=None,
            dispositif=TRANSPARENCY,
            cadre_publication=transparency_framework(record),
            quartile=None,
        )
        absent = record.variable_pay_absent_for()
        for name, letter, label in TRANSPARENCY_GAPS:
            value = getattr(record, name)
            favored = "" if value is None or value == 0 else ("men" if value > 0 else "women")
            rows.append(
                {
                    **common,
                    "indicateur": TRANSPARENCY_CODES[name],
                    "libelle": f"({letter}) {label}",
                    "calculable": value is not None,
                    "motif_non_calculable": (
                        f"Sans objet : aucun·e des {' ni des '.join(absent)} ne perçoit de part "
                        "variable"
                        if value is None and absent
                        else ""
                    ),
                    "resultat": value,
                    "unite_resultat": "%" if value is not None else "",
                    "population_favorisee": favored,
                }
            )
        for sex, share in (
            ("women", record.variable_pay_share_women),
            ("men", record.variable_pay_share_men),
        ):
            rows.append(
                {
                    **common,
                    "indicateur": "transparence_e",
                    "libelle": "(e) Part des travailleurs percevant une part variable",
                    "calculable": share is not None,
                    "resultat": share,
                    "unite_resultat": "%",
                    "population": sex,
                }
            )
        for quartile in QUARTILES:
            for sex in ("women", "men"):
                rows.append(
                    {
                        **common,
                        "indicateur": "transparence_f",
                        "libelle": f"(f) Part dans le {QUARTILE_LABELS[quartile]}",
                        "calculable": True,
                        "resultat": getattr(record, f"quartile_{quartile}_{sex}"),
                        "unite_resultat": "%",
                        "population": sex,
                        "quartile": quartile,
                    }
                )
    return rows


def plain_decimal(number):
    """Decimal('6.100') -> '6.1', Decimal('10.000') -> '10' (never '1E+1')."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def machine_value(key, value):
    """A value for the declared CSV: codes, ISO dates, decimal point, "oui"/"non"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if key == "date_publication":
        return value.isoformat()
    if key in ("population_favorisee", "population"):
        return FAVORED_CODES.get(value, value)
    return value


def machine_row(row):
    return {key: neutralise_formula(machine_value(key, row[key])) for key in COLUMNS}


def json_row(row):
    """The same values for JSON: numbers stay numbers, absent dates are ""."""
    values = {}
    for key in COLUMNS:
        value = row[key]
        if isinstance(value, Decimal):
            value = float(plain_decimal(value))
        elif key == "date_publication":
            value = value.isoformat() if value else ""
        elif key in ("population_favorisee", "population"):
            value = FAVORED_CODES.get(value, value)
        values[key] = value
    return values


def spreadsheet_value(key, value):
    """A value for French Excel: labels, "01/03/2026", decimal comma, "oui"/"non"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return plain_decimal(value).replace(".", ",")
    if key == "date_publication":
        return value.strftime("%d/%m/%Y")
    if key == "tranche_effectif":
        return WORKFORCE_RANGE_LABELS.get(value, value)
    if key in ("population_favorisee", "population"):
        return FAVORED_LABELS.get(value, value)
    if key == "dispositif":
        return SCHEME_LABELS.get(value, value)
    return value


def spreadsheet_row(row):
    return [neutralise_formula(spreadsheet_value(key, row[key])) for key in SPREADSHEET_COLUMNS]


def spreadsheet_header():
    return [COLUMN_LABELS[key] for key in SPREADSHEET_COLUMNS]
