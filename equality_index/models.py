"""One record per year of the Index de l'égalité professionnelle femmes-hommes.

The communication team types the indicator results; the points, the total and
the index are computed by `scoring.score_results` and stored with the record,
so a published figure never changes afterwards, even if the code does.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
from .chart import history_chart
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

COMPUTABLE = "calculable"
FAVORED_SEX_CHOICES = [("men", "Les hommes"), ("women", "Les femmes")]


def status_choices(indicator):
    """'Calculable', or 'Non calculable : <official reason>' for each reason."""
    return [(COMPUTABLE, "Calculable")] + [
        (code, f"Non calculable : {label}")
        for code, label in NOT_COMPUTABLE_REASONS.get(indicator, {}).items()
    ]


def status_field(indicator):
    return models.CharField(
        "Calculabilité",
        max_length=12,
        choices=status_choices(indicator),
        blank=True,
        help_text="Laissez vide si l'indicateur ne s'applique pas à votre tranche d'effectif.",
    )


def gap_field(help_text, verbose_name="Résultat"):
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
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


class PublishedIndexYearManager(models.Manager):
    def published(self):
        """Live years as published: never a draft, never a scheduled revision."""
        return self.filter(live=True).order_by("-publication_year")


class EqualityIndexYear(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
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
    remunerations_result = gap_field("Écart de rémunération, en %, en valeur absolue.")
    remunerations_favorable_population = favored_field()
    remunerations_objective = objective_field()

    salary_raises_status = status_field(SALARY_RAISES)
    salary_raises_result = gap_field("Écart de taux d'augmentations, en points de %.")
    salary_raises_favorable_population = favored_field()
    salary_raises_objective = objective_field()

    promotions_status = status_field(PROMOTIONS)
    promotions_result = gap_field("Écart de taux de promotions, en points de %.")
    promotions_favorable_population = favored_field()
    promotions_objective = objective_field()

    salary_raises_and_promotions_status = status_field(SALARY_RAISES_AND_PROMOTIONS)
    salary_raises_and_promotions_result = gap_field(
        "Écart de taux d'augmentations, en points de %."
    )
    salary_raises_and_promotions_employees_count_result = gap_field(
        "Le même écart, exprimé en nombre de salarié·es : le meilleur des deux compte.",
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
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Part des salariées augmentées à leur retour de congé maternité, en %.",
    )
    maternity_leaves_objective = objective_field()

    high_remunerations_result = models.PositiveSmallIntegerField(
        "Résultat",
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
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
        MultiFieldPanel(
            [FieldPanel("breakdown_known"), FieldPanel("published_index")],
            heading="Détail connu ou total seul",
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
        # Lets the team prepare the year in February and schedule it for 1 March.
        PublishingPanel(heading="Programmer la publication"),
    ]

    class Meta:
        verbose_name = "Index de l'égalité (année)"
        verbose_name_plural = "Index de l'égalité"
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
            elif status == COMPUTABLE and getattr(self, f"{key}_result") is None:
                missing.append(f"le résultat de l'indicateur « {label} »")
            elif (
                key == SALARY_RAISES_AND_PROMOTIONS
                and status == COMPUTABLE
                and self.salary_raises_and_promotions_employees_count_result is None
            ):
                missing.append("l'écart en nombre de salariés de l'indicateur 2 et 3")
        return missing

    def fields_of_other_ranges(self):
        """Indicators filled in although they do not apply to the chosen workforce range."""
        others = [key for key in MAX_POINTS if key not in self.indicators]
        return [
            INDICATOR_LABELS[key]
            for key in others
            if getattr(self, f"{key}_status", "")
            or getattr(self, f"{key}_result", None) is not None
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
            if not self.workforce_range:
                errors["workforce_range"] = "Indiquez la tranche d'effectif."
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
            self.progression_objectives_required = score["progression_objectives_required"]
            self.corrective_measures_required = score["corrective_measures_required"]
        else:
            self.points = self.computable_points = None
            self.index = None if self.breakdown_known else self.published_index
            self.progression_objectives_required = scoring.progression_objectives_required(
                self.index
            )
            self.corrective_measures_required = scoring.corrective_measures_required(self.index)

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
            if not self.corrective_measures_text.strip():
                problems.append(
                    "sous 75 points, le texte des mesures de correction doit être publié."
                )
        return problems

    def indicators_below_maximum(self):
        return [
            key
            for key in self.indicators
            if getattr(self, f"{key}_score") is not None
            and getattr(self, f"{key}_score") < MAX_POINTS[key]
        ]

    def publish(self, revision, *args, **kwargs):
        # The last guard: whatever path publishes (admin, schedule, shell), the law's
        # requirements are checked on the content being published.
        candidate = revision.as_object()
        problems = candidate.publication_problems()
        if problems:
            raise ValidationError(["Publication refusée : " + " ".join(problems)])
        # The day it goes live is the publication date, unless the team gave one; a past
        # year recorded from its total alone keeps its date unknown rather than a wrong one.
        if candidate.breakdown_known and not candidate.publication_date:
            content = revision.content
            content["publication_date"] = timezone.localdate().isoformat()
            revision.content = content
            revision.save(update_fields=["content"])
        return super().publish(revision, *args, **kwargs)

    # --- What the public page shows --------------------------------------------------------

    def indicator_rows(self):
        """Each indicator of the year with its points, its maximum, or why it is not computable."""
        rows = []
        for key in self.indicators:
            status = (
                getattr(self, f"{key}_status", COMPUTABLE)
                if key != HIGH_REMUNERATIONS
                else COMPUTABLE
            )
            rows.append(
                {
                    "key": key,
                    "label": INDICATOR_LABELS[key],
                    "score": getattr(self, f"{key}_score"),
                    "max_points": MAX_POINTS[key],
                    "computable": status == COMPUTABLE,
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


def days_until_deadline(today, year=None):
    """Days left before 1 March of `year` (negative once it has passed)."""
    deadline = datetime.date(year or today.year, 3, 1)
    return (deadline - today).days


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

    # One index page, at the top of the site: its address is declared to the Ministry.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page de l'index de l'égalité"

    def get_cached_paths(self):
        # The exports live under the page's address (equality_index/urls.py).
        return ["/", "/donnees.csv", "/donnees.json"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        years, chart = cached_for_content("index-years", published_years_and_chart)
        context["latest_year"] = years[0] if years else None
        context["earlier_years"] = years[1:]
        context["all_years"] = years
        context["chart"] = chart
        return context


def published_years_and_chart():
    years = list(EqualityIndexYear.objects.published())
    return years, history_chart(years)
