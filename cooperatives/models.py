from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from core.models import BasePage
from core.visibility import public


class EcosystemPage(BasePage):
    intro = models.TextField(
        "Chapeau", help_text="Ce qui réunit les coopératives, en une ou deux phrases."
    )
    body = StreamField(
        ContentStreamBlock(),
        verbose_name="Présentation de l'UES",
        blank=True,
        help_text="Ce qu'est l'Unité Économique et Sociale et ce qui lie les coopératives.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.AutocompleteField("intro"),
        index.SearchField("body"),
    ]

    # One ecosystem, at the top of the site; the cooperatives are its children.
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["cooperatives.CooperativePage"]
    max_count = 1

    class Meta:
        verbose_name = "Page de l'écosystème"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cooperatives"] = public(
            CooperativePage.objects.child_of(self).live()
        ).select_related("logo")
        return context


class CooperativePage(BasePage):
    class LegalForm(models.TextChoices):
        CAE = "cae", "Coopérative d'activité et d'emploi (CAE)"
        PORTAGE = "portage", "Portage salarial en coopérative"
        SERVICES = "services", "Coopérative de services à la personne"
        OTHER = "other", "Autre forme"

    legal_form = models.CharField(
        "Forme", max_length=20, choices=LegalForm.choices, help_text="La forme de la coopérative."
    )
    territory = models.CharField(
        "Territoire", max_length=120, help_text="Où elle agit, par exemple « France »."
    )
    promise = models.CharField(
        "Promesse",
        max_length=160,
        help_text="Ce qu'elle apporte, en une ligne : affichée sous son nom sur les cartes.",
    )
    audience = models.TextField("Pour qui", help_text="À qui elle s'adresse.")
    offer = models.TextField("Ce qu'elle propose", help_text="Son offre, concrètement.")
    body = RichTextField(
        "Présentation détaillée",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Tout ce qui ne tient pas dans les champs ci-dessus, facultatif.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Facultatif. Le nom de la coopérative lui sert de texte alternatif.",
    )
    website = models.URLField("Site web", blank=True)
    email = models.EmailField("Courriel de contact", blank=True)
    phone = models.CharField(
        "Téléphone", max_length=30, blank=True, help_text="Facultatif, par exemple 03 20 00 00 00."
    )

    content_panels = [
        TitleFieldPanel("title", heading="Nom de la coopérative"),
        MultiFieldPanel(
            [FieldPanel("legal_form"), FieldPanel("territory"), FieldPanel("promise")],
            heading="En bref",
        ),
        FieldPanel("audience"),
        FieldPanel("offer"),
        FieldPanel("body"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
            heading="Contact",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        # What the cards show, acronym included: "CAE" and "coop" find the CAE.
        index.SearchField("get_legal_form_display"),
        index.AutocompleteField("get_legal_form_display"),
        index.SearchField("territory"),
        index.SearchField("promise"),
        index.AutocompleteField("promise"),
        index.SearchField("audience"),
        index.SearchField("offer"),
        index.SearchField("body"),
        index.FilterField("legal_form"),
    ]

    # A cooperative is a member of the ecosystem, so it lives only under its page.
    parent_page_types = ["cooperatives.EcosystemPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Page de coopérative"

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""
