from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock, QuestionBlock, StepBlock
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
    audience = models.TextField(
        "Pour qui",
        help_text="À qui elle s'adresse : la première chose que dit la section « Rejoindre ».",
    )
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
    join_steps = StreamField(
        [("step", StepBlock())],
        verbose_name="Comment ça se passe",
        blank=True,
        help_text=(
            "Les étapes pour rejoindre la coopérative, dans l'ordre. Vide : la page ne "
            "présente pas d'étapes."
        ),
    )
    join_cost = RichTextField(
        "Ce que ça coûte",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=(
            "Ce que la coopérative retient ou facture, tel qu'elle l'a validé. Vide : la page "
            "ne dit rien du coût."
        ),
    )
    join_faq = StreamField(
        [("question", QuestionBlock())],
        verbose_name="Questions fréquentes",
        blank=True,
        help_text=(
            "Les questions que se posent celles et ceux qui veulent la rejoindre, avec leur "
            "réponse. Les moteurs de recherche les lisent aussi."
        ),
    )
    website = models.URLField(
        "Site web", blank=True, help_text="Son propre site, en https://, facultatif."
    )
    email = models.EmailField(
        "Courriel de contact",
        blank=True,
        help_text="Où écrire pour la rejoindre, facultatif.",
    )
    phone = models.CharField(
        "Téléphone", max_length=30, blank=True, help_text="Facultatif, par exemple 03 20 00 00 00."
    )

    content_panels = [
        TitleFieldPanel("title", heading="Nom de la coopérative"),
        MultiFieldPanel(
            [FieldPanel("legal_form"), FieldPanel("territory"), FieldPanel("promise")],
            heading="En bref",
        ),
        FieldPanel("offer"),
        FieldPanel("body"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("join_steps"),
                FieldPanel("join_cost"),
                FieldPanel("join_faq"),
            ],
            heading="Rejoindre la coopérative",
            help_text="Ce qui reste vide ne s'affiche pas.",
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
            heading="Contact",
            help_text="Affiché dans la section « Rejoindre », comme moyen de la joindre.",
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
        index.SearchField("join_cost"),
        index.SearchField("join_faq"),
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


class JoinPage(BasePage):
    """The "Nous rejoindre" page: from the visitor's situation to the cooperative that fits."""

    intro = models.TextField(
        "Chapeau",
        help_text="Une ou deux phrases au-dessus des situations, par exemple pour inviter à "
        "choisir la sienne.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "situations",
            heading="Situations",
            label="Situation",
            min_num=1,
            help_text=(
                "Chaque situation mène à la coopérative qui lui convient, ou à la page de "
                "contact quand aucune ne convient. Elles s'affichent dans cet ordre."
            ),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "situations", [index.SearchField("situation"), index.SearchField("explanation")]
        ),
    ]

    # A new page is in the main menu unless unticked: it is how visitors find their way in.
    show_in_menus_default = True

    # One way in, at the top of the site; the cooperatives it leads to live under the ecosystem.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Page « Nous rejoindre »"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["paths"] = self.paths()
        return context

    def paths(self):
        """(situation, page it leads to) pairs, for the live and public pages only (2 queries)."""
        situations = list(self.situations.all())
        chosen = [situation.destination_id for situation in situations]
        pages = public(Page.objects.live().filter(pk__in=chosen)).in_bulk()
        return [
            (situation, pages[situation.destination_id])
            for situation in situations
            if situation.destination_id in pages
        ]


class JoinSituation(Orderable):
    page = ParentalKey(JoinPage, on_delete=models.CASCADE, related_name="situations")
    situation = models.CharField(
        "Situation",
        max_length=120,
        help_text="Comme le visiteur se décrirait, par exemple « Vous êtes freelance ».",
    )
    explanation = models.TextField(
        "Explication",
        help_text="Pourquoi cette page lui convient, en une ou deux phrases.",
    )
    destination = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page où mener",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "La page de la coopérative qui convient ; à défaut, la page de contact. Si la page "
            "est dépubliée ou supprimée, la situation ne s'affiche plus."
        ),
    )

    panels = [FieldPanel("situation"), FieldPanel("explanation"), PageChooserPanel("destination")]

    class Meta(Orderable.Meta):
        verbose_name = "Situation"
        verbose_name_plural = "Situations"

    def __str__(self):
        return self.situation
