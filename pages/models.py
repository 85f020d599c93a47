from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from .dates import DatePrecision, datetime_attribute, spoken_date


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

    def get_sitemap_urls(self, request=None):
        if self.exclude_from_sitemap:
            return []
        return super().get_sitemap_urls(request)


def first_live(model):
    """The live, public instance of a singleton page type, or None."""
    return model.objects.live().public().first()


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
    ]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"

    def get_context(self, request, *args, **kwargs):
        from cooperatives.models import CooperativePage, EcosystemPage
        from equality_index.models import EqualityIndexYear

        context = super().get_context(request, *args, **kwargs)
        context["entry_pages"] = [
            page
            for page in (
                first_live(MissionPage),
                first_live(HistoryPage),
                first_live(EcosystemPage),
            )
            if page
        ]
        context["cooperatives"] = CooperativePage.objects.live().public().select_related("logo")
        context["latest_index_year"] = EqualityIndexYear.objects.published().first()
        return context


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
        context["child_pages"] = self.get_children().live().public().specific()
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
            self.events.all(),
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
