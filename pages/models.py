from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from smart_site.page_cache import cached_for_content

from .blocks import RICH_TEXT_FEATURES, ContentStreamBlock, SocialLinkBlock
from .dates import DatePrecision, datetime_attribute, spoken_date
from .seo import organisation_json_ld
from .site_data import public, restricted_paths


class BasePage(Page):
    """What every page of the site needs: a summary, a social image, SEO switches."""

    summary = models.TextField(
        "Résumé",
        blank=True,
        max_length=300,
        help_text=(
            "Une ou deux phrases. Elles présentent la page sur les cartes qui y mènent "
            "et servent de description aux moteurs de recherche quand la description "
            "de référencement est vide."
        ),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image de partage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image montrée quand la page est partagée sur un réseau social.",
    )
    exclude_from_sitemap = models.BooleanField(
        "Masquer aux moteurs de recherche",
        default=False,
        help_text="Retire la page du plan du site XML et demande aux moteurs de ne pas l'indexer.",
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("exclude_from_sitemap")],
            heading="Partage et référencement",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def get_view_restrictions(self):
        # Wagtail asks the database on every request; the site usually has no
        # restriction at all, and the cached list of restricted paths says so.
        if not any(restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_sitemap_urls(self, request=None):
        if self.exclude_from_sitemap:
            return []
        return super().get_sitemap_urls(request)


def first_live(model):
    """The live, public instance of a singleton page type, or None."""
    return public(model.objects.live()).first()


class HomePage(BasePage):
    intro = RichTextField(
        "Présentation",
        features=RICH_TEXT_FEATURES,
        help_text="Qui est Smart, en quelques phrases : c'est le premier texte que lit le public.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

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
    ]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached_for_content(f"home:{self.pk}", lambda: self.home_data(request)))
        return context

    def home_data(self, request):
        """Everything the home page shows from other pages, built from the live tree."""
        from cooperatives.models import CooperativePage, EcosystemPage
        from equality_index.models import EqualityIndexYear

        entry_pages = [
            page
            for page in (
                first_live(MissionPage),
                first_live(HistoryPage),
                first_live(EcosystemPage),
            )
            if page
        ]
        cooperatives = list(public(CooperativePage.objects.live()).select_related("logo"))
        return {
            "entry_pages": entry_pages,
            "cooperatives": cooperatives,
            "organisation_json_ld": organisation_json_ld(request, self, cooperatives),
            "latest_index_year": EqualityIndexYear.objects.published().first(),
        }


class StandardPage(BasePage):
    intro = models.TextField(
        "Chapeau", blank=True, help_text="Court texte d'introduction, facultatif."
    )
    body = StreamField(ContentStreamBlock(), verbose_name="Contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

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

    # The history belongs with the project, under "Qui sommes-nous" or at the top.
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page d'histoire"

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


class ContactPage(EmailFormMixin, FormMixin, BasePage):
    """A contact form built by editors; submissions are kept in the admin and e-mailed."""

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
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Notification par courriel",
        ),
    ]

    # One contact page, at the top of the site.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page de contact"

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # Simple bots fill every field; people never see this one.
        form.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Ne remplissez pas ce champ",
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return form

    def send_mail(self, form):
        # Editors answer the visitor by replying to the notification.
        visitor_addresses = [
            form.cleaned_data[field.clean_name]
            for field in self.get_form_fields()
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name)
        ]
        EmailMessage(
            subject=self.subject or f"Message depuis la page « {self.title} »",
            body=self.render_email(form),
            from_email=self.from_address or None,
            to=[address.strip() for address in self.to_address.split(",")],
            reply_to=visitor_addresses[:1],
        ).send()

    def process_form_submission(self, form):
        if form.cleaned_data.pop(HONEYPOT_FIELD, ""):
            return None  # a bot: thank it, keep nothing, send nothing
        return super().process_form_submission(form)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer and the legal links show, editable in the admin."""

    postal_address = models.TextField(
        "Adresse postale",
        blank=True,
        help_text="Affichée dans le pied de page. Laissez vide tant qu'elle n'est pas validée.",
    )
    contact_email = models.EmailField("Courriel de contact", blank=True)
    contact_phone = models.CharField("Téléphone", max_length=30, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name="Réseaux sociaux",
        blank=True,
        help_text="Les liens vers les comptes de Smart, dans l'ordre voulu.",
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page « Mentions légales »",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page « Données personnelles »",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page « Accessibilité »",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sitemap_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page « Plan du site »",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page « Contact »",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("postal_address"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading="Coordonnées",
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("sitemap_page"),
                FieldPanel("contact_page"),
            ],
            heading="Liens du pied de page",
        ),
    ]

    class Meta:
        verbose_name = "Réglages du site"

    def footer_links(self):
        """The legal and service pages, in the order a French site shows them (one query)."""
        labelled = [
            (self.contact_page_id, "Contact"),
            (self.sitemap_page_id, "Plan du site"),
            (self.accessibility_page_id, "Accessibilité : non conforme"),
            (self.legal_notice_page_id, "Mentions légales"),
            (self.privacy_page_id, "Données personnelles"),
        ]
        live = Page.objects.live().in_bulk([pk for pk, _ in labelled if pk])
        return [(live[pk], label) for pk, label in labelled if pk in live]
