"""The site's own pages: home, "Le projet", history, standard pages, site map, contact."""

from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractFormField, AbstractFormSubmission, FormMixin
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from core.cache import cached_for_content
from core.dates import DatePrecision, datetime_attribute, spoken_date
from core.models import BasePage
from core.visibility import public

from .contact import SENT_PARAMETER, refuse_if_too_many_messages, send_in_background
from .documents import file_kind, file_size


class HomePage(BasePage):
    intro = RichTextField(
        "Présentation",
        features=RICH_TEXT_FEATURES,
        help_text="Qui est Smart, en quelques phrases : c'est le premier texte que lit le public.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_pages",
            heading="À découvrir",
            label="Page mise en avant",
            help_text="Les pages présentées en cartes sous la présentation, dans cet ordre.",
        ),
    ]

    # The site cannot do without it: editors edit it, only administrators remove it.
    essential = True

    # The home page is the root of the site, and there is only one.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.StandardPage",
        "pages.MissionPage",
        "pages.HistoryPage",
        "cooperatives.EcosystemPage",
        "equality_index.EqualityIndexPage",
        "pages.SitemapPage",
        "pages.ContactPage",
        "cooperatives.JoinPage",
        "pages.DocumentsPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The cooperatives and the latest index come from their own apps' template tags.
        context["featured_pages"] = cached_for_content(
            f"home-featured:{self.pk}", self.live_featured_pages
        )
        return context

    def live_featured_pages(self):
        """The pages the editors chose, when they are live and public, in their order."""
        chosen = [item.featured_page_id for item in self.featured_pages.all()]
        pages = public(Page.objects.live().filter(pk__in=chosen)).specific().in_bulk()
        return [pages[pk] for pk in chosen if pk in pages]

    def get_cached_paths(self):
        # The XML site map lists every page: a CDN must drop it with the pages.
        return ["/", "/sitemap.xml"]


class HomeFeaturedPage(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_pages")
    featured_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Une page du site : son titre et son résumé forment la carte.",
    )

    panels = [PageChooserPanel("featured_page")]

    class Meta(Orderable.Meta):
        verbose_name = "Page mise en avant"
        verbose_name_plural = "Pages mises en avant"


class StandardPage(BasePage):
    intro = models.TextField(
        "Chapeau", blank=True, help_text="Court texte d'introduction, facultatif."
    )
    body = StreamField(ContentStreamBlock(), verbose_name="Contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    # A new page is in the menu (at the top level) and in the site map, unless unticked.
    show_in_menus_default = True

    # A general-purpose page: it can hold sections ("Qui sommes-nous") and their pages.
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage", "pages.MissionPage", "pages.HistoryPage"]

    class Meta:
        verbose_name = "Page standard"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = public(self.get_children().live()).specific()
        return context


class MissionPage(BasePage):
    intro = models.TextField("Chapeau", help_text="La raison d'être, en une ou deux phrases.")
    body = StreamField(ContentStreamBlock(), verbose_name="Contenu")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    show_in_menus_default = True

    # "Le projet" sits under "Qui sommes-nous" (a standard page) or at the top.
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page « Le projet »"


class HistoryPage(BasePage):
    intro = models.TextField("Chapeau", help_text="Quelques phrases avant la frise chronologique.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "events",
            heading="Frise chronologique",
            label="Événement",
            help_text="Les événements s'affichent du plus ancien au plus récent.",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.RelatedFields("events", [index.SearchField("title"), index.SearchField("text")]),
    ]

    show_in_menus_default = True

    # The history belongs with the project, under "Qui sommes-nous" or at the top.
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page d'histoire"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview shows the events being edited; the published page, its stored ones,
        # read once per content version.
        if getattr(request, "is_preview", False):
            context["timeline"] = self.timeline()
        else:
            context["timeline"] = cached_for_content(f"timeline:{self.pk}", self.timeline)
        return context

    def timeline(self):
        """Events oldest first; an event with no date is the present, so it comes last."""
        return sorted(
            self.events.select_related("image"),
            key=lambda event: (event.date is None, event.date or 0, event.sort_order or 0),
        )


class HistoryEvent(Orderable):
    page = ParentalKey(HistoryPage, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(
        "Date (pour le classement)",
        null=True,
        blank=True,
        help_text=(
            "Pour une année seule, le 1er janvier de l'année ; pour un mois, le 1er du mois. "
            "Laissez vide pour ce qui se passe aujourd'hui : l'événement s'affiche en dernier."
        ),
    )
    date_precision = models.CharField(
        "Précision de la date",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
        help_text="Ce que l'on sait de la date : l'année, le mois ou le jour.",
    )
    date_label = models.CharField(
        "Date telle qu'on la dit",
        max_length=60,
        blank=True,
        help_text="Par exemple « 1998 », « juillet 2020 » ou « aujourd'hui ». "
        "Laissez vide pour l'écrire d'après la date.",
    )
    title = models.CharField("Titre", max_length=200)
    text = models.TextField("Texte")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        "Texte alternatif de l'image",
        max_length=250,
        blank=True,
        help_text="Ce que montre l'image. Laissez vide si elle est purement décorative.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("date_precision"), FieldPanel("date_label")],
            heading="Date",
        ),
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Événement"
        verbose_name_plural = "Événements"

    def clean(self):
        super().clean()
        if self.date is None and not self.date_label.strip():
            raise ValidationError(
                {"date_label": "Sans date, indiquez comment la dire (par exemple « aujourd'hui »)."}
            )

    @property
    def display_date(self):
        return self.date_label.strip() or spoken_date(self.date, self.date_precision)

    @property
    def datetime_value(self):
        return datetime_attribute(self.date, self.date_precision) if self.date else ""

    def __str__(self):
        return f"{self.display_date} : {self.title}"


class SitemapPage(BasePage):
    """A readable "Plan du site": every public page, as nested lists."""

    intro = models.TextField("Chapeau", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    essential = True

    # One site map, at the top of the site.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Plan du site"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = page_tree(self.get_site().root_page)
        return context


def page_tree(root):
    """The live, public pages under `root` as (page, children) pairs, in one query."""
    pages = list(public(root.get_descendants(inclusive=True).live()).order_by("path"))
    children = {}
    for page in pages:
        children.setdefault(page.path[: -Page.steplen], []).append(page)

    def build(page):
        return (page, [build(child) for child in children.get(page.path, [])])

    return [build(pages[0])] if pages and pages[0].pk == root.pk else []


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


HONEYPOT_FIELD = "site_internet"
# Enough for any real message; a form is not a file transfer.
MESSAGE_MAX_LENGTH = 5000
LINE_MAX_LENGTH = 200


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder, with a length limit on every text field."""

    def create_singleline_field(self, field, options):
        options["max_length"] = LINE_MAX_LENGTH
        return super().create_singleline_field(field, options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MESSAGE_MAX_LENGTH
        return super().create_multiline_field(field, options)


class ContactMessage(AbstractFormSubmission):
    """A message sent with the contact form: stored first, then e-mailed in the background.

    Personal data: only people with the "view" permission on these messages (the
    Accueil and Administrateurs groups) can read them, and the scheduler deletes
    them CONTACT_MESSAGE_RETENTION_DAYS after they came in.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "En attente d'envoi"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec de l'envoi"
        NO_RECIPIENT = "no_recipient", "Non envoyé : aucun destinataire dans les réglages"
        NOT_TRACKED = "not_tracked", "Message antérieur au suivi des envois"

    status = models.CharField(
        "Envoi", max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("Essais d'envoi", default=0)
    sent_at = models.DateTimeField("Envoyé le", null=True, blank=True)
    last_error = models.CharField("Dernière erreur", max_length=300, blank=True)

    class Meta:
        verbose_name = "Message de contact"
        verbose_name_plural = "Messages de contact"

    def get_data(self):
        return {**super().get_data(), "status": self.get_status_display()}


class ContactPage(FormMixin, BasePage):
    """A contact form built by editors; messages are kept in the admin and e-mailed to the
    address of the site settings, in the background, with retries."""

    intro = RichTextField("Introduction", features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(
        "Message de confirmation",
        features=RICH_TEXT_FEATURES,
        help_text="Ce que lit la personne après l'envoi : ce qui va se passer ensuite.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", heading="Champs du formulaire", label="Champ"),
        FieldPanel("thank_you_text"),
        HelpPanel(
            "Les messages sont envoyés à l'adresse indiquée dans Paramètres, Réglages du "
            "site, « Destinataires des messages de contact ».",
            heading="Où vont les messages",
        ),
    ]
    form_builder = ContactFormBuilder

    essential = True
    show_in_menus_default = True

    # One contact page, at the top of the site.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page de contact"

    def get_submission_class(self):
        return ContactMessage

    def get_submissions_list_view_class(self):
        # Wagtail's admin views cannot be imported while models load.
        from .views import ContactMessagesListView

        return ContactMessagesListView

    def get_data_fields(self):
        return [*super().get_data_fields(), ("status", "Envoi")]

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # Simple bots fill every field; people never see this one.
        form.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Ne remplissez pas ce champ",
            required=False,
            max_length=LINE_MAX_LENGTH,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return form

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            refusal = refuse_if_too_many_messages(request)
            if refusal is not None:
                return refusal
        if request.method == "GET" and request.GET.get(SENT_PARAMETER) == "1":
            # After a successful post the visitor lands here: reloading it sends nothing.
            return self.render_landing_page(request)
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        if form.cleaned_data.pop(HONEYPOT_FIELD, ""):
            return None  # a bot: thank it, keep nothing, send nothing
        message = super().process_form_submission(form)
        send_in_background(message)
        return message

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        if request.method == "POST":
            return redirect(f"{self.get_url(request)}?{SENT_PARAMETER}=1")
        return super().render_landing_page(request, form_submission, *args, **kwargs)


class DocumentsPage(BasePage):
    """Every document of the public collections, grouped by collection, newest first.

    Collections are the type editors choose ("Rapports d'activité", "Statuts"…):
    the page follows them, with nothing to pick. A collection with a view
    restriction, and every collection beneath it, is never listed.
    """

    intro = models.TextField(
        "Chapeau", blank=True, help_text="Ce que l'on trouve sur la page, facultatif."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        HelpPanel(
            "La page liste d'elle-même les documents (menu Documents), rangés par collection "
            "(Paramètres, Collections) : créez une collection par type de document, par "
            "exemple « Rapports d'activité », « Statuts » ou « Index des années "
            "précédentes ». Les documents d'une collection privée, ou rangée sous une "
            "collection privée, n'y figurent jamais.",
            heading="Ce que la page affiche",
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # One documents page, at the top of the site; the documents themselves are not pages.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page des documents"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["collections"] = public_documents_by_collection()
        return context


# The documents of the root collection, the one Wagtail files a document in by default.
ROOT_COLLECTION_HEADING = "Autres documents"


def public_documents_by_collection():
    """[{"name", "documents": [...]}] for every public collection with documents (3 queries).

    Each document is plain data: title, the address of Wagtail's document view
    (which checks permissions again), its type and size in words, its date.
    """
    restricted_paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    names = dict(Collection.objects.values_list("path", "name"))
    documents = get_document_model().objects.select_related("collection")
    if restricted_paths:
        documents = documents.exclude(
            reduce(or_, (Q(collection__path__startswith=path) for path in restricted_paths))
        )
    groups = {}
    for document in documents.order_by("collection__path", "-created_at", "title"):
        groups.setdefault(document.collection.path, []).append(
            {
                "title": document.title,
                "url": document.url,
                "kind": file_kind(document.filename),
                "size": file_size(document.file_size),
                "date": spoken_date(timezone.localdate(document.created_at), DatePrecision.DAY),
                "date_attribute": timezone.localdate(document.created_at).isoformat(),
            }
        )
    step = Collection.steplen
    collections = [
        {"name": collection_heading(path, names, step), "documents": documents}
        for path, documents in groups.items()
    ]
    # The root collection's documents, filed nowhere in particular, come last.
    return sorted(collections, key=lambda group: group["name"] == ROOT_COLLECTION_HEADING)


COLLECTION_SEPARATOR = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "


def collection_heading(path, names, step):
    """The collection's name after its parents' (as the breadcrumb writes them); the root
    collection has its own heading."""
    if len(path) == step:
        return ROOT_COLLECTION_HEADING
    ancestors = [path[:length] for length in range(2 * step, len(path) + 1, step)]
    return COLLECTION_SEPARATOR.join(names[ancestor] for ancestor in ancestors if ancestor in names)
