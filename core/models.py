"""What every page type of the site builds on: the base page and the site settings."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import SocialLinkBlock
from .visibility import restricted_paths


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

    # Pages the site or the law depends on set this: editors may change them, only
    # administrators delete, unpublish or move them (core/essential_pages.py).
    essential = False

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

    def clean(self):
        # Addresses without accents ("devenir-societaire"), whatever was typed:
        # Wagtail's slug field accepts Unicode even when its script makes ASCII.
        if self.slug and not self.slug.isascii():
            self.slug = slugify(self.slug)
        super().clean()

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def get_view_restrictions(self):
        # Wagtail asks the database on every request; the site usually has no
        # restriction at all, and the list of restricted paths (exact: it is kept
        # under the content version, which every restriction change bumps) says so.
        if not any(restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_sitemap_urls(self, request=None):
        if self.exclude_from_sitemap:
            return []
        return super().get_sitemap_urls(request)


def validate_email_list(value):
    """Comma-separated e-mail addresses; the error names the wrong one."""
    for address in (part.strip() for part in value.split(",")):
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                f"« {address} » n'est pas une adresse électronique valide."
            ) from None


def site_page_field(verbose_name):
    """One of the pages the footer and the legal mentions link to; emptied if the page
    is deleted, so that deleting it never deletes the settings."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer and the legal links show, editable in the admin."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Le logo officiel, qui remplace celui, provisoire, du site. Un PNG sur fond "
            "transparent, lisible en blanc sur le bleu foncé du bandeau ; il s'affiche sur "
            "40 pixels de haut."
        ),
    )
    postal_address = models.TextField(
        "Adresse postale",
        blank=True,
        help_text="Affichée dans le pied de page. Laissez vide tant qu'elle n'est pas validée.",
    )
    contact_email = models.EmailField("Courriel de contact", blank=True)
    contact_phone = models.CharField("Téléphone", max_length=30, blank=True)
    contact_recipients = models.CharField(
        "Destinataires des messages de contact",
        max_length=500,
        blank=True,
        validators=[validate_email_list],
        help_text=(
            "Les adresses qui reçoivent les messages du formulaire de contact, séparées par "
            "des virgules. Vide, les messages restent dans l'administration sans être envoyés."
        ),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name="Réseaux sociaux",
        blank=True,
        help_text="Les liens vers les comptes de Smart, dans l'ordre voulu.",
    )
    publisher_details = models.TextField(
        "Éditeur du site",
        blank=True,
        help_text=(
            "Pour les mentions légales : raison sociale et forme juridique, adresse du siège, "
            "numéros RCS ou SIREN et de TVA, un moyen de contact. Une information par ligne."
        ),
    )
    publication_director = models.CharField(
        "Directrice ou directeur de la publication",
        max_length=200,
        blank=True,
        help_text="Nom et fonction, pour les mentions légales.",
    )
    host_details = models.TextField(
        "Hébergeur",
        blank=True,
        help_text="Nom, adresse et téléphone de l'hébergeur du site, pour les mentions légales.",
    )
    privacy_contact_email = models.EmailField(
        "Courriel pour les données personnelles",
        blank=True,
        help_text=(
            "Où écrire pour exercer ses droits sur ses données (page « Données personnelles »). "
            "Vide : la page renvoie au formulaire de contact."
        ),
    )
    legal_notice_page = site_page_field("Page « Mentions légales »")
    privacy_page = site_page_field("Page « Données personnelles »")
    accessibility_page = site_page_field("Page « Accessibilité »")
    sitemap_page = site_page_field("Page « Plan du site »")
    contact_page = site_page_field("Page « Contact »")

    panels = [
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("postal_address"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading="Coordonnées",
        ),
        FieldPanel("contact_recipients"),
        MultiFieldPanel(
            [
                FieldPanel("publisher_details"),
                FieldPanel("publication_director"),
                FieldPanel("host_details"),
                FieldPanel("privacy_contact_email"),
            ],
            heading="Mentions légales et données personnelles",
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
        # Made by the pages app before the site had a base app: the table keeps its name.
        db_table = "pages_sitesettings"

    def missing_before_going_live(self):
        """What visitors would miss, in French, for the administrators' dashboard."""
        checks = [
            (self.logo_id or "", "le logo officiel (celui du site est provisoire)"),
            (self.publisher_details, "l'éditeur du site (mentions légales)"),
            (self.publication_director, "la direction de la publication (mentions légales)"),
            (self.host_details, "l'hébergeur (mentions légales)"),
            (self.contact_recipients, "le destinataire des messages de contact"),
            (self.postal_address, "l'adresse postale (pied de page et page Contact)"),
            (self.contact_email, "le courriel de contact (pied de page et page Contact)"),
            (self.contact_phone, "le téléphone (pied de page et page Contact)"),
        ]
        return [label for value, label in checks if not str(value).strip()]

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
