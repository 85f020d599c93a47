"""The admin's own views of the index and of the pay-transparency indicators.

- Live points: the admin form's script posts the whole form as the team types;
  the answer is computed by `EqualityIndexYear.compute_scores` (so by
  `scoring.score_results`), the same code as on save. Nothing is saved.
- « Calculer à partir des effectifs »: the Ministry's simulator tables, typed or
  aggregated from the per-employee file (read in memory only: uploads.py), scored
  by `simulation.simulate`, shown with why each group counts or not; « Utiliser
  ces résultats » fills the year's results and keeps the minimised tables
  (workforce.py) in a new draft revision.
- The printable summary of a year in the order of the Ministry's declaration.
- The pay-transparency indicators (a) to (g) from the same file, beside the
  figures the Ministry shows; (g) stays in the admin.

Wagtail's admin URLs require a login to the admin; each view checks the index
(or transparency) permissions itself and answers 403 without them.
"""

import datetime
import logging
from decimal import Decimal

from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import uploads
from .employee_file import template_csv, template_xlsx
from .forms import (
    INDICATOR_OF_FIELD,
    EmployeeFileForm,
    TransparencyFileForm,
    WorkforceTablesForm,
)
from .models import COMPUTABLE, EqualityIndexPage, EqualityIndexYear, PayTransparencyYear
from .scoring import WORKFORCE_RANGE_LABELS, ScoringError
from .simulation import RowErrors, simulate
from .transparency import compare_with_typed, compute_transparency
from .uploads import reads_employee_file
from .workforce import describe_simulation, import_employee_file, tables_headcount

# The fields the points depend on: the indicators, the range, and the total-only case.
SCORING_FIELDS = {
    NON_FIELD_ERRORS,
    "workforce_range",
    "breakdown_known",
    "published_index",
    *INDICATOR_OF_FIELD,
}


def may_prepare_index(user):
    """The team that can act on the index: add or change rights on its years
    (the Communication group, Administrateurs, superusers)."""
    policy = EqualityIndexYear.snippet_viewset.permission_policy
    return policy.user_has_any_permission(user, ["add", "change"])


@require_POST
def live_points(request):
    if not may_prepare_index(request.user):
        # A JSON answer for the script; Wagtail would turn PermissionDenied into a redirect.
        return JsonResponse(
            {"erreur": "Vous n'avez pas les droits de préparer l'index."}, status=403
        )
    form_class = EqualityIndexYear.snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(request.POST, instance=EqualityIndexYear(), for_user=request.user)
    form.is_valid()  # fills the instance with every value that passed its own checks
    year = form.instance
    year.compute_scores()
    errors = [
        form_message
        for name, messages in form.errors.items()
        if name in SCORING_FIELDS
        for form_message in messages
    ]
    html = render_to_string(
        "equality_index/admin/points_summary.html",
        {"year": year, "live": True, "errors": errors},
        request=request,
    )
    return JsonResponse(
        {
            "complete": year.points is not None and not errors,
            "points": year.points,
            "computable_points": year.computable_points,
            "index": year.index,
            "scores": {row["key"]: row["score"] for row in year.indicator_rows()},
            "missing": year.missing_data() if year.breakdown_known else [],
            "errors": errors,
            "html": html,
        }
    )


# --- The index from the workforce data ---------------------------------------------------------

logger = logging.getLogger(__name__)

# A computed result waits for « Utiliser ces résultats » at most this long.
RESULT_MAX_AGE = datetime.timedelta(days=1)
TABLES_SALT = "equality_index.workforce-tables"
TRANSPARENCY_SALT = "equality_index.pay-transparency"
# The refused rows listed in the page; the count says how many there are in all.
LISTED_REFUSALS = 1000
PRIVACY_NOTE = (
    "Le fichier des salarié·es est lu en mémoire, le temps du calcul, puis oublié : il n'est "
    "jamais enregistré, ni dans la base de données, ni sur le disque, ni dans les journaux. "
    "Seuls des tableaux agrégés sont conservés avec l'année, quand vous choisissez « Utiliser "
    "ces résultats » ; les rémunérations moyennes des groupes de moins de 3 femmes ou de moins "
    "de 3 hommes n'en font pas partie. Rien de ce détail n'est publié."
)


def forbidden(request, message="Vous n'avez pas les droits de préparer l'index de l'égalité."):
    response = TemplateResponse(
        request, "equality_index/admin/forbidden.html", {"message": message}, status=403
    )
    return response.render()


def may_prepare_transparency(user):
    policy = PayTransparencyYear.snippet_viewset.permission_policy
    return policy.user_has_any_permission(user, ["add", "change"])


def may_change(model, user):
    return model.snippet_viewset.permission_policy.user_has_permission(user, "change")


def index_refusal(request, *args, **kwargs):
    return None if may_prepare_index(request.user) else forbidden(request)


def transparency_refusal(request, *args, **kwargs):
    if may_prepare_transparency(request.user):
        return None
    return forbidden(
        request, "Vous n'avez pas les droits de préparer les indicateurs de transparence."
    )


def refused_rows(error):
    """The refused rows of a RowErrors as the page lists them, and how many lines in all."""
    messages = [refused.message for refused in error.errors]
    lines = len({refused.line for refused in error.errors})
    return {
        "listed": messages[:LISTED_REFUSALS],
        "more": max(len(messages) - LISTED_REFUSALS, 0),
        "lines": lines,
    }


def too_large_message():
    return (
        f"Le fichier dépasse {filesizeformat(uploads.EMPLOYEE_FILE_MAX_BYTES)} : il n'a pas été "
        "lu. Retirez les colonnes inutiles, ou enregistrez-le au format XLSX, plus léger."
    )


@sensitive_variables("data")
def read_upload(uploaded):
    """The uploaded file's bytes, from memory (InMemoryOnlyUploadHandler)."""
    data = uploaded.read()
    uploaded.close()
    return data


class SnippetAdminView(WagtailAdminTemplateMixin, View):
    """An admin page about one record of a snippet: permission, breadcrumbs, its latest draft."""

    model = None
    header_icon = "list-ol"
    refusal = staticmethod(index_refusal)

    def dispatch(self, request, pk, *args, **kwargs):
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        self.stored = get_object_or_404(self.model, pk=pk)
        # What the team last saved, draft or live: the edit form shows the same.
        self.record = self.stored.get_latest_revision_as_object()
        return super().dispatch(request, pk, *args, **kwargs)

    def url_of(self, view_name, *args):
        return reverse(self.model.snippet_viewset.get_url_name(view_name), args=args)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": self.url_of("list"), "label": self.model.snippet_viewset.menu_label},
            {"url": self.url_of("edit", self.stored.pk), "label": str(self.record)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            edit_url=self.url_of("edit", self.stored.pk),
            privacy_note=PRIVACY_NOTE,
        )
        return context

    def locked_for(self, user):
        lock = self.stored.get_lock()
        return lock is not None and lock.for_user(user)


def starting_tables(year):
    """The tables the form starts from: the year's own, or the latest earlier year's."""
    if year.kept_tables:
        return year.kept_tables, None
    earlier = (
        EqualityIndexYear.objects.filter(
            publication_year__lt=year.publication_year, workforce_tables__isnull=False
        )
        .order_by("-publication_year")
        .first()
    )
    if earlier is not None:
        earlier = earlier.get_latest_revision_as_object()
        if earlier.kept_tables:
            return earlier.kept_tables, earlier.publication_year
    return None, None


class WorkforceView(SnippetAdminView):
    """« Calculer à partir des effectifs »: the simulator's tables typed, or the file imported."""

    model = EqualityIndexYear
    template_name = "equality_index/admin/workforce.html"

    def get_page_title(self):
        return "Calculer à partir des effectifs"

    def get_page_subtitle(self):
        return str(self.record)

    def tables_form(self, data=None, tables=None):
        if data is not None:
            return WorkforceTablesForm(data)
        initial = {"workforce_range": self.record.workforce_range or "50:250", "pay_mode": "csp"}
        if tables:
            initial = WorkforceTablesForm.initial_from_tables(tables)
        return WorkforceTablesForm(initial=initial, level_rows=initial.get("level_rows"))

    def file_form(self):
        return EmployeeFileForm(
            initial={
                "workforce_range": self.record.workforce_range,
                "pay_mode": self.record.remunerations_mode or "csp",
            }
        )

    def get(self, request, pk):
        tables, from_year = starting_tables(self.record)
        return self.render_page(tables_form=self.tables_form(tables=tables), started_from=from_year)

    def post(self, request, pk):
        form = self.tables_form(data=request.POST)
        if form.is_valid() and form.simulation is not None:
            return self.render_page(
                tables_form=form, simulation=form.simulation, tables=form.tables, source="form"
            )
        return self.render_page(tables_form=form, tables_errors=form.described_errors())

    def render_page(
        self, tables_form=None, file_form=None, simulation=None, tables=None, source="", **extra
    ):
        context = self.get_context_data(
            tables_form=tables_form or self.tables_form(),
            file_form=file_form or self.file_form(),
            max_upload=filesizeformat(uploads.EMPLOYEE_FILE_MAX_BYTES),
            **extra,
        )
        if simulation is not None:
            context.update(
                result=describe_simulation(simulation),
                source=source,
                payload=signing.dumps(
                    {"tables": tables, "source": source}, salt=TABLES_SALT, compress=True
                ),
                workforce_range_label=WORKFORCE_RANGE_LABELS[simulation["workforce_range"]],
                headcount=tables_headcount(tables),
                range_changes=bool(
                    self.record.workforce_range
                    and self.record.workforce_range != simulation["workforce_range"]
                ),
                locked=self.locked_for(self.request.user),
                may_change=may_change(EqualityIndexYear, self.request.user),
            )
        return self.render_to_response(context)


class WorkforceImportView(WorkforceView):
    """The per-employee file, read in memory (equality_index/uploads.py), into the same page."""

    http_method_names = ["post"]

    @method_decorator(sensitive_variables("uploaded", "data"))
    def post(self, request, pk):
        form = EmployeeFileForm(request.POST, request.FILES)
        handler = getattr(request, "employee_file_handler", None)
        if handler is not None and handler.too_large:
            return self.refuse_file(form, too_large_message())
        if not form.is_valid():
            return self.render_page(file_form=form)
        uploaded = form.cleaned_data["fichier"]
        try:
            tables, simulation = import_employee_file(
                read_upload(uploaded),
                uploaded.name,
                workforce_range=form.cleaned_data["workforce_range"] or None,
                pay_mode=form.cleaned_data["pay_mode"],
            )
        except RowErrors as error:
            return self.render_page(file_form=form, refused=refused_rows(error))
        except ScoringError as error:
            return self.refuse_file(form, str(error))
        except Exception as error:
            # The traceback would carry the file's rows in its frames' variables, to the
            # logs and to Sentry: say what kind of failure it was, and nothing else.
            logger.error(
                "Import du fichier des salariés : échec inattendu (%s)", type(error).__name__
            )
            return self.refuse_file(
                form,
                "Le fichier n'a pas pu être lu. Vérifiez qu'il suit le modèle, ou enregistrez-le "
                "à nouveau depuis votre tableur.",
            )
        return self.render_page(
            tables_form=self.tables_form(tables=tables),
            file_form=form,
            simulation=simulation,
            tables=tables,
            source="file",
        )

    def refuse_file(self, form, message):
        form.is_valid()
        form.errors.pop("fichier", None)  # not "choose a file": it was chosen, and refused
        form.add_error("fichier", message)
        return self.render_page(file_form=form)


workforce_import = reads_employee_file(index_refusal)(WorkforceImportView.as_view())


class UseWorkforceResultsView(SnippetAdminView):
    """« Utiliser ces résultats »: the year's results and kept tables, as a new draft revision."""

    model = EqualityIndexYear
    http_method_names = ["post"]

    def post(self, request, pk):
        if not may_change(EqualityIndexYear, request.user):
            return forbidden(request, "Vous n'avez pas le droit de modifier cet index.")
        if self.locked_for(request.user):
            messages.error(
                request,
                "Cet index est verrouillé (par une autre personne, ou par une publication "
                "programmée) : les résultats n'ont pas été reportés.",
            )
            return redirect(self.url_of("edit", self.stored.pk))
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=TABLES_SALT, max_age=RESULT_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(
                request,
                "Ce calcul n'est plus valable (il date de plus d'un jour, ou a été modifié) : "
                "refaites-le.",
            )
            return redirect(reverse("equality_index_workforce", args=[self.stored.pk]))
        tables, source = payload["tables"], payload["source"]
        year = self.record
        try:
            # Scored again, by the code that will score the year: nothing is taken on trust.
            simulation = simulate(tables)
            year.apply_simulation(simulation, tables, source, timezone.localdate())
            year.full_clean(validate_unique=False)
        except (ScoringError, ValidationError) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            messages.error(request, "Les résultats n'ont pas été reportés : " + " ".join(reasons))
            return redirect(reverse("equality_index_workforce", args=[self.stored.pk]))
        with transaction.atomic():
            if not year.live:
                year.save()
            year.save_revision(user=request.user, log_action=True)
        index = f"{year.index}/100" if year.index is not None else "index non calculable"
        version = "une nouvelle version en brouillon" if year.live else "le brouillon"
        messages.success(
            request,
            f"Les résultats du calcul sont reportés dans {version} de l'index "
            f"{year.publication_year} ({index}). "
            "Vérifiez-les, complétez les objectifs s'il y a lieu, puis publiez.",
        )
        return redirect(self.url_of("edit", self.stored.pk))


@require_safe
def employee_file_template(request, extension):
    if not (may_prepare_index(request.user) or may_prepare_transparency(request.user)):
        return forbidden(request)
    if extension == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="modele-salaries.{extension}"'
    return response


class DeclarationSummaryView(SnippetAdminView):
    """The year in the order of the Ministry's declaration, to copy into Egapro; printable."""

    model = EqualityIndexYear
    template_name = "equality_index/admin/declaration.html"
    http_method_names = ["get", "head"]

    def get_page_title(self):
        return "Récapitulatif pour la déclaration"

    def get(self, request, pk):
        year = self.record
        year.compute_scores()
        page = EqualityIndexPage.objects.live().first()
        missing = []
        if not year.company_name or not year.siren:
            missing.append("la raison sociale et le SIREN de l'entreprise déclarante")
        if year.scope == "ues" and not year.ues_name:
            missing.append("le nom de l'UES")
        if year.breakdown_known and year.points is None:
            missing += year.missing_data()
        if (
            year.remunerations_status == COMPUTABLE
            and not year.remunerations_mode
            and year.breakdown_known
        ):
            missing.append("la modalité de calcul de l'écart de rémunération")
        if not year.live:
            missing.append("la publication (la déclaration donne sa date et son adresse)")
        return self.render_to_response(
            self.get_context_data(
                year=year,
                rows=year.indicator_rows() if year.breakdown_known else [],
                page_url=page.get_full_url(request) if page else "",
                missing=missing,
                level_mode=year.remunerations_mode in ("branch_levels", "other_levels"),
                ues_companies=[line for line in year.ues_companies.splitlines() if line.strip()],
            )
        )


# --- The pay-transparency indicators -----------------------------------------------------------


class TransparencyView(SnippetAdminView):
    """Computes (a) to (g) from the per-employee file, beside what the Ministry shows."""

    model = PayTransparencyYear
    header_icon = "table"
    refusal = staticmethod(transparency_refusal)
    template_name = "equality_index/admin/transparency.html"

    def get_page_title(self):
        return "Calculer à partir du fichier des salarié·es"

    def get_page_subtitle(self):
        return str(self.record)

    def get(self, request, pk):
        return self.render_page(TransparencyFileForm())

    @method_decorator(sensitive_variables("uploaded", "data"))
    def post(self, request, pk):
        form = TransparencyFileForm(request.POST, request.FILES)
        handler = getattr(request, "employee_file_handler", None)
        if handler is not None and handler.too_large:
            form.is_valid()
            form.errors.pop("fichier", None)
            form.add_error("fichier", too_large_message())
            return self.render_page(form)
        if not form.is_valid():
            return self.render_page(form)
        uploaded = form.cleaned_data["fichier"]
        try:
            computed = compute_transparency(read_upload(uploaded), uploaded.name)
        except RowErrors as error:
            return self.render_page(form, refused=refused_rows(error))
        except ScoringError as error:
            form.add_error("fichier", str(error))
            return self.render_page(form)
        except Exception as error:
            logger.error(
                "Calcul de la transparence des rémunérations : échec inattendu (%s)",
                type(error).__name__,
            )
            form.add_error(
                "fichier", "Le fichier n'a pas pu être lu. Vérifiez qu'il suit le modèle."
            )
            return self.render_page(form)
        typed = {name: getattr(self.record, name) for name in self.record.published_fields}
        comparison = compare_with_typed(computed["published"], typed)
        labels = transparency_field_labels()
        return self.render_page(
            form,
            computed=computed,
            rows=[
                {"field": name, "label": labels[name], **values}
                for name, values in comparison.items()
            ],
            any_typed=any(value is not None for value in typed.values()),
            differences=sum(values["differs"] for values in comparison.values()),
            alerts=[entry for entry in computed["categories"] if entry["alert"]],
            payload=signing.dumps(
                {
                    "published": {
                        name: None if value is None else str(value)
                        for name, value in computed["published"].items()
                    },
                    "categories": computed["categories"],
                },
                salt=TRANSPARENCY_SALT,
                compress=True,
            ),
            locked=self.locked_for(request.user),
            may_change=may_change(PayTransparencyYear, request.user),
        )

    def render_page(self, form, **extra):
        return self.render_to_response(
            self.get_context_data(
                file_form=form, max_upload=filesizeformat(uploads.EMPLOYEE_FILE_MAX_BYTES), **extra
            )
        )


def transparency_field_labels():
    model = PayTransparencyYear
    return {name: model._meta.get_field(name).verbose_name for name in model().published_fields}


transparency_compute = reads_employee_file(transparency_refusal)(TransparencyView.as_view())


class UseTransparencyResultsView(SnippetAdminView):
    model = PayTransparencyYear
    refusal = staticmethod(transparency_refusal)
    http_method_names = ["post"]

    def post(self, request, pk):
        if not may_change(PayTransparencyYear, request.user):
            return forbidden(request, "Vous n'avez pas le droit de modifier ces indicateurs.")
        compute_url = reverse("equality_index_transparency", args=[self.stored.pk])
        if self.locked_for(request.user):
            messages.error(
                request,
                "Ces indicateurs sont verrouillés (par une autre personne, ou par une publication "
                "programmée) : les résultats n'ont pas été reportés.",
            )
            return redirect(self.url_of("edit", self.stored.pk))
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=TRANSPARENCY_SALT, max_age=RESULT_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, "Ce calcul n'est plus valable : refaites-le.")
            return redirect(compute_url)
        computed = {
            "published": {
                name: None if value is None else Decimal(value)
                for name, value in payload["published"].items()
            },
            "categories": payload["categories"],
        }
        record = self.record
        only_categories = request.POST.get("what") == "categories"
        record.apply_computation(computed, timezone.localdate(), published_too=not only_categories)
        try:
            record.full_clean(validate_unique=False)
        except ValidationError as error:
            messages.error(
                request, "Les résultats n'ont pas été reportés : " + " ".join(error.messages)
            )
            return redirect(compute_url)
        with transaction.atomic():
            if not record.live:
                record.save()
            record.save_revision(user=request.user, log_action=True)
        messages.success(
            request,
            (
                f"L'indicateur (g) est enregistré pour {record.reference_year} ; les chiffres "
                "saisis sont gardés."
                if only_categories
                else f"Les indicateurs calculés sont reportés pour {record.reference_year} "
                "(brouillon). "
                "Vérifiez-les, puis publiez."
            ),
        )
        return redirect(self.url_of("edit", self.stored.pk))
