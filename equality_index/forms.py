"""The admin form of an index year: French numbers, plausible results, errors that say where.

Saving a draft stays possible with incomplete data, so the team can prepare the
year over several days; only publishing (or scheduling) is held to the law.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminModelForm

from .models import INDICATOR_FIELD_SUFFIXES, PLAUSIBLE_RESULTS, field_context
from .scoring import (
    HIGH_REMUNERATIONS,
    INDICATORS_BY_RANGE,
    MATERNITY_LEAVES,
    MAX_POINTS,
    PROMOTIONS,
    SALARY_RAISES,
    SALARY_RAISES_AND_PROMOTIONS,
    WORKFORCE_RANGE_LABELS,
    ScoringError,
)
from .simulation import AGE_BANDS, CATEGORIES, simulate
from .workforce import (
    AGE_BAND_LABELS,
    CATEGORY_LABELS,
    PAY_MODE_LABELS,
    RATE_GROUP_MIN_PER_SEX,
    as_fraction,
    french_decimal,
    tables_to_keep,
)

# Digits, then optionally a decimal comma (or point) and digits. Nothing else: no
# exponent ("1e3" is 1000 to Python, a typing slip to a person), no thousands
# separator, and a sign only to refuse it with its own message.
NUMBER = re.compile(r"(?P<sign>[-+\u2212]?)(?P<units>\d+)(?:[.,](?P<decimals>\d*))?")
SPACES = re.compile(r"[\s\u00a0\u202f]+")

# "remunerations_result" -> "remunerations": the indicator each admin field belongs to.
INDICATOR_OF_FIELD = {
    f"{indicator}_{suffix}": indicator
    for indicator in MAX_POINTS
    for suffix in INDICATOR_FIELD_SUFFIXES
}


def french_number(value):
    """Decimal('6.100') -> '6,1', Decimal('10.000') -> '10': as the team types it."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class DecimalCommaInput(forms.TextInput):
    """A text box, not `<input type="number">`.

    In a French Chromium a number input may take "7,8" for 78, and it lets "1e3"
    through; a text box keeps what was typed for the server to read. `inputmode`
    still brings up the numeric keypad on a phone.
    """

    def __init__(self, attrs=None, integer=False):
        defaults = {
            "inputmode": "numeric" if integer else "decimal",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return french_number(Decimal(value))
        return super().format_value(value)


class TableCellInput(DecimalCommaInput):
    """A cell of the simulator's tables: the same text box, rendered without a template.

    The form has about 230 cells; rendered through Django's widget templates they cost
    more than reading a 10 000-row file (bench/employee_import.py --through-django).
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        attributes = {"type": "text", "name": name, **context["attrs"]}
        if context["value"] is not None:
            attributes["value"] = context["value"]
        return format_html("<input{}>", flatatt(attributes))


class IndicatorResultField(forms.Field):
    """An indicator's result: "7,8" or "7.8", within the plausible bounds of `PLAUSIBLE_RESULTS`.

    Every message names the indicator and the field, in French, with what was typed.
    """

    def __init__(self, *, field_name, label, decimal_places, computed=None, **kwargs):
        self.bounds = PLAUSIBLE_RESULTS[field_name]
        # The value the year's kept workforce tables give: a measure, accepted even past
        # the plausible maximum (which is there to catch a slip of the keyboard).
        self.computed = computed
        self.decimal_places = 0 if self.bounds.integer else decimal_places
        kwargs.setdefault("widget", DecimalCommaInput(integer=self.bounds.integer))
        super().__init__(label=label, **kwargs)
        self.context = field_context(self.bounds.indicator, label)

    def refuse(self, typed, reason, code):
        raise ValidationError(f"{self.context} : {reason} (saisi : « {typed} »).", code=code)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        typed = str(value).strip()
        if not typed:
            return None
        compact = SPACES.sub("", typed).removesuffix("%")
        match = NUMBER.fullmatch(compact)
        if not match:
            self.refuse(
                typed,
                f"{self.bounds.phrase()}, en chiffres, avec une virgule pour les décimales "
                "(par exemple 7,8)",
                "invalid",
            )
        if match["sign"] in {"-", "\u2212"}:
            if self.bounds.what == "un écart":
                reason = (
                    "l'écart se saisit en valeur absolue, sans signe moins ; le sexe "
                    "favorisé se choisit dans « Population favorisée »"
                )
            else:
                reason = self.bounds.phrase()
            self.refuse(typed, reason, "min_value")
        decimals = (match["decimals"] or "").rstrip("0")
        if len(decimals) > self.decimal_places:
            if self.decimal_places == 0:
                reason = f"{self.bounds.phrase()}, sans décimale"
            else:
                reason = f"au plus {self.decimal_places} chiffres après la virgule"
            self.refuse(typed, reason, "max_decimal_places")
        number = Decimal(f"{match['units']}.{decimals or '0'}")
        if number > self.bounds.maximum and number != self.computed:
            self.refuse(typed, self.bounds.phrase(), "max_value")
        return int(number) if self.bounds.integer else number


def describe_error(form, field_name, message):
    """An error as the banner lists it: saying which indicator and which field it is about."""
    if field_name == NON_FIELD_ERRORS:
        return message
    indicator = INDICATOR_OF_FIELD.get(field_name)
    try:
        label = form[field_name].label
    except KeyError:
        label = field_name
    if indicator is None:
        return f"{label} : {message}"
    context = field_context(indicator, label)
    return message if message.startswith(context) else f"{context} : {message}"


class EqualityIndexYearForm(WagtailAdminModelForm):
    """Refuses to publish, with the law's reasons in French, an index the law forbids."""

    class Media:
        # Progressive enhancement: without it every panel shows, and the server
        # still refuses what does not fit the chosen range.
        js = ["equality_index/index_year_form.js"]
        css = {"all": ["equality_index/index_year_form.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        computed = self.instance.computed_results()
        for name, model_field in self.result_model_fields():
            generated = self.fields[name]
            self.fields[name] = IndicatorResultField(
                computed=computed.get(name),
                field_name=name,
                label=generated.label,
                help_text=generated.help_text,
                required=False,
                decimal_places=getattr(model_field, "decimal_places", 0),
            )

        if "siren" in self.fields:
            # Typed as it is printed ("123 456 789"): the spaces go, the model checks the digits.
            siren = self.fields["siren"]
            self.fields["siren"] = forms.CharField(
                label=siren.label, help_text=siren.help_text, required=False, max_length=20
            )

        # Wagtail's rich text editor is a contenteditable box that its <label> does not
        # name (axe: aria-input-field-name); Draftail takes the label's id as an option.
        for name, field in self.fields.items():
            options = getattr(field.widget, "options", None)
            if isinstance(options, dict) and getattr(field.widget, "accepts_features", False):
                options["ariaLabelledBy"] = f"{self[name].id_for_label}-label"

    def clean_siren(self):
        return SPACES.sub("", self.cleaned_data.get("siren") or "")

    def result_model_fields(self):
        for name in PLAUSIBLE_RESULTS:
            if name in self.fields:
                yield name, self._meta.model._meta.get_field(name)

    def _post_clean(self):
        # The instance holds the submitted values only after ModelForm's _post_clean.
        super()._post_clean()
        if "action-publish" in self.data and not self.errors:
            for problem in self.instance.publication_problems():
                self.add_error(None, f"Publication refusée : {problem}")
        self.name_the_indicator_in_errors()

    def name_the_indicator_in_errors(self):
        """Django's own messages ("Sélectionnez un choix valide") under a field called
        "Résultat" would not say which of six indicators is meant: prefix them."""
        for name in list(self._errors or {}):
            if name in INDICATOR_OF_FIELD:
                errors = self._errors[name]
                self._errors[name] = self.error_class(
                    [describe_error(self, name, message) for message in errors],
                    renderer=self.renderer,
                    field_id=getattr(errors, "field_id", None),
                )

    def described_errors(self):
        """Every error of the form, each saying where it is, for the banner above the form."""
        return [
            describe_error(self, name, message)
            for name, messages in self.errors.items()
            for message in messages
        ]


# --- Numbers typed in tables --------------------------------------------------------------------


class FrenchNumberField(forms.Field):
    """A number typed the French way ("23 500,50", "4,2 %", "-1,3"), within bounds.

    `label` names the cell in every message ("Ouvriers, moins de 30 ans : nombre de
    femmes : saisissez…"), since a table's cells have no visible label of their own.
    """

    def __init__(
        self,
        *,
        label,
        minimum=0,
        maximum=None,
        decimal_places=2,
        integer=False,
        signed=False,
        what="un nombre",
        blank_value=None,
        **kwargs,
    ):
        self.minimum, self.maximum = minimum, maximum
        self.decimal_places = 0 if integer else decimal_places
        self.integer, self.signed, self.what = integer, signed, what
        self.blank_value = blank_value
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", TableCellInput(integer=integer and not signed, attrs={"aria-label": label})
        )
        super().__init__(label=label, **kwargs)

    def phrase(self):
        if self.maximum is None:
            return f"saisissez {self.what} à partir de {french_number(Decimal(self.minimum))}"
        return (
            f"saisissez {self.what} compris entre {french_number(Decimal(self.minimum))} et "
            f"{french_number(Decimal(self.maximum))}"
        )

    def refuse(self, typed, reason, code="invalid"):
        raise ValidationError(f"{self.label} : {reason} (saisi : « {typed} »).", code=code)

    def to_python(self, value):
        typed = str(value if value is not None else "").strip()
        if not typed:
            return self.blank_value
        compact = SPACES.sub("", typed).removesuffix("%")
        match = NUMBER.fullmatch(compact)
        if not match:
            self.refuse(typed, f"{self.phrase()}, en chiffres, avec une virgule pour les décimales")
        decimals = (match["decimals"] or "").rstrip("0")
        if len(decimals) > self.decimal_places:
            reason = (
                f"{self.phrase()}, sans décimale"
                if self.decimal_places == 0
                else f"au plus {self.decimal_places} chiffres après la virgule"
            )
            self.refuse(typed, reason)
        number = Decimal(f"{match['units']}.{decimals or '0'}")
        if match["sign"] in {"-", "\u2212"}:
            if not self.signed:
                self.refuse(typed, self.phrase())
            number = -number
        if number < self.minimum or (self.maximum is not None and number > self.maximum):
            self.refuse(typed, self.phrase())
        return int(number) if self.integer else number


def count_field(label, blank_value=None):
    return FrenchNumberField(
        label=label, integer=True, what="un nombre entier de salarié·es", blank_value=blank_value
    )


def amount_field(label):
    return FrenchNumberField(label=label, decimal_places=4, what="un montant en euros")


def percent_field(label):
    return FrenchNumberField(label=label, maximum=100, decimal_places=4, what="un pourcentage")


YES_NO = [("oui", "Oui"), ("non", "Non")]
SEXES = (("women", "femmes"), ("men", "hommes"))
BAND_KEYS = {"-29": "moins30", "30-39": "30a39", "40-49": "40a49", "50+": "50plus"}
DEFAULT_LEVEL_ROWS = 8
MAX_LEVEL_ROWS = 60


def workforce_name(category, band, sex):
    return f"effectif_{category}_{BAND_KEYS[band]}_{dict(SEXES)[sex]}"


def csp_pay_name(category, band, sex):
    return f"remuneration_{category}_{BAND_KEYS[band]}_{dict(SEXES)[sex]}"


def level_name(row):
    return f"niveau_{row}"


def level_count_name(row, band, sex):
    return f"niveau_{row}_{BAND_KEYS[band]}_{dict(SEXES)[sex]}_effectif"


def level_pay_name(row, band, sex):
    return f"niveau_{row}_{BAND_KEYS[band]}_{dict(SEXES)[sex]}_remuneration"


def rate_name(indicator_prefix, category, sex):
    return f"{indicator_prefix}_{category}_{dict(SEXES)[sex]}"


class WorkforceTablesForm(forms.Form):
    """The Ministry's simulator as one form: the tables of simulation.simulate, typed.

    Its order is the simulator's: the range, the workforce by category and age band,
    the pay groups (by CSP, or by level), the raises and promotions (or both, up to
    250 employees), the returns from maternity leave, the 10 highest paid. Each
    section says which range or mode it belongs to; the others are ignored.
    `clean()` builds `self.tables` and scores them (`self.simulation`).
    """

    workforce_range = forms.ChoiceField(
        label="Tranche d'effectif de l'entreprise",
        choices=list(WORKFORCE_RANGE_LABELS.items()),
        help_text="Elle fixe les indicateurs : 4 jusqu'à 250 salarié·es, 5 au-delà.",
    )
    pay_mode = forms.ChoiceField(
        label="Modalité de calcul de l'écart de rémunération",
        choices=list(PAY_MODE_LABELS.items()),
        initial="csp",
    )
    level_rows = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_LEVEL_ROWS, required=False
    )

    def __init__(self, *args, level_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        if level_rows is None:
            try:
                level_rows = int(self.data.get("level_rows") or DEFAULT_LEVEL_ROWS)
            except (TypeError, ValueError):
                level_rows = DEFAULT_LEVEL_ROWS
        self.level_count = max(1, min(level_rows, MAX_LEVEL_ROWS))
        self.initial.setdefault("level_rows", self.level_count)
        for category in CATEGORIES:
            for band in AGE_BANDS:
                cell = f"{CATEGORY_LABELS[category]}, {AGE_BAND_LABELS[band].lower()}"
                for sex, word in SEXES:
                    self.fields[workforce_name(category, band, sex)] = count_field(
                        f"Effectifs, {cell} : nombre de {word}", blank_value=0
                    )
                    self.fields[csp_pay_name(category, band, sex)] = amount_field(
                        f"Rémunérations, {cell} : rémunération annuelle brute moyenne des {word}"
                    )
        for row in range(1, self.level_count + 1):
            self.fields[level_name(row)] = forms.CharField(
                label=f"Niveau {row} : nom du niveau ou du coefficient",
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"aria-label": f"Niveau {row} : nom"}),
            )
            for band in AGE_BANDS:
                where = f"Niveau {row}, {AGE_BAND_LABELS[band].lower()}"
                for sex, word in SEXES:
                    self.fields[level_count_name(row, band, sex)] = count_field(
                        f"{where} : nombre de {word}", blank_value=0
                    )
                    self.fields[level_pay_name(row, band, sex)] = amount_field(
                        f"{where} : rémunération annuelle brute moyenne des {word}"
                    )
        raised_words = {
            ("augmentations", "women"): "augmentées",
            ("augmentations", "men"): "augmentés",
            ("promotions", "women"): "promues",
            ("promotions", "men"): "promus",
        }
        for prefix in ("augmentations", "promotions"):
            self.fields[prefix] = forms.ChoiceField(
                label=(
                    "Y a-t-il eu des augmentations individuelles (hors promotions) pendant la "
                    "période de référence ?"
                    if prefix == "augmentations"
                    else "Y a-t-il eu des promotions pendant la période de référence ?"
                ),
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
            )
            for category in CATEGORIES:
                for sex, word in SEXES:
                    self.fields[rate_name(prefix, category, sex)] = percent_field(
                        f"{prefix.capitalize()}, {CATEGORY_LABELS[category].lower()} : "
                        f"pourcentage de {word} {raised_words[prefix, sex]}"
                    )
        self.fields["augmentations_promotions"] = forms.ChoiceField(
            label="Y a-t-il eu des augmentations individuelles (promotions incluses) pendant la "
            "période de référence ?",
            choices=YES_NO,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["augmentations_promotions_femmes"] = count_field(
            "Nombre de femmes augmentées (promotions incluses)", blank_value=0
        )
        self.fields["augmentations_promotions_hommes"] = count_field(
            "Nombre d'hommes augmentés (promotions incluses)", blank_value=0
        )
        self.fields["maternite_retours"] = count_field(
            "Nombre de salariées revenues de congé maternité (ou d'adoption) pendant la période, "
            "quand des augmentations ont été données pendant leur congé",
            blank_value=0,
        )
        self.fields["maternite_augmentees"] = count_field(
            "Nombre de ces salariées augmentées à leur retour", blank_value=0
        )
        self.fields["hautes_remunerations_femmes"] = count_field(
            "Nombre de femmes parmi les 10 plus hautes rémunérations", blank_value=0
        )
        self.fields["hautes_remunerations_hommes"] = count_field(
            "Nombre d'hommes parmi les 10 plus hautes rémunérations", blank_value=0
        )
        self.tables = None
        self.simulation = None

    # --- Reading the tables -------------------------------------------------------------------

    @staticmethod
    def initial_from_tables(tables):
        """The form's initial values from kept tables (to start from last year's)."""
        initial = {"workforce_range": tables["workforce_range"], "pay_mode": tables["pay"]["mode"]}
        for category in CATEGORIES:
            for band in AGE_BANDS:
                for sex, _ in SEXES:
                    initial[workforce_name(category, band, sex)] = tables["workforce"][category][
                        band
                    ][sex]
        mode = tables["pay"]["mode"]
        levels = {}
        for group in tables["pay"]["groups"]:
            for sex, _ in SEXES:
                pay = as_fraction(group.get(f"{sex}_pay"))
                shown = None if pay is None else french_decimal(pay, 2)
                if mode == "csp":
                    initial[csp_pay_name(group["category"], group["age_band"], sex)] = shown
                    continue
                row = levels.setdefault(group["category"], len(levels) + 1)
                initial[level_name(row)] = group["category"]
                initial[level_count_name(row, group["age_band"], sex)] = group[f"{sex}_count"]
                initial[level_pay_name(row, group["age_band"], sex)] = shown
        for indicator, prefix in ((SALARY_RAISES, "augmentations"), (PROMOTIONS, "promotions")):
            if indicator in tables:
                initial[prefix] = "oui" if tables[indicator]["any"] else "non"
                for category, rates in tables[indicator]["rates"].items():
                    for sex, _ in SEXES:
                        rate = as_fraction(rates.get(sex))
                        initial[rate_name(prefix, category, sex)] = (
                            None if rate is None else french_decimal(rate, 2)
                        )
        if SALARY_RAISES_AND_PROMOTIONS in tables:
            data = tables[SALARY_RAISES_AND_PROMOTIONS]
            initial["augmentations_promotions"] = "oui" if data["any"] else "non"
            initial["augmentations_promotions_femmes"] = data["women_raised"]
            initial["augmentations_promotions_hommes"] = data["men_raised"]
        if MATERNITY_LEAVES in tables:
            initial["maternite_retours"] = tables[MATERNITY_LEAVES]["returned"]
            initial["maternite_augmentees"] = tables[MATERNITY_LEAVES]["raised"]
        if HIGH_REMUNERATIONS in tables:
            initial["hautes_remunerations_femmes"] = tables[HIGH_REMUNERATIONS]["women"]
            initial["hautes_remunerations_hommes"] = tables[HIGH_REMUNERATIONS]["men"]
        initial["level_rows"] = max(DEFAULT_LEVEL_ROWS, len(levels) + 2)
        return initial

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        workforce_range = data["workforce_range"]
        mode = data["pay_mode"]
        workforce = {
            category: {
                band: {sex: data[workforce_name(category, band, sex)] for sex, _ in SEXES}
                for band in AGE_BANDS
            }
            for category in CATEGORIES
        }
        tables = {
            "workforce_range": workforce_range,
            "workforce": workforce,
            "pay": {"mode": mode, "groups": self._pay_groups(data, mode)},
        }
        indicators = INDICATORS_BY_RANGE[workforce_range]
        if SALARY_RAISES in indicators:
            for indicator, prefix in ((SALARY_RAISES, "augmentations"), (PROMOTIONS, "promotions")):
                tables[indicator] = self._rates(data, prefix, workforce)
        else:
            tables[SALARY_RAISES_AND_PROMOTIONS] = self._raised_counts(data)
        returned, raised = data["maternite_retours"], data["maternite_augmentees"]
        if raised > returned:
            self.add_error(
                "maternite_augmentees",
                "Plus de salariées augmentées que de salariées revenues de congé maternité.",
            )
        tables[MATERNITY_LEAVES] = {"returned": returned, "raised": raised}
        women, men = data["hautes_remunerations_femmes"], data["hautes_remunerations_hommes"]
        if women + men != 10:
            self.add_error(
                "hautes_remunerations_hommes",
                f"Les 10 plus hautes rémunérations comptent 10 salarié·es : {women} femmes et "
                f"{men} hommes en font {women + men}.",
            )
        tables[HIGH_REMUNERATIONS] = {"women": women, "men": men}
        if self.errors:
            return data
        self.tables = tables_to_keep(tables)
        try:
            self.simulation = simulate(self.tables)
        except ScoringError as error:
            self.add_error(None, str(error))
        return data

    def _pay_groups(self, data, mode):
        groups = []
        if mode == "csp":
            for category in CATEGORIES:
                for band in AGE_BANDS:
                    pays = {sex: data[csp_pay_name(category, band, sex)] for sex, _ in SEXES}
                    if any(value is not None for value in pays.values()):
                        groups.append(
                            {
                                "category": category,
                                "age_band": band,
                                "women_pay": pays["women"],
                                "men_pay": pays["men"],
                            }
                        )
            return groups
        names = set()
        for row in range(1, self.level_count + 1):
            name = " ".join((data.get(level_name(row)) or "").split())
            cells = {
                (band, sex): (
                    data[level_count_name(row, band, sex)],
                    data[level_pay_name(row, band, sex)],
                )
                for band in AGE_BANDS
                for sex, _ in SEXES
            }
            typed = any(count or pay is not None for count, pay in cells.values())
            if not name:
                if typed:
                    self.add_error(level_name(row), f"Niveau {row} : donnez le nom du niveau.")
                continue
            if name.casefold() in names:
                self.add_error(level_name(row), f"Le niveau « {name} » apparaît deux fois.")
                continue
            names.add(name.casefold())
            for band in AGE_BANDS:
                women_count, women_pay = cells[band, "women"]
                men_count, men_pay = cells[band, "men"]
                if not (women_count or men_count):
                    continue
                groups.append(
                    {
                        "category": name,
                        "age_band": band,
                        "women_count": women_count,
                        "men_count": men_count,
                        "women_pay": women_pay,
                        "men_pay": men_pay,
                    }
                )
        if not groups:
            self.add_error(
                level_name(1),
                "Par niveaux, saisissez au moins un niveau avec ses effectifs et ses "
                "rémunérations.",
            )
        return groups

    def _rates(self, data, prefix, workforce):
        any_given = data.get(prefix)
        question = self.fields[prefix].label
        if not any_given:
            self.add_error(prefix, f"Répondez à la question « {question} »")
            return {"any": False, "rates": {}}
        rates = {}
        for category in CATEGORIES:
            women = sum(workforce[category][band]["women"] for band in AGE_BANDS)
            men = sum(workforce[category][band]["men"] for band in AGE_BANDS)
            counts = women >= RATE_GROUP_MIN_PER_SEX and men >= RATE_GROUP_MIN_PER_SEX
            rates[category] = {}
            for sex, _ in SEXES:
                name = rate_name(prefix, category, sex)
                value = data[name]
                if any_given == "non" and value:
                    self.add_error(
                        name,
                        f"{self.fields[name].label} : vous avez répondu qu'il n'y en a eu aucun.",
                    )
                if any_given == "oui" and counts and value is None:
                    self.add_error(
                        name,
                        f"{self.fields[name].label} : obligatoire, la catégorie compte au moins "
                        f"{RATE_GROUP_MIN_PER_SEX} femmes et {RATE_GROUP_MIN_PER_SEX} hommes.",
                    )
                rates[category][sex] = value
        return {"any": any_given == "oui", "rates": rates}

    def _raised_counts(self, data):
        any_given = data.get("augmentations_promotions")
        women, men = (
            data["augmentations_promotions_femmes"],
            data["augmentations_promotions_hommes"],
        )
        question = self.fields["augmentations_promotions"].label
        if not any_given:
            self.add_error("augmentations_promotions", f"Répondez à la question « {question} »")
        elif any_given == "oui" and not (women or men):
            self.add_error(
                "augmentations_promotions_femmes",
                "Vous avez répondu qu'il y a eu des augmentations : saisissez combien de femmes "
                "et d'hommes ont été augmentés.",
            )
        elif any_given == "non" and (women or men):
            self.add_error(
                "augmentations_promotions_femmes",
                "Vous avez répondu qu'il n'y a eu aucune augmentation : laissez ces nombres à 0.",
            )
        return {"any": any_given == "oui", "women_raised": women, "men_raised": men}

    def described_errors(self):
        """Every error, each naming its cell (the field labels say which)."""
        return [message for messages in self.errors.values() for message in messages]

    # --- Laid out as the simulator's tables, for the template ---------------------------------

    def _by_category(self, name_of):
        return [
            {
                "label": CATEGORY_LABELS[category],
                "rows": [
                    {
                        "label": AGE_BAND_LABELS[band],
                        "cells": [self[name_of(category, band, sex)] for sex, _ in SEXES],
                    }
                    for band in AGE_BANDS
                ],
            }
            for category in CATEGORIES
        ]

    def workforce_table(self):
        return self._by_category(workforce_name)

    def csp_pay_table(self):
        return self._by_category(csp_pay_name)

    def level_table(self):
        return [
            {
                "number": row,
                "name": self[level_name(row)],
                "rows": [
                    {
                        "label": AGE_BAND_LABELS[band],
                        "cells": [
                            self[field(row, band, sex)]
                            for sex, _ in SEXES
                            for field in (level_count_name, level_pay_name)
                        ],
                    }
                    for band in AGE_BANDS
                ],
            }
            for row in range(1, self.level_count + 1)
        ]

    def rates_table(self, prefix):
        return [
            {
                "label": CATEGORY_LABELS[category],
                "cells": [self[rate_name(prefix, category, sex)] for sex, _ in SEXES],
            }
            for category in CATEGORIES
        ]

    def raises_table(self):
        return self.rates_table("augmentations")

    def promotions_table(self):
        return self.rates_table("promotions")


class EmployeeFileForm(forms.Form):
    """The per-employee file and the two choices its tables need. The file comes last in the
    page, so that a refused (too large) upload still leaves the other fields read."""

    workforce_range = forms.ChoiceField(
        label="Tranche d'effectif de l'entreprise",
        choices=[
            ("", "D'après le nombre de salarié·es du fichier"),
            *WORKFORCE_RANGE_LABELS.items(),
        ],
        required=False,
        help_text="La tranche de l'entreprise (ou de l'UES), qui peut compter plus de salarié·es "
        "que le fichier, où ne figurent que les salarié·es pris en compte pour l'index.",
    )
    pay_mode = forms.ChoiceField(
        label="Modalité de calcul de l'écart de rémunération",
        choices=list(PAY_MODE_LABELS.items()),
        initial="csp",
        help_text="Par niveaux, le fichier doit avoir une colonne « niveau ».",
    )
    fichier = forms.FileField(
        label="Fichier des salarié·es (CSV ou XLSX)",
        help_text="Une ligne par salarié·e pris en compte, avec les colonnes du modèle.",
        error_messages={"required": "Choisissez le fichier des salarié·es à importer."},
    )


class TransparencyFileForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier des salarié·es (CSV ou XLSX)",
        help_text="Une ligne par travailleur ou travailleuse, avec au moins les colonnes « sexe », "
        "« heures_remunerees », « remuneration_annuelle_brute », « part_variable » et "
        "« categorie ».",
        error_messages={"required": "Choisissez le fichier des salarié·es à importer."},
    )


class PayTransparencyYearForm(WagtailAdminModelForm):
    """Signed gaps typed the French way ("-2,4", "3,1 %"), shares from 0 to 100."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.model().published_fields:
            if name not in self.fields:
                continue
            generated = self.fields[name]
            signed = "gap" in name
            self.fields[name] = FrenchNumberField(
                label=generated.label,
                help_text=generated.help_text,
                # Signed gaps have no lower bound (women paid three times as much as
                # men give -200 %, with variable pay it happens); past -1 000 % it is a
                # slip of the keyboard.
                minimum=-1000 if signed else 0,
                maximum=100,
                decimal_places=2,
                signed=signed,
                what="un écart en %" if signed else "un pourcentage",
                widget=DecimalCommaInput(),
            )

    def _post_clean(self):
        super()._post_clean()
        if "action-publish" in self.data and not self.errors:
            for problem in self.instance.publication_problems():
                self.add_error(None, f"Publication refusée : {problem}")
