"""One record per year of the Index de l'égalité professionnelle femmes-hommes, and one
per year of the pay-transparency indicators of directive 2023/970 (article 9).

The communication team types the indicator results, or fills them from the
workforce tables (`apply_simulation`, admin_views.py); the points, the total and
the index are computed by `scoring.score_results` and stored with the record,
so a published figure never changes afterwards, even if the code does.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.cache import cached_for_content
from core.models import BasePage

from . import scoring
from .chart import history_chart, transparency_chart
from .scoring import (
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
    WORKFORCE_RANGE_LABELS,
)
from .simulation import PAY_MODES, simulate
from .workforce import PAY_MODE_LABELS, tables_headcount

COMPUTABLE = "calculable"
FAVORED_SEX_CHOICES = [("men", "Les hommes"), ("women", "Les femmes")]
# For the history table, where a phone leaves each indicator a narrow column.
SHORT_LABELS = {
    REMUNERATIONS: "Rémunérations",
    SALARY_RAISES: "Augmentations",
    PROMOTIONS: "Promotions",
    SALARY_RAISES_AND_PROMOTIONS: "Augmentations et promotions",
    MATERNITY_LEAVES: "Congé maternité",
    HIGH_REMUNERATIONS: "Hautes rémunérations",
}
# The gap indicators: a favoured sex is asked for as soon as their gap is not 0.
GAP_INDICATORS = (REMUNERATIONS, SALARY_RAISES, PROMOTIONS, SALARY_RAISES_AND_PROMOTIONS)
# The fields of one indicator are named "<indicator key>_<suffix>".
INDICATOR_FIELD_SUFFIXES = (
    "status",
    "result",
    "employees_count_result",
    "favorable_population",
    "objective",
)


@dataclass(frozen=True)
class Plausible:
    """The values a result can plausibly take; anything else is a typing error.

    The official scales only need a result >= 0, but a pay gap of 78 % or a gap of
    1 000 employees in a company of at most 250 is a slip of the keyboard (a missing
    decimal comma, most often), and the team should hear it before saving.
    """

    indicator: str
    what: str  # "un écart", "un pourcentage"...
    maximum: int
    unit: str = ""  # printed after the bounds: " %", " points de pourcentage"
    integer: bool = False

    def phrase(self):
        return f"saisissez {self.what} compris entre 0 et {self.maximum}{self.unit}"


# The indicators of 2021 on (published in 2022) also need progression objectives below
# 85 points and the corrective measures published below 75 (spec §6).
FIRST_DATA_YEAR_OF_OBJECTIVES = 2021

PLAUSIBLE_RESULTS = {
    # Indicator 1 scores 0 past 20 %; the Ministry's published gaps, after the
    # pertinence thresholds, stay far below 50 %.
    "remunerations_result": Plausible(REMUNERATIONS, "un écart", 50, " %"),
    # Indicators 2, 3 and 2et3 are gaps between two rates of 0 to 100 %.
    "salary_raises_result": Plausible(SALARY_RAISES, "un écart", 100, " points de pourcentage"),
    "promotions_result": Plausible(PROMOTIONS, "un écart", 100, " points de pourcentage"),
    "salary_raises_and_promotions_result": Plausible(
        SALARY_RAISES_AND_PROMOTIONS, "un écart", 100, " points de pourcentage"
    ),
    # The rate gap applied to the smaller of the women's and men's head counts (§9),
    # which is at most 125 in a company of 50 to 250 employees.
    "salary_raises_and_promotions_employees_count_result": Plausible(
        SALARY_RAISES_AND_PROMOTIONS, "un nombre de salarié·es", 125
    ),
    "maternity_leaves_result": Plausible(MATERNITY_LEAVES, "un pourcentage", 100, " %"),
    "high_remunerations_result": Plausible(
        HIGH_REMUNERATIONS, "un nombre entier de salarié·es", 5, integer=True
    ),
}


def field_context(indicator, field_label):
    """How a message names where the problem is: the indicator, then the field."""
    return f"Indicateur « {INDICATOR_LABELS[indicator]} », champ « {field_label} »"


def validator_message(text):
    """`text` as a validator's message: Django fills it with `%` formatting, so a literal
    "%" is doubled (a bare one raised a ValueError, a 500, instead of showing it)."""
    return text.replace("%", "%%")


def plausible_validators(field_name, field_label):
    """Results are never negative. The plausible maximum is checked by the admin form on
    what the team types (`forms.IndicatorResultField`), not here: a result computed from
    the workforce data is a measure, however far out, not a slip of the keyboard."""
    bounds = PLAUSIBLE_RESULTS[field_name]
    message = f"{field_context(bounds.indicator, field_label)} : {bounds.phrase()}."
    return [MinValueValidator(0, message=validator_message(message))]


def simulated_results(simulation):
    """{result field: value} of a `simulation.simulate` result for the indicators of its
    workforce range; None where an indicator is not computable."""
    results = {}
    for key in INDICATORS_BY_RANGE[simulation["workforce_range"]]:
        output = simulation[key]
        if key == HIGH_REMUNERATIONS:
            results["high_remunerations_result"] = int(output["result"])
            continue
        computable = output["computable"]
        results[f"{key}_result"] = output["result"] if computable else None
        if key == SALARY_RAISES_AND_PROMOTIONS:
            results[f"{key}_employees_count_result"] = (
                output["employees_count_result"] if computable else None
            )
    return results


def ranges_of(indicator):
    """The workforce ranges an indicator applies to, as the admin form's script reads them."""
    return " ".join(
        key for key, indicators in INDICATORS_BY_RANGE.items() if indicator in indicators
    )


def status_choices(indicator):
    """'Calculable', or 'Non calculable : <official reason>' for each reason."""
    return [(COMPUTABLE, "Calculable")] + [
        (code, f"Non calculable : {label}")
        for code, label in NOT_COMPUTABLE_REASONS.get(indicator, {}).items()
    ]


def gap_is_not_zero(gap):
    """A gap that is not 0 once rounded to one decimal, as the scales read it (spec §1)."""
    try:
        return scoring.round_half_up_to_one_decimal(gap) != 0
    except scoring.ScoringError:
        return True  # not a number: the field's own validation says so


def status_field(indicator):
    return models.CharField(
        "Calculabilité",
        max_length=12,
        choices=status_choices(indicator),
        blank=True,
        help_text="Laissez vide si l'indicateur ne s'applique pas à votre tranche d'effectif.",
    )


def gap_field(field_name, help_text, verbose_name="Résultat"):
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=plausible_validators(field_name, verbose_name),
        help_text=help_text,
    )


def favored_field():
    return models.CharField(
        "Population favorisée",
        max_length=5,
        choices=FAVORED_SEX_CHOICES,
        blank=True,
        help_text="Obligatoire dès que l'écart n'est pas nul.",
    )


def objective_field():
    return models.TextField(
        "Objectif de progression",
        blank=True,
        help_text="Obligatoire sous 85 points pour chaque indicateur qui n'a pas "
        "atteint son maximum.",
    )


def score_field(indicator):
    return models.PositiveSmallIntegerField(
        f"Points : {INDICATOR_LABELS[indicator]}", null=True, editable=False
    )


class Scope(models.TextChoices):
    ENTITY = "entity", "L'entité juridique"
    UES = "ues", "L'UES et ses entreprises membres"


class CorrectiveMeasures(models.TextChoices):
    # The Ministry's codes (spec §6).
    IMPLEMENTED = "mmo", "Mesures de correction mises en œuvre"
    PLANNED = "me", "Mesures de correction envisagées"
    NOT_PLANNED = "mne", "Mesures de correction non envisagées"


class CheckedPublication:
    """What the two yearly records share: a publication checked against the law, dated
    the day it goes live, and a status in the team's words.

    Before DraftStateMixin in the bases, so that publish() runs its checks first.
    """

    def publication_problems(self):
        raise NotImplementedError

    def dated_when_published(self):
        # The day it goes live is the publication date, unless the team gave one.
        return not self.publication_date

    def publish(self, revision, *args, **kwargs):
        # The last guard: whatever path publishes (admin, schedule, shell), the law's
        # requirements are checked on the content being published.
        candidate = revision.as_object()
        problems = candidate.publication_problems()
        if problems:
            raise ValidationError(["Publication refusée : " + " ".join(problems)])
        if candidate.dated_when_published():
            content = revision.content
            content["publication_date"] = timezone.localdate().isoformat()
            revision.content = content
            revision.save(update_fields=["content"])
        return super().publish(revision, *args, **kwargs)

    @property
    def status_label(self):
        """Where the year stands, in the team's words (the listing's "État" column)."""
        if self.live:
            if self.approved_schedule:
                return "En ligne, nouvelle version programmée"
            if self.has_unpublished_changes:
                return "En ligne, modifications en brouillon"
            return "En ligne"
        if self.expired:
            return "Expiré"
        if self.approved_schedule:
            return "Programmé"
        return "Brouillon"


class PublishedIndexYearManager(models.Manager):
    def published(self):
        """Live years as published: never a draft, never a scheduled revision."""
        return self.filter(live=True).order_by("-publication_year")


class EqualityIndexYear(
    CheckedPublication,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    # A record made in code (a script, the shell) starts as a draft, as one made in
    # the admin does: only publish() puts a year online, after its legal checks.
    live = models.BooleanField("En ligne", default=False, editable=False)
    publication_year = models.PositiveSmallIntegerField(
        "Année de publication",
        unique=True,
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        error_messages={"unique": "Un index existe déjà pour cette année de publication."},
        help_text="L'année où l'index est publié, au plus tard le 1er mars.",
    )
    data_year = models.PositiveSmallIntegerField(
        "Année des données",
        validators=[MinValueValidator(2018), MaxValueValidator(2099)],
        help_text="L'année de référence des données : l'année qui précède la publication.",
    )
    publication_date = models.DateField(
        "Date de publication",
        null=True,
        blank=True,
        help_text="Laissez vide : elle est remplie le jour où l'index est publié.",
    )
    workforce_range = models.CharField(
        "Tranche d'effectif",
        max_length=8,
        choices=list(WORKFORCE_RANGE_LABELS.items()),
        blank=True,
        help_text="Elle fixe les indicateurs à renseigner : 4 jusqu'à 250 salariés, 5 au-delà.",
    )
    scope = models.CharField(
        "Périmètre",
        max_length=6,
        choices=Scope.choices,
        blank=True,
        help_text="L'entreprise seule, ou l'UES avec ses entreprises membres.",
    )
    scope_description = models.TextField(
        "Qui est compté",
        blank=True,
        help_text="Les entreprises couvertes et les salarié·es pris en compte, en clair.",
    )

    # What the Ministry's declaration asks for besides the results; never shown on the
    # public site (the printable summary of the declaration lists it).
    company_name = models.CharField(
        "Entreprise déclarante",
        max_length=200,
        blank=True,
        help_text="La raison sociale de l'entreprise qui déclare (pour une UES, celle qui "
        "déclare pour l'UES).",
    )
    siren = models.CharField(
        "SIREN",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", "Le SIREN compte 9 chiffres.")],
        help_text="Les 9 chiffres du SIREN de l'entreprise déclarante.",
    )
    ues_name = models.CharField(
        "Nom de l'UES",
        max_length=200,
        blank=True,
        help_text="Seulement si le périmètre est une UES.",
    )
    ues_companies = models.TextField(
        "Entreprises de l'UES",
        blank=True,
        help_text="Les autres entreprises de l'UES, une par ligne : raison sociale et SIREN.",
    )
    reference_period_end = models.DateField(
        "Fin de la période de référence",
        null=True,
        blank=True,
        help_text="Le dernier jour des 12 mois consécutifs pris en compte. Vide : le "
        "31 décembre de l'année des données.",
    )
    headcount = models.PositiveIntegerField(
        "Effectif pris en compte",
        null=True,
        blank=True,
        help_text="Le nombre de salarié·es pris en compte pour le calcul des indicateurs "
        "(effectif physique) ; rempli par « Calculer à partir des effectifs ».",
    )
    remunerations_mode = models.CharField(
        "Modalité de calcul de l'écart de rémunération",
        max_length=13,
        choices=[(mode, PAY_MODE_LABELS[mode]) for mode in PAY_MODES],
        blank=True,
        help_text="Comment les groupes de l'indicateur 1 sont formés ; rempli par « Calculer à "
        "partir des effectifs ».",
    )
    cse_consultation_date = models.DateField(
        "Date de consultation du CSE",
        null=True,
        blank=True,
        help_text="Pour un calcul par niveaux ou coefficients : le jour où le CSE a été consulté "
        "(vide s'il n'y a pas de CSE).",
    )
    # The tables the results were computed from (aggregates only, small groups' pay left
    # out: workforce.tables_to_keep), so that next year starts from them. Admin only.
    workforce_tables = models.JSONField(
        "Tableaux des effectifs (agrégés)",
        null=True,
        blank=True,
        editable=False,
        encoder=DjangoJSONEncoder,
    )

    breakdown_known = models.BooleanField(
        "Le détail par indicateur est connu",
        default=True,
        help_text="Décochez pour une année passée dont seul le total publié est connu.",
    )
    published_index = models.PositiveSmallIntegerField(
        "Index publié (détail inconnu)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Seulement si le détail est inconnu : le total sur 100 tel qu'il a été publié.",
    )

    remunerations_status = status_field(REMUNERATIONS)
    remunerations_result = gap_field(
        "remunerations_result",
        "Écart de rémunération, en %, en valeur absolue (de 0 à 50), par exemple 6,1.",
    )
    remunerations_favorable_population = favored_field()
    remunerations_objective = objective_field()

    salary_raises_status = status_field(SALARY_RAISES)
    salary_raises_result = gap_field(
        "salary_raises_result",
        "Écart de taux d'augmentations, en points de %, en valeur absolue (de 0 à 100).",
    )
    salary_raises_favorable_population = favored_field()
    salary_raises_objective = objective_field()

    promotions_status = status_field(PROMOTIONS)
    promotions_result = gap_field(
        "promotions_result",
        "Écart de taux de promotions, en points de %, en valeur absolue (de 0 à 100).",
    )
    promotions_favorable_population = favored_field()
    promotions_objective = objective_field()

    salary_raises_and_promotions_status = status_field(SALARY_RAISES_AND_PROMOTIONS)
    salary_raises_and_promotions_result = gap_field(
        "salary_raises_and_promotions_result",
        "Écart de taux d'augmentations, en points de %, en valeur absolue (de 0 à 100).",
    )
    salary_raises_and_promotions_employees_count_result = gap_field(
        "salary_raises_and_promotions_employees_count_result",
        "Le même écart, exprimé en nombre de salarié·es (de 0 à 125) : le meilleur des "
        "deux compte.",
        verbose_name="Écart en nombre de salariés",
    )
    salary_raises_and_promotions_favorable_population = favored_field()
    salary_raises_and_promotions_objective = objective_field()

    maternity_leaves_status = status_field(MATERNITY_LEAVES)
    maternity_leaves_result = models.DecimalField(
        "Résultat",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=plausible_validators("maternity_leaves_result", "Résultat"),
        help_text="Part des salariées augmentées à leur retour de congé maternité, en % "
        "(de 0 à 100).",
    )
    maternity_leaves_objective = objective_field()

    high_remunerations_result = models.PositiveSmallIntegerField(
        "Résultat",
        null=True,
        blank=True,
        validators=plausible_validators("high_remunerations_result", "Résultat"),
        help_text="Nombre de salarié·es du sexe sous-représenté parmi les 10 plus hautes "
        "rémunérations (de 0 à 5).",
    )
    high_remunerations_favorable_population = models.CharField(
        "Sexe majoritaire",
        max_length=5,
        choices=FAVORED_SEX_CHOICES,
        blank=True,
        help_text="Le sexe le plus représenté parmi les 10 plus hautes rémunérations.",
    )
    high_remunerations_objective = objective_field()

    corrective_measures = models.CharField(
        "Mesures de correction",
        max_length=3,
        choices=CorrectiveMeasures.choices,
        blank=True,
        help_text="Obligatoire quand l'index est inférieur à 75.",
    )
    corrective_measures_text = RichTextField(
        "Mesures de correction (texte publié)",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Les mesures, telles qu'elles sont publiées : obligatoire sous 75 points.",
    )

    # Computed by scoring.score_results on every save; never typed in.
    remunerations_score = score_field(REMUNERATIONS)
    salary_raises_score = score_field(SALARY_RAISES)
    promotions_score = score_field(PROMOTIONS)
    salary_raises_and_promotions_score = score_field(SALARY_RAISES_AND_PROMOTIONS)
    maternity_leaves_score = score_field(MATERNITY_LEAVES)
    high_remunerations_score = score_field(HIGH_REMUNERATIONS)
    points = models.PositiveSmallIntegerField("Points obtenus", null=True, editable=False)
    computable_points = models.PositiveSmallIntegerField(
        "Points calculables", null=True, editable=False
    )
    index = models.PositiveSmallIntegerField("Index", null=True, editable=False)
    progression_objectives_required = models.BooleanField(default=False, editable=False)
    corrective_measures_required = models.BooleanField(default=False, editable=False)

    objects = PublishedIndexYearManager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publication_year"), FieldPanel("data_year")]),
                FieldPanel("publication_date"),
                FieldPanel("workforce_range"),
                FieldRowPanel([FieldPanel("scope")]),
                FieldPanel("scope_description"),
            ],
            heading="L'année et le périmètre",
        ),
        HelpPanel(
            template="equality_index/admin/legal_texts_panel.html",
            heading="Quel texte s'applique à quelle année",
        ),
        MultiFieldPanel(
            [FieldPanel("breakdown_known"), FieldPanel("published_index")],
            heading="Détail connu ou total seul",
        ),
        HelpPanel(
            template="equality_index/admin/workforce_panel.html",
            heading="À partir des effectifs ou du fichier des salarié·es",
        ),
        HelpPanel(
            template="equality_index/admin/computed_points.html",
            heading="Points calculés",
        ),
        MultiFieldPanel(
            [
                FieldPanel("remunerations_status"),
                FieldRowPanel(
                    [
                        FieldPanel("remunerations_result"),
                        FieldPanel("remunerations_favorable_population"),
                    ]
                ),
                FieldPanel("remunerations_objective"),
            ],
            heading="1. Écart de rémunération (40 points)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("salary_raises_status"),
                FieldRowPanel(
                    [
                        FieldPanel("salary_raises_result"),
                        FieldPanel("salary_raises_favorable_population"),
                    ]
                ),
                FieldPanel("salary_raises_objective"),
            ],
            heading="2. Augmentations individuelles, plus de 250 salariés (20 points)",
            attrs={"data-index-ranges": ranges_of(SALARY_RAISES)},
        ),
        MultiFieldPanel(
            [
                FieldPanel("promotions_status"),
                FieldRowPanel(
                    [FieldPanel("promotions_result"), FieldPanel("promotions_favorable_population")]
                ),
                FieldPanel("promotions_objective"),
            ],
            heading="3. Promotions, plus de 250 salariés (15 points)",
            attrs={"data-index-ranges": ranges_of(PROMOTIONS)},
        ),
        MultiFieldPanel(
            [
                FieldPanel("salary_raises_and_promotions_status"),
                FieldRowPanel(
                    [
                        FieldPanel("salary_raises_and_promotions_result"),
                        FieldPanel("salary_raises_and_promotions_employees_count_result"),
                        FieldPanel("salary_raises_and_promotions_favorable_population"),
                    ]
                ),
                FieldPanel("salary_raises_and_promotions_objective"),
            ],
            heading="2 et 3. Augmentations, promotions incluses, 50 à 250 salariés (35 points)",
            attrs={"data-index-ranges": ranges_of(SALARY_RAISES_AND_PROMOTIONS)},
        ),
        MultiFieldPanel(
            [
                FieldPanel("maternity_leaves_status"),
                FieldPanel("maternity_leaves_result"),
                FieldPanel("maternity_leaves_objective"),
            ],
            heading="4. Retour de congé maternité (15 points)",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("high_remunerations_result"),
                        FieldPanel("high_remunerations_favorable_population"),
                    ]
                ),
                FieldPanel("high_remunerations_objective"),
            ],
            heading="5. Les 10 plus hautes rémunérations (10 points)",
        ),
        MultiFieldPanel(
            [FieldPanel("corrective_measures"), FieldPanel("corrective_measures_text")],
            heading="Mesures de correction (index inférieur à 75)",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("company_name"), FieldPanel("siren")]),
                FieldPanel("ues_name"),
                FieldPanel("ues_companies"),
                FieldRowPanel([FieldPanel("reference_period_end"), FieldPanel("headcount")]),
                FieldPanel("remunerations_mode"),
                FieldPanel("cse_consultation_date"),
            ],
            heading="Pour la déclaration au ministère (jamais publié)",
        ),
        # Lets the team prepare the year in February and schedule it for 1 March.
        PublishingPanel(heading="Programmer la publication"),
    ]

    class Meta:
        # Masculine and invariable, so that Wagtail's "un(e)", "le(la)", "créé(e)" read
        # as plain French ("un index", "créé") and the plural needs no other form.
        verbose_name = "index de l'égalité"
        verbose_name_plural = "index de l'égalité"
        ordering = ["-publication_year"]

    def __str__(self):
        return f"Index {self.publication_year} (données {self.data_year})"

    def save(self, *args, **kwargs):
        self.compute_scores()
        super().save(*args, **kwargs)

    # --- The data, as scoring.py reads it -------------------------------------------------

    @property
    def indicators(self):
        """The indicator keys of this year's workforce range, in the official order."""
        return INDICATORS_BY_RANGE.get(self.workforce_range, ())

    def results_for_scoring(self):
        """This record's results in the shape `scoring.score_results` takes."""
        results = {"workforce_range": self.workforce_range}
        for key in self.indicators:
            if key == HIGH_REMUNERATIONS:
                results[key] = {
                    "result": self.high_remunerations_result,
                    "favorable_population": self.high_remunerations_favorable_population or None,
                }
                continue
            status = getattr(self, f"{key}_status")
            if status != COMPUTABLE:
                results[key] = {"computable": False, "reason": status or None}
                continue
            entry = {"computable": True, "result": getattr(self, f"{key}_result")}
            if key != MATERNITY_LEAVES:
                entry["favorable_population"] = getattr(self, f"{key}_favorable_population") or None
            if key == SALARY_RAISES_AND_PROMOTIONS:
                entry["employees_count_result"] = (
                    self.salary_raises_and_promotions_employees_count_result
                )
            results[key] = entry
        return results

    def missing_data(self):
        """What must still be typed before the points can be computed, in French."""
        if not self.workforce_range:
            return ["la tranche d'effectif"]
        missing = []
        for key in self.indicators:
            label = INDICATOR_LABELS[key]
            if key == HIGH_REMUNERATIONS:
                if self.high_remunerations_result is None:
                    missing.append(f"le résultat de l'indicateur « {label} »")
                continue
            status = getattr(self, f"{key}_status")
            if not status:
                missing.append(f"la calculabilité de l'indicateur « {label} »")
                continue
            if status != COMPUTABLE:
                continue
            gaps = [getattr(self, f"{key}_result")]
            if getattr(self, f"{key}_result") is None:
                missing.append(f"le résultat de l'indicateur « {label} »")
            if key == SALARY_RAISES_AND_PROMOTIONS:
                gaps.append(self.salary_raises_and_promotions_employees_count_result)
                if gaps[-1] is None:
                    missing.append("l'écart en nombre de salariés de l'indicateur 2 et 3")
            if (
                key in GAP_INDICATORS
                and not getattr(self, f"{key}_favorable_population")
                and any(gap is not None and gap_is_not_zero(gap) for gap in gaps)
            ):
                # The correction rule needs it (spec §4); a draft may still go without.
                missing.append(
                    f"la population favorisée (les hommes ou les femmes) de l'indicateur "
                    f"« {label} », obligatoire quand l'écart n'est pas nul"
                )
        return missing

    def fields_of_other_ranges(self):
        """Indicators filled in although they do not apply to the chosen workforce range."""
        if not self.workforce_range:
            return []  # a draft without its range yet: nothing to compare with
        others = [key for key in MAX_POINTS if key not in self.indicators]
        return [
            INDICATOR_LABELS[key]
            for key in others
            if getattr(self, f"{key}_status", "")
            or getattr(self, f"{key}_result", None) is not None
            or getattr(self, f"{key}_employees_count_result", None) is not None
        ]

    # --- Validation and computation -------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.publication_year and self.data_year and self.data_year != self.publication_year - 1:
            errors["data_year"] = (
                f"Les données d'un index publié en {self.publication_year} sont celles de "
                f"{self.publication_year - 1}."
            )
        if not self.breakdown_known:
            if self.published_index is None:
                errors["published_index"] = (
                    "Sans le détail, indiquez l'index tel qu'il a été publié."
                )
            if self.has_any_indicator_data():
                errors["breakdown_known"] = (
                    "Des résultats d'indicateurs sont saisis : cochez « Le détail par indicateur "
                    "est connu », ou videz-les."
                )
        else:
            # No range yet is fine for a draft: publication_problems() asks for it.
            if self.published_index is not None:
                errors["published_index"] = (
                    "Quand le détail est connu, l'index est calculé : laissez ce champ vide."
                )
            other_ranges = self.fields_of_other_ranges()
            if other_ranges:
                errors["workforce_range"] = (
                    "Ces indicateurs ne s'appliquent pas à cette tranche d'effectif : "
                    + ", ".join(other_ranges)
                    + ". Videz-les ou changez de tranche."
                )
            elif not self.missing_data():
                try:
                    scoring.score_results(self.results_for_scoring())
                except scoring.ScoringError as error:
                    errors.setdefault("__all__", []).append(str(error))
        if errors:
            raise ValidationError(errors)

    def has_any_indicator_data(self):
        return any(
            getattr(self, f"{key}_status", "") or getattr(self, f"{key}_result", None) is not None
            for key in MAX_POINTS
        )

    def compute_scores(self):
        """Store the points computed by the official scales (None while incomplete)."""
        score = None
        if self.breakdown_known and not self.missing_data():
            try:
                score = scoring.score_results(self.results_for_scoring())
            except scoring.ScoringError:
                score = None  # clean() reports it; a draft may be saved meanwhile
        for key in MAX_POINTS:
            setattr(self, f"{key}_score", score[f"{key}_score"] if score else None)
        if score:
            self.points = score["points"]
            self.computable_points = score["computable_points"]
            self.index = score["index"]
            objectives = score["progression_objectives_required"]
            self.corrective_measures_required = score["corrective_measures_required"]
        else:
            self.points = self.computable_points = None
            self.index = None if self.breakdown_known else self.published_index
            objectives = scoring.progression_objectives_required(self.index)
            self.corrective_measures_required = scoring.corrective_measures_required(self.index)
        self.progression_objectives_required = objectives and self.under_the_2021_rules

    @property
    def under_the_2021_rules(self):
        """Whether the objectives and the publication of the corrective measures are due: only
        for the indicators of 2021 and after (loi 2021-1774, art. 13; spec §6). A year not yet
        dated counts as recent."""
        return not self.data_year or self.data_year >= FIRST_DATA_YEAR_OF_OBJECTIVES

    def publication_problems(self):
        """Why the law forbids publishing this record as it is, in French (empty: it may go)."""
        if not self.breakdown_known:
            if self.published_index is None:
                return ["l'index publié manque."]
            return []
        problems = [f"il manque {item}." for item in self.missing_data()]
        if problems:
            return problems
        try:
            scoring.score_results(self.results_for_scoring())
        except scoring.ScoringError as error:
            return [str(error)]
        self.compute_scores()
        if not self.scope:
            problems.append("indiquez le périmètre (l'entité ou l'UES).")
        if not self.scope_description.strip():
            problems.append("précisez qui est compté dans le périmètre.")
        if self.progression_objectives_required:
            for key in self.indicators_below_maximum():
                if not getattr(self, f"{key}_objective").strip():
                    problems.append(
                        f"sous 85 points, un objectif de progression est obligatoire pour "
                        f"l'indicateur « {INDICATOR_LABELS[key]} »."
                    )
        if self.corrective_measures_required:
            if not self.corrective_measures:
                problems.append("sous 75 points, indiquez les mesures de correction.")
            if self.under_the_2021_rules and not self.corrective_measures_text.strip():
                problems.append(
                    "sous 75 points, le texte des mesures de correction doit être publié."
                )
        return problems

    # --- The index computed from the workforce tables ----------------------------------------

    def apply_simulation(self, simulation, tables, source, computed_on):
        """Fill in the indicator results of a `simulation.simulate` result, and keep its tables.

        `tables` are those `simulation` was computed from, as `workforce.tables_to_keep`
        gives them (aggregates only); `source` is "form" (typed) or "file" (imported).
        Indicators of another workforce range are emptied; objectives are left as typed.
        """
        self.workforce_range = simulation["workforce_range"]
        applicable = INDICATORS_BY_RANGE[self.workforce_range]
        for key in MAX_POINTS:
            if key in applicable:
                continue
            for suffix in ("status", "result", "employees_count_result", "favorable_population"):
                name = f"{key}_{suffix}"
                if hasattr(self, name):
                    setattr(self, name, None if self._meta.get_field(name).null else "")
        for name, value in simulated_results(simulation).items():
            setattr(self, name, value)
        for key in applicable:
            output = simulation[key]
            if key == HIGH_REMUNERATIONS:
                self.high_remunerations_favorable_population = output["favorable_population"] or ""
                continue
            computable = output["computable"]
            setattr(self, f"{key}_status", COMPUTABLE if computable else output["reason"])
            if key != MATERNITY_LEAVES:
                favored = output["favorable_population"] if computable else None
                setattr(self, f"{key}_favorable_population", favored or "")
        self.breakdown_known = True
        self.published_index = None
        self.headcount = tables_headcount(tables)
        self.remunerations_mode = tables["pay"]["mode"]
        self.workforce_tables = {
            "source": source,
            "computed_on": computed_on.isoformat(),
            "tables": tables,
        }
        self.compute_scores()

    @property
    def kept_tables(self):
        """The tables kept with the year (the input of `simulate`), or None."""
        return (self.workforce_tables or {}).get("tables")

    def computed_results(self):
        """{result field: value} as the kept tables compute them, for the indicators of the
        year's range; empty without tables (or when they no longer compute)."""
        tables = self.kept_tables
        if not tables:
            return {}
        try:
            return simulated_results(simulate(tables))
        except scoring.ScoringError:
            return {}

    def tables_disagreements(self):
        """The indicators whose results are no longer those of the kept tables (typed over)."""
        tables = self.kept_tables
        if not tables or not self.breakdown_known:
            return []
        try:
            declaration = simulate(tables)["declaration"]
        except scoring.ScoringError:
            return ["les tableaux conservés ne se calculent plus avec les règles actuelles"]
        if declaration["workforce_range"] != self.workforce_range:
            return ["la tranche d'effectif"]
        ours = self.results_for_scoring()
        return [
            f"« {INDICATOR_LABELS[key]} »"
            for key in self.indicators
            if _comparable(key, declaration.get(key)) != _comparable(key, ours.get(key))
        ]

    @property
    def reference_period_end_or_default(self):
        if self.reference_period_end:
            return self.reference_period_end
        return datetime.date(self.data_year, 12, 31) if self.data_year else None

    def indicators_below_maximum(self):
        return [
            key
            for key in self.indicators
            if getattr(self, f"{key}_score") is not None
            and getattr(self, f"{key}_score") < MAX_POINTS[key]
        ]

    def dated_when_published(self):
        # A past year recorded from its total alone keeps its date unknown rather than
        # a wrong one.
        return self.breakdown_known and not self.publication_date

    # --- What the public page shows --------------------------------------------------------

    def indicator_rows(self):
        """Each indicator of the year as published: its result, points, maximum, or why it
        is not computable, and its progression objective."""
        rows = []
        favored_labels = dict(FAVORED_SEX_CHOICES)
        for key in self.indicators:
            status = (
                getattr(self, f"{key}_status", COMPUTABLE)
                if key != HIGH_REMUNERATIONS
                else COMPUTABLE
            )
            computable = status == COMPUTABLE
            favored = getattr(self, f"{key}_favorable_population", "") if computable else ""
            rows.append(
                {
                    "key": key,
                    "label": INDICATOR_LABELS[key],
                    "short_label": SHORT_LABELS[key],
                    "result": getattr(self, f"{key}_result") if computable else None,
                    "employees_count_result": (
                        self.salary_raises_and_promotions_employees_count_result
                        if key == SALARY_RAISES_AND_PROMOTIONS and computable
                        else None
                    ),
                    "favorable_population": favored,
                    "favorable_population_label": favored_labels.get(favored, ""),
                    "score": getattr(self, f"{key}_score"),
                    "max_points": MAX_POINTS[key],
                    "computable": computable,
                    "reason_code": "" if computable else status,
                    "reason": NOT_COMPUTABLE_REASONS.get(key, {}).get(status, ""),
                    "objective": getattr(self, f"{key}_objective"),
                }
            )
        return rows

    @property
    def has_objectives(self):
        return any(getattr(self, f"{key}_objective").strip() for key in self.indicators)

    def get_preview_template(self, request, mode_name):
        return "equality_index/index_year_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        self.compute_scores()  # the preview object comes from the form, unsaved
        context["year"] = self
        return context


# --- The pay-transparency indicators (directive 2023/970, article 9) -------------------------


class LegalBasis(models.TextChoices):
    ANTICIPATION = (
        "anticipation",
        (
            "Publication volontaire, par anticipation : la loi française de transposition n'est "
            "pas adoptée"
        ),
    )
    FRENCH_LAW = "loi", "En application de la loi française qui transpose la directive"


class TransparencySource(models.TextChoices):
    MINISTRY = "ministere", "Chiffres préremplis par le ministère, vérifiés par l'équipe"
    FILE = "fichier", "Calculés à partir du fichier des salariés"


def transparency_gap_field(verbose_name, help_text):
    return models.DecimalField(
        verbose_name,
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        # A signed gap is at most 100 % (women paid nothing) and has no lower bound: women
        # paid three times as much as men give -200 %, which happens with variable pay.
        validators=[
            MaxValueValidator(
                100,
                message=validator_message(
                    f"{verbose_name} : un écart ne dépasse pas 100 % (la rémunération des "
                    "femmes ne peut être négative) ; les écarts en faveur des femmes sont "
                    "négatifs."
                ),
            ),
        ],
        help_text=help_text,
    )


def share_field(verbose_name, help_text="En %, de 0 à 100."):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                0, message=f"{verbose_name} : saisissez un pourcentage entre 0 et 100."
            ),
            MaxValueValidator(
                100, message=f"{verbose_name} : saisissez un pourcentage entre 0 et 100."
            ),
        ],
        help_text=help_text,
    )


GAP_HELP = (
    "Écart signé, en % de la rémunération des hommes : positif quand les hommes sont mieux "
    "payés, négatif quand ce sont les femmes (par exemple -2,4)."
)
# The published indicators (a) to (f), in the directive's order: (field, letter, label).
TRANSPARENCY_GAPS = [
    ("mean_gap_annual", "a", "Écart de rémunération moyen, sur la rémunération annuelle"),
    ("mean_gap_hourly", "a", "Écart de rémunération moyen, sur la rémunération horaire"),
    ("variable_mean_gap", "b", "Écart moyen des composantes variables ou complémentaires"),
    ("median_gap_annual", "c", "Écart de rémunération médian, sur la rémunération annuelle"),
    ("median_gap_hourly", "c", "Écart de rémunération médian, sur la rémunération horaire"),
    ("variable_median_gap", "d", "Écart médian des composantes variables ou complémentaires"),
]
QUARTILES = (1, 2, 3, 4)
QUARTILE_LABELS = {
    1: "1er quartile (les rémunérations horaires les plus basses)",
    2: "2e quartile",
    3: "3e quartile",
    4: "4e quartile (les rémunérations horaires les plus hautes)",
}
# How far women + men of a quartile may be from 100 %: each share is rounded.
QUARTILE_SUM_TOLERANCE = Decimal("0.1")


class PublishedTransparencyManager(models.Manager):
    def published(self):
        return self.filter(live=True).order_by("-reference_year")


class PayTransparencyYear(
    CheckedPublication,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """One year of the directive's pay-transparency indicators.

    (a) to (f) are typed from what the Ministry shows (prefilled from the payroll
    declarations), or computed from the per-employee file to check them; they are
    published only when the team publishes the record, with the wording its
    `legal_basis` allows. (g), the gaps by category of workers, is kept for the
    admin only (`category_gaps`): it goes to the workers' representatives and the
    authority, never to a public page or export.
    """

    live = models.BooleanField("En ligne", default=False, editable=False)
    reference_year = models.PositiveSmallIntegerField(
        "Année de référence",
        unique=True,
        validators=[MinValueValidator(2023), MaxValueValidator(2099)],
        error_messages={"unique": "Des indicateurs existent déjà pour cette année de référence."},
        help_text="L'année civile des rémunérations mesurées (les indicateurs de 2026 se "
        "publient en 2027).",
    )
    publication_date = models.DateField(
        "Date de publication",
        null=True,
        blank=True,
        help_text="Laissez vide : elle est remplie le jour où les indicateurs sont publiés.",
    )
    scope_description = models.TextField(
        "Qui est compté",
        blank=True,
        help_text="Les entreprises et les travailleurs et travailleuses pris en compte, en clair.",
    )
    legal_basis = models.CharField(
        "Cadre de la publication",
        max_length=12,
        choices=LegalBasis.choices,
        default=LegalBasis.ANTICIPATION,
        help_text="Ce que la page publique dit du cadre légal. « En application de la loi » "
        "seulement quand la loi française est adoptée et s'applique à cette année.",
    )
    law_reference = models.CharField(
        "Référence de la loi",
        max_length=200,
        blank=True,
        help_text="Par exemple « loi n° 2027-123 du 15 mars 2027 » : obligatoire avec « En "
        "application de la loi ».",
    )
    source = models.CharField(
        "Origine des chiffres",
        max_length=10,
        choices=TransparencySource.choices,
        blank=True,
    )

    mean_gap_annual = transparency_gap_field("(a) Écart moyen, rémunération annuelle", GAP_HELP)
    mean_gap_hourly = transparency_gap_field(
        "(a) Écart moyen, rémunération horaire", "Le même écart sur la rémunération horaire."
    )
    variable_mean_gap = transparency_gap_field(
        "(b) Écart moyen de la part variable",
        "Parmi les personnes qui en perçoivent. Vide seulement si aucune femme ou aucun "
        "homme n'en perçoit.",
    )
    median_gap_annual = transparency_gap_field("(c) Écart médian, rémunération annuelle", GAP_HELP)
    median_gap_hourly = transparency_gap_field(
        "(c) Écart médian, rémunération horaire", "Le même écart sur la rémunération horaire."
    )
    variable_median_gap = transparency_gap_field(
        "(d) Écart médian de la part variable",
        "Vide seulement si aucune femme ou aucun homme n'en perçoit.",
    )
    variable_pay_share_women = share_field(
        "(e) Part des femmes percevant une part variable",
        "En % des femmes, de 0 à 100.",
    )
    variable_pay_share_men = share_field(
        "(e) Part des hommes percevant une part variable",
        "En % des hommes, de 0 à 100.",
    )
    quartile_1_women = share_field("(f) 1er quartile : part des femmes")
    quartile_1_men = share_field("(f) 1er quartile : part des hommes")
    quartile_2_women = share_field("(f) 2e quartile : part des femmes")
    quartile_2_men = share_field("(f) 2e quartile : part des hommes")
    quartile_3_women = share_field("(f) 3e quartile : part des femmes")
    quartile_3_men = share_field("(f) 3e quartile : part des hommes")
    quartile_4_women = share_field("(f) 4e quartile : part des femmes")
    quartile_4_men = share_field("(f) 4e quartile : part des hommes")

    # (g), computed from the per-employee file: per category of workers, head counts and
    # signed gaps (never an amount), and the 5 % flag. Admin only.
    category_gaps = models.JSONField(
        "Écarts par catégorie de travailleurs (g)",
        null=True,
        blank=True,
        editable=False,
        encoder=DjangoJSONEncoder,
    )
    computed_on = models.DateField("Calculés le", null=True, blank=True, editable=False)

    objects = PublishedTransparencyManager()

    panels = [
        HelpPanel(
            template="equality_index/admin/legal_texts_panel.html",
            heading="Quel texte s'applique à quelle année",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference_year"), FieldPanel("publication_date")]),
                FieldPanel("scope_description"),
                FieldPanel("legal_basis"),
                FieldPanel("law_reference"),
                FieldPanel("source"),
            ],
            heading="L'année et le cadre de la publication",
        ),
        HelpPanel(
            template="equality_index/admin/transparency_panel.html",
            heading="À partir du fichier des salarié·es",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("mean_gap_annual"), FieldPanel("mean_gap_hourly")])],
            heading="(a) Écart de rémunération moyen",
        ),
        MultiFieldPanel(
            [FieldPanel("variable_mean_gap")],
            heading="(b) Écart moyen des composantes variables ou complémentaires",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("median_gap_annual"), FieldPanel("median_gap_hourly")])],
            heading="(c) Écart de rémunération médian",
        ),
        MultiFieldPanel(
            [FieldPanel("variable_median_gap")],
            heading="(d) Écart médian des composantes variables ou complémentaires",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("variable_pay_share_women"), FieldPanel("variable_pay_share_men")]
                )
            ],
            heading="(e) Part des femmes et des hommes percevant une part variable",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"quartile_{q}_women"), FieldPanel(f"quartile_{q}_men")])
                for q in QUARTILES
            ],
            heading="(f) Part des femmes et des hommes dans chaque quartile de rémunération "
            "horaire",
        ),
        PublishingPanel(heading="Programmer la publication"),
    ]

    class Meta:
        verbose_name = "indicateurs de transparence des rémunérations"
        verbose_name_plural = "indicateurs de transparence des rémunérations"
        ordering = ["-reference_year"]

    def __str__(self):
        return f"Transparence des rémunérations {self.reference_year}"

    # --- What is typed ----------------------------------------------------------------------

    @property
    def published_fields(self):
        """The fields of (a) to (f), in the directive's order."""
        return [name for name, _, _ in TRANSPARENCY_GAPS] + [
            "variable_pay_share_women",
            "variable_pay_share_men",
            *(f"quartile_{q}_{sex}" for q in QUARTILES for sex in ("women", "men")),
        ]

    def variable_pay_absent_for(self):
        """The sexes nobody of whom receives variable pay (then (b) and (d) do not exist)."""
        shares = {"femmes": self.variable_pay_share_women, "hommes": self.variable_pay_share_men}
        return [sex for sex, share in shares.items() if share is not None and share == 0]

    def clean(self):
        super().clean()
        errors = {}
        for quartile in QUARTILES:
            women = getattr(self, f"quartile_{quartile}_women")
            men = getattr(self, f"quartile_{quartile}_men")
            if (
                women is not None
                and men is not None
                and abs(women + men - 100) > QUARTILE_SUM_TOLERANCE
            ):
                errors[f"quartile_{quartile}_men"] = (
                    f"{QUARTILE_LABELS[quartile]} : les parts des femmes et des hommes "
                    "doivent faire 100 % ensemble."
                )
        if self.legal_basis == LegalBasis.FRENCH_LAW and not self.law_reference.strip():
            errors["law_reference"] = (
                "Indiquez la loi qui s'applique (par exemple « loi n° 2027-123 du 15 mars 2027 »),"
                " ou choisissez la publication volontaire."
            )
        absent = self.variable_pay_absent_for()
        if absent:
            for name in ("variable_mean_gap", "variable_median_gap"):
                if getattr(self, name) is not None:
                    errors[name] = (
                        f"Aucun·e des {' ni des '.join(absent)} ne perçoit de part variable : "
                        "cet écart n'existe pas, laissez-le vide."
                    )
        if errors:
            raise ValidationError(errors)

    def publication_problems(self):
        """Why this record cannot be published as it is, in French (empty: it may go)."""
        problems = []
        if not self.scope_description.strip():
            problems.append("précisez qui est compté.")
        labels = {name: label for name, _, label in TRANSPARENCY_GAPS}
        optional = (
            {"variable_mean_gap", "variable_median_gap"}
            if self.variable_pay_absent_for()
            else set()
        )
        for name in self.published_fields:
            if name in optional or getattr(self, name) is not None:
                continue
            label = labels.get(name) or self._meta.get_field(name).verbose_name
            problems.append(f"il manque « {label} ».")
        try:
            self.clean()
        except ValidationError as error:
            problems += [
                message for messages in error.message_dict.values() for message in messages
            ]
        return problems

    # --- Filled from the per-employee file ----------------------------------------------------

    def apply_computation(self, computed, computed_on, published_too=True):
        """Keep (g) from `transparency.compute_transparency`, and (a) to (f) if asked."""
        if published_too:
            for name, value in computed["published"].items():
                setattr(self, name, value)
            self.source = TransparencySource.FILE
        self.category_gaps = computed["categories"]
        self.computed_on = computed_on

    # --- What the public page shows -----------------------------------------------------------

    @property
    def legal_wording(self):
        return "loi" if self.legal_basis == LegalBasis.FRENCH_LAW else "anticipation"

    def gap_rows(self):
        rows = []
        absent = self.variable_pay_absent_for()
        for name, letter, label in TRANSPARENCY_GAPS:
            value = getattr(self, name)
            rows.append(
                {
                    "field": name,
                    "letter": letter,
                    "label": label,
                    "value": value,
                    "favored": ""
                    if value is None or value == 0
                    else ("hommes" if value > 0 else "femmes"),
                    "absent_for": absent if value is None and name.startswith("variable") else [],
                }
            )
        return rows

    def quartile_rows(self):
        return [
            {
                "quartile": quartile,
                "label": QUARTILE_LABELS[quartile],
                "women": getattr(self, f"quartile_{quartile}_women"),
                "men": getattr(self, f"quartile_{quartile}_men"),
            }
            for quartile in QUARTILES
        ]

    def chart(self):
        return transparency_chart(self)

    def get_preview_template(self, request, mode_name):
        return "equality_index/pay_transparency_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["transparency"] = self
        return context


def _comparable(indicator, entry):
    """An indicator's results as `score_results` reads them, for comparing two sources."""
    if not entry:
        return None
    values = {}
    for field, value in entry.items():
        if field == "computable" and indicator == HIGH_REMUNERATIONS:
            continue
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            value = Decimal(str(value)).normalize()
        values[field] = None if value == "" else value
    return values


class EqualityIndexPage(BasePage):
    """The public page of the index, at the address declared to the Ministry."""

    intro = RichTextField(
        "Présentation de l'index",
        features=RICH_TEXT_FEATURES,
        help_text="Ce qu'est l'index, en quelques phrases.",
    )
    ministry_url = models.URLField(
        "Page du ministère",
        default="https://travail-emploi.gouv.fr/index-egalite-professionnelle-femmes-hommes",
        help_text="Le lien « en savoir plus » vers le site du ministère du Travail.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("ministry_url")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # Its address is declared to the Ministry: editors change its content, only
    # administrators remove or move it, and nobody changes its slug.
    essential = True

    # One index page, at the top of the site.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page de l'index de l'égalité"

    def clean(self):
        super().clean()
        if self.pk:
            declared_slug = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True)
            if declared_slug and declared_slug[0] != self.slug:
                raise ValidationError(
                    {
                        "slug": (
                            f"L'adresse de cette page (« {declared_slug[0]} ») est déclarée au "
                            "ministère du Travail : elle ne peut pas changer."
                        )
                    }
                )

    def get_cached_paths(self):
        # The exports live under the page's address (equality_index/urls.py).
        return ["/", "/donnees.csv", "/donnees-tableur.csv", "/donnees.json"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = cached_for_content("index-years", published_index_content)
        years = published["years"]
        context["latest_year"] = years[0] if years else None
        context["earlier_years"] = years[1:]
        context["all_years"] = years
        context["chart"] = published["chart"]
        context["transparency"] = published["transparency"]
        return context


def published_index_content():
    """What the index page shows, built once per content version (core/cache.py): the live
    years with their chart, and the latest live pay-transparency year (or None)."""
    years = list(EqualityIndexYear.objects.published())
    transparency = PayTransparencyYear.objects.published().first()
    return {"years": years, "chart": history_chart(years), "transparency": transparency}
