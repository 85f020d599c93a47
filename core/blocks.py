"""StreamField blocks shared by the content pages.

Each block has its own template and a preview value, so editors see what they
add before they publish.
"""

import re
from html import unescape

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from .seo import json_ld

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Texte du titre", max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Titre de section (niveau 2)"), ("h3", "Sous-titre (niveau 3)")],
        default="h2",
        label="Niveau",
        help_text="Le niveau 1 est le titre de la page : commencez par le niveau 2.",
    )

    class Meta:
        template = "blocks/heading.html"
        icon = "title"
        label = "Titre"
        group = "Texte"
        description = "Un titre de section, pour structurer la page."
        preview_value = {"text": "Sécuriser le travail", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        template = "blocks/paragraph.html"
        icon = "pilcrow"
        label = "Paragraphe"
        group = "Texte"
        description = "Du texte courant, avec gras, italique, liens et listes."
        preview_value = (
            "<p>Smart apporte des réponses nouvelles à la sécurisation des "
            "travailleuses et des travailleurs.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="Citation")
    attribution = blocks.CharBlock(
        label="Source", required=False, help_text="Qui parle, facultatif."
    )

    class Meta:
        template = "blocks/quote.html"
        icon = "openquote"
        label = "Citation"
        group = "Texte"
        description = "Une phrase mise en avant, avec sa source."
        preview_value = {
            "quote": "Chacun·e doit pouvoir vivre de son art, de son métier ou de sa passion.",
            "attribution": "Smart",
        }


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label="Image")
    caption = blocks.CharBlock(
        label="Légende", required=False, help_text="Affichée sous l'image, facultative."
    )

    class Meta:
        template = "blocks/figure.html"
        icon = "image"
        label = "Image"
        group = "Médias"
        description = (
            "Une image avec son texte alternatif (ou marquée comme décorative) et une légende."
        )


class KeyPointBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Point", max_length=120)
    text = blocks.TextBlock(label="Explication", required=False)


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre de la liste", required=False, max_length=120)
    points = blocks.ListBlock(KeyPointBlock(), label="Points clés", min_num=1)

    class Meta:
        template = "blocks/key_points.html"
        icon = "list-ul"
        label = "Points clés"
        group = "Mise en avant"
        description = "Quelques points essentiels, présentés en grille."
        preview_value = {
            "title": "Quatre terrains",
            "points": [
                {"title": "Le statut des artistes", "text": ""},
                {"title": "La protection sociale", "text": ""},
            ],
        }


def validate_link(value):
    """An address of this site ("/contact/") or of another one ("https://…")."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https", "mailto"])(value)
    except ValidationError:
        raise ValidationError(
            "Indiquez une adresse du site qui commence par « / » (par exemple /contact/) ou une "
            "adresse complète qui commence par https://."
        ) from None


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Phrase d'appel", max_length=200)
    page = blocks.PageChooserBlock(
        label="Page du site", required=False, help_text="Une page de ce site, ou bien…"
    )
    url = blocks.CharBlock(
        label="…une adresse",
        required=False,
        max_length=500,
        validators=[validate_link],
        help_text="Une adresse du site, comme /contact/, ou d'un autre site, en https://.",
    )
    button_label = blocks.CharBlock(label="Texte du bouton", max_length=60)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choisissez soit une page du site, soit une adresse.")
                }
            )
        return value

    class Meta:
        template = "blocks/call_to_action.html"
        icon = "link"
        label = "Appel à l'action"
        group = "Mise en avant"
        description = "Une phrase et un bouton vers une page."
        preview_value = {
            "text": "Découvrez les coopératives du groupe.",
            "url": "https://example.org/",
            "button_label": "Voir l'écosystème",
        }


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label="Nom du réseau", max_length=40, help_text="Par exemple Mastodon."
    )
    url = blocks.URLBlock(label="Adresse du compte")

    class Meta:
        icon = "link-external"
        label = "Lien vers un réseau social"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label="Étape", max_length=120, help_text="Ce qui se passe, en quelques mots."
    )
    text = blocks.TextBlock(label="Explication", required=False, help_text="Facultative.")

    class Meta:
        template = "blocks/step.html"
        icon = "order"
        label = "Étape"
        description = "Une étape d'une démarche, dans l'ordre où elle se fait."
        preview_value = {
            "title": "Un premier rendez-vous",
            "text": "Pour présenter votre projet et poser vos questions.",
        }


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre de la liste", required=False, max_length=120)
    steps = blocks.ListBlock(StepBlock(), label="Étapes", min_num=1)

    class Meta:
        template = "blocks/steps.html"
        icon = "list-ol"
        label = "Étapes"
        group = "Mise en avant"
        description = "Une démarche pas à pas : une liste numérotée d'étapes."
        preview_value = {
            "title": "Comment ça se passe",
            "steps": [
                {"title": "Un premier rendez-vous", "text": ""},
                {"title": "Le lancement de l'activité", "text": ""},
            ],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label="Question", max_length=200, help_text="Telle qu'un visiteur la poserait."
    )
    answer = blocks.RichTextBlock(
        label="Réponse",
        features=RICH_TEXT_FEATURES,
        help_text="Courte et précise : elle s'affiche quand on ouvre la question.",
    )

    class Meta:
        template = "blocks/question.html"
        icon = "help"
        label = "Question"
        description = "Une question et sa réponse, que le visiteur déplie."
        preview_value = {
            "question": "Dois-je créer une entreprise ?",
            "answer": "<p>Non : la coopérative vous accompagne sans que vous créiez la vôtre.</p>",
        }


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre de la liste", required=False, max_length=120)
    questions = blocks.ListBlock(QuestionBlock(), label="Questions", min_num=1)

    class Meta:
        template = "blocks/faq.html"
        icon = "help"
        label = "Questions fréquentes"
        group = "Texte"
        description = (
            "Des questions que le visiteur déplie une à une ; les moteurs de recherche les "
            "lisent aussi."
        )
        preview_value = {
            "title": "Questions fréquentes",
            "questions": [
                {
                    "question": "Dois-je créer une entreprise ?",
                    "answer": "<p>Non : la coopérative vous accompagne sans que vous créiez "
                    "la vôtre.</p>",
                }
            ],
        }


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    key_points = KeyPointsBlock()
    call_to_action = CallToActionBlock()
    steps = StepsBlock()
    faq = FAQBlock()


BLOCK_TAGS = re.compile(r"</?(?:p|li|ul|ol|br|h[1-6])\b[^>]*>", re.IGNORECASE)


def plain_text(html):
    """Rich text as one line of plain text: paragraphs and list items kept apart."""
    return " ".join(unescape(strip_tags(BLOCK_TAGS.sub(" ", html))).split())


def faq_questions(stream):
    """The questions of a stream, in order: its FAQ blocks' and its own question blocks'."""
    for child in stream or ():
        if isinstance(child.block, FAQBlock):
            yield from child.value["questions"]
        elif isinstance(child.block, QuestionBlock):
            yield child.value


def faq_page_json_ld(questions):
    """schema.org FAQPage data for `questions` (QuestionBlock values), or "" without any.

    The answers are given as plain text: what a search engine shows, without the
    editor's internal link markup.
    """
    entities = [
        {
            "@type": "Question",
            "name": question["question"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": plain_text(question["answer"].source),
            },
        }
        for question in questions
    ]
    if not entities:
        return ""
    return json_ld({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities})
