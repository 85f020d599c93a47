"""Which legal text applies to which year, as the admin says it (no Django import).

The index (code du travail, L1142-8 and following; décret 2019-15) is due every
year by 1 March, and stays due until a French law replaces it. Directive (EU)
2023/970 had to be transposed by 7 June 2026; the French bill (sent to the
social partners in March 2026) would replace the index with the directive's
indicators (a) to (g) from 2027, for companies of 50 or more, publishing (a) to
(f) and never (g). As long as that bill is not a law, the directive binds the
State, not the employer: its indicators may be published, voluntarily, and the
public site never says they are required (``PayTransparencyYear.legal_basis``).

These sentences are for the team, in the admin. They are written as what was
known when the code was written, and they say so, so that they do not turn false
the day the law is adopted: the team then records the law on the year it applies
to, and the public wording follows that record.
"""

from dataclasses import dataclass

__all__ = [
    "DIRECTIVE",
    "INDEX_LAW",
    "TRANSPOSITION_DEADLINE_TEXT",
    "YearRule",
    "rules_by_publication_year",
]

INDEX_LAW = (
    "l'index de l'égalité professionnelle (code du travail, articles L1142-8 à L1142-10 et "
    "D1142-2 à D1142-14 ; décret n° 2019-15 du 8 janvier 2019)"
)
DIRECTIVE = (
    "la directive (UE) 2023/970 du 10 mai 2023 sur la transparence des rémunérations, "
    "article 9, indicateurs (a) à (g)"
)
TRANSPOSITION_DEADLINE_TEXT = "7 juin 2026"
# The first publication year the bill would give to the directive's indicators.
FIRST_YEAR_OF_THE_BILL = 2027


@dataclass(frozen=True)
class YearRule:
    years: str  # "2019 à 2026", "2027 et après"
    index: str
    transparency: str


def rules_by_publication_year():
    """The rows of the admin's table: for each span of publication years, what applies."""
    return [
        YearRule(
            years=f"2019 à {FIRST_YEAR_OF_THE_BILL - 1}",
            index=f"Obligatoire : {INDEX_LAW}, à publier au plus tard le 1er mars.",
            transparency=(
                f"Aucune obligation pour l'entreprise : {DIRECTIVE} s'adresse aux États, qui "
                f"devaient la transposer au plus tard le {TRANSPOSITION_DEADLINE_TEXT}. "
                "Publication possible à titre volontaire seulement."
            ),
        ),
        YearRule(
            years=f"{FIRST_YEAR_OF_THE_BILL} et après",
            index=(
                "Obligatoire tant qu'une loi française ne l'a pas remplacé. Le projet de loi de "
                "transposition (transmis aux partenaires sociaux en mars 2026) prévoit de le "
                f"remplacer à partir de {FIRST_YEAR_OF_THE_BILL} ; à notre connaissance, il "
                "n'est pas adopté."
            ),
            transparency=(
                "Obligatoires seulement quand la loi française de transposition sera adoptée "
                "et en vigueur (projet : entreprises d'au moins 50 salarié·es, indicateurs "
                "(a) à (f) publiés, (g) transmis aux représentant·es du personnel et à "
                "l'administration, jamais publié). D'ici là : publication volontaire, par "
                "anticipation. Quand la loi est adoptée, indiquez-la dans « Cadre de la "
                "publication » : la page publique le dira."
            ),
        ),
    ]
