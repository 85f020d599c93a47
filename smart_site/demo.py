"""Demo content, written from the fact sheet (shared/content/fiche-smart.md).

Loading is idempotent and never overwrites an editor's work: a page is created
only when no page exists at its place (same parent, same slug); anything that
is already there, edited or not, is left alone.
"""

import datetime
import os

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from cooperatives.demo import JOINING, load_demo_join_page
from cooperatives.models import CooperativePage, EcosystemPage
from core.models import SiteSettings
from equality_index.models import EqualityIndexPage, EqualityIndexYear
from events.demo import load_demo_agenda
from news.demo import load_demo_news
from news.models import NewsIndexPage
from pages.models import (
    ContactFormField,
    ContactPage,
    DocumentsPage,
    HistoryEvent,
    HistoryPage,
    HomeFeaturedPage,
    HomePage,
    MissionPage,
    SitemapPage,
    StandardPage,
)


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def key_points(title, points):
    return {
        "type": "key_points",
        "value": {"title": title, "points": [{"title": p, "text": t} for p, t in points]},
    }


HOME_INTRO = (
    "<p>Smart est une coopérative engagée, une entreprise partagée, un projet collectif "
    "et un cadre mutualiste. Depuis environ 25 ans, elle cherche des réponses nouvelles "
    "pour sécuriser les travailleuses et les travailleurs, afin que chacun·e puisse vivre "
    "de son art, de son métier ou de sa passion.</p>"
)

MISSION_BODY = [
    paragraph(
        "<p>Smart se présente à la fois comme une coopérative engagée, une entreprise "
        "partagée, un projet collectif et un cadre mutualiste.</p>"
    ),
    heading("Sécuriser le travail"),
    paragraph(
        "<p>Sa raison d'être tient en une phrase : apporter des réponses nouvelles à la "
        "sécurisation des travailleuses et des travailleurs. Voilà environ 25 ans que Smart "
        "défend des idées et les traduit en pratiques concrètes.</p>"
    ),
    key_points(
        "Quatre terrains d'action",
        [
            ("Le statut des artistes", ""),
            ("La condition des créatifs", ""),
            ("La protection sociale", ""),
            ("Le travail de plateforme", ""),
        ],
    ),
    heading("Transformer le travail"),
    paragraph(
        "<p>Smart se définit par la transformation sociale qu'elle porte. Le travail "
        "connaît bien des formes de subordination : économiques, juridiques, psychologiques, "
        "culturelles… En réponse, Smart construit un cadre collectif émancipateur, qui vise "
        "l'autonomie de ses membres.</p>"
    ),
    {
        "type": "quote",
        "value": {
            "quote": "Chacun·e doit pouvoir vivre de son art, de son métier ou de sa passion.",
            "attribution": "Le projet de Smart",
        },
    },
    heading("Quatre natures de mécanismes"),
    paragraph("<p>Les mécanismes que Smart invente pour y parvenir sont de quatre natures.</p>"),
    key_points(
        "Des mécanismes",
        [
            ("Opérationnels", ""),
            ("Mutualistes", "Le « M » de l'acronyme d'origine, « Société Mutuelle des Artistes »."),
            ("Coopératifs", ""),
            ("Éducatifs", ""),
        ],
    ),
]

HISTORY_EVENTS = [
    # (date, precision, label, title, text)
    (
        datetime.date(1998, 1, 1),
        "year",
        "",
        "Naissance de Smart en Belgique",
        "Smart naît en Belgique sous la forme d'une association : la « Société Mutuelle des "
        "Artistes ». Son but : aider les professionnels du secteur artistique à inscrire leur "
        "travail dans un cadre légal et à obtenir une meilleure protection sociale.",
    ),
    (
        datetime.date(2009, 1, 1),
        "year",
        "",
        "Smart s'installe en France",
        "Sous l'impulsion de Sandrino Graceffa, Smart arrive en France avec un service de "
        "production de projets destiné aux acteurs du spectacle vivant. L'offre s'ouvre "
        "ensuite à de nombreux métiers.",
    ),
    (
        datetime.date(2020, 7, 1),
        "month",
        "",
        "Le tribunal de Lille reconnaît l'UES",
        "Le tribunal de Lille reconnaît l'Unité Économique et Sociale (UES) que forment les "
        "coopératives du groupe.",
    ),
    (
        datetime.date(2022, 1, 1),
        "year",
        "",
        "Un plan de continuation",
        "L'assemblée générale des sociétaires vote un plan de continuation.",
    ),
    (
        datetime.date(2024, 1, 1),
        "day",
        "",
        "Fermeture du service de production de projets",
        "Conformément au plan de continuation, le service de production de projets ferme.",
    ),
    (
        None,
        "year",
        "Aujourd'hui",
        "La gestion sociale et solidaire",
        "Smart poursuit son projet avec le service « gestion social et solidaire » : il aide "
        "les entreprises et les associations culturelles et sociales à embaucher simplement "
        "et à sécuriser leurs salarié·es.",
    ),
]

ECOSYSTEM_BODY = [
    paragraph(
        "<p>En France, Smart réunit plusieurs coopératives associées. Elles partagent des "
        "outils et des garanties pour que chacun·e développe son activité sereinement.</p>"
    ),
    heading("Une Unité Économique et Sociale"),
    paragraph(
        "<p>Liées par des participations croisées, ces coopératives forment une Unité "
        "Économique et Sociale (UES), reconnue par le tribunal de Lille en juillet 2020. "
        "Une UES rassemble des entreprises juridiquement distinctes mais étroitement liées.</p>"
    ),
    key_points(
        "Ce qui les lie",
        [
            ("Des activités communes ou complémentaires", ""),
            ("Une unité de direction", ""),
            ("Une communauté de travailleurs aux intérêts communs", ""),
        ],
    ),
]

COOPERATIVES = [
    {
        "slug": "grandsensemble",
        "title": "GrandsEnsemble",
        "legal_form": CooperativePage.LegalForm.CAE,
        "territory": "Lille et Hauts-de-France",
        "promise": "Lancer et développer son activité sans créer d'entreprise, en CDI.",
        "audience": "Les indépendant·es de Lille et des Hauts-de-France qui veulent lancer "
        "leur projet sans créer leur propre entreprise.",
        "offer": "Un accompagnement du lancement du projet jusqu'au suivi de l'activité, avec "
        "un contrat de travail en CDI au sein d'une Coopérative d'Activité et d'Emploi.",
        "summary": "La Coopérative d'Activité et d'Emploi de Lille et des Hauts-de-France.",
    },
    {
        "slug": "coop-portage",
        "title": "Coop Portage",
        "legal_form": CooperativePage.LegalForm.PORTAGE,
        "territory": "France",
        "promise": "La liberté de l'indépendant et la protection du salariat.",
        "audience": "Les freelances qui veulent garder la liberté de l'indépendant tout en "
        "profitant de la protection du salariat.",
        "offer": "Le portage salarial en coopérative, dans la durée ou le temps d'un projet, "
        "en CDD ou en CDI.",
        "summary": "Le portage salarial en coopérative, partout en France.",
    },
    {
        "slug": "alterna",
        "title": "Alterna",
        "legal_form": CooperativePage.LegalForm.SERVICES,
        "territory": "France",
        "promise": "Développer des prestations à domicile dans un cadre coopératif.",
        "audience": "Celles et ceux qui veulent proposer des prestations à domicile.",
        "offer": "Un cadre pour développer des prestations à domicile tout en gardant les "
        "avantages financiers propres aux services à la personne.",
        "summary": "La coopérative de services à la personne, partout en France.",
    },
]


INDEX_INTRO = (
    "<p>L'index de l'égalité professionnelle mesure, sur 100 points, les écarts entre les "
    "femmes et les hommes dans l'entreprise. Smart le publie chaque année, au plus tard le "
    "1er mars, comme toute entreprise d'au moins 50 salarié·es.</p>"
)


def ensure_published_index_2023():
    """The published 2023 result (data of 2022): its total only, since no breakdown is known."""
    if EqualityIndexYear.objects.filter(publication_year=2023).exists():
        return False
    year = EqualityIndexYear(
        publication_year=2023, data_year=2022, breakdown_known=False, published_index=82
    )
    year.full_clean()
    year.save()
    year.save_revision().publish()
    return True


# The publisher, the director of publication and the host are not in the fact sheet:
# they are site settings (core.SiteSettings), shown on the page once an
# administrator fills them, and listed on the dashboard until then.
LEGAL_NOTICE_BODY = [
    paragraph(
        "<p>Les informations sur l'éditeur, la direction de la publication et l'hébergement "
        "du site figurent ci-dessous.</p>"
    ),
    heading("Propriété intellectuelle"),
    paragraph(
        "<p>Les textes et les images de ce site ne peuvent être réutilisés sans l'accord de "
        "Smart, sauf mention contraire.</p>"
    ),
]

PRIVACY_BODY = [
    heading("Ce que nous collectons"),
    paragraph(
        "<p>Ce site ne dépose aucun cookie de mesure d'audience ni de publicité et ne charge "
        "aucun contenu d'un autre site. Nous ne collectons que ce que vous nous écrivez avec "
        "le formulaire de contact : votre nom, votre adresse électronique, le sujet et votre "
        "message.</p>"
    ),
    heading("Pourquoi"),
    paragraph(
        "<p>Pour répondre à votre demande, avec votre consentement, que vous donnez en "
        "cochant la case prévue dans le formulaire. Vos données ne sont ni vendues ni cédées.</p>"
    ),
    heading("Pendant combien de temps"),
    paragraph(
        "<p>Un message envoyé avec le formulaire de contact est effacé automatiquement "
        f"{settings.CONTACT_MESSAGE_RETENTION_DAYS} jours après sa réception. Seules les "
        "personnes chargées d'y répondre peuvent le lire.</p>"
    ),
    heading("Vos droits"),
    paragraph(
        "<p>Vous pouvez accéder à vos données, les faire rectifier ou effacer, limiter leur "
        "traitement, vous y opposer, retirer votre consentement et demander leur portabilité "
        "(voir « Pour exercer vos droits », plus bas).</p><p>Si vous estimez, après nous "
        "avoir contactés, que vos droits ne sont pas "
        "respectés, vous pouvez adresser une réclamation à la Commission nationale de "
        'l\'informatique et des libertés (CNIL) : <a href="https://www.cnil.fr/">cnil.fr</a>.</p>'
    ),
]

ACCESSIBILITY_BODY = [
    paragraph(
        "<p>Smart s'engage à rendre son site accessible conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site Smart en France.</p>"
    ),
    heading("État de conformité"),
    paragraph(
        "<p>Le site n'a pas encore fait l'objet d'un audit de conformité au référentiel général "
        "d'amélioration de l'accessibilité (RGAA 4.1) : il est donc <strong>non conforme</strong> "
        "au sens de la loi. Chaque page est toutefois vérifiée automatiquement, à chaque "
        "modification du code, avec l'outil axe-core sur les critères WCAG 2.1 niveaux A et AA, "
        "et testée à la navigation au clavier.</p>"
    ),
    heading("Contenus non accessibles"),
    paragraph(
        "<p>À notre connaissance, aucun contenu n'est inaccessible à ce jour. Les documents "
        "téléchargeables ajoutés par la suite pourraient ne pas l'être : signalez-le nous.</p>"
    ),
    heading("Établissement de cette déclaration"),
    paragraph(
        "<p>Technologies utilisées : HTML, CSS, SVG. Le site fonctionne sans JavaScript.</p>"
    ),
    heading("Retour d'information et contact"),
    paragraph(
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous par la "
        "page Contact du site pour être orienté vers une alternative accessible ou obtenir le "
        "contenu sous une autre forme.</p>"
    ),
    heading("Voies de recours"),
    paragraph(
        "<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez contacter le Défenseur des droits : en ligne sur "
        '<a href="https://www.defenseurdesdroits.fr/">defenseurdesdroits.fr</a>, auprès de son '
        "délégué ou de sa déléguée dans votre région, ou par courrier gratuit, sans "
        "affranchissement : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    ),
]

CONTACT_FIELDS = [
    ("Votre nom", "singleline", True, "", ""),
    ("Votre adresse électronique", "email", True, "", "Pour vous répondre, et à rien d'autre."),
    (
        "Sujet",
        "dropdown",
        True,
        "Une question sur Smart\nGrandsEnsemble\nCoop Portage\nAlterna\n"
        "L'index de l'égalité\nAutre chose",
        "Choisissez la coopérative concernée, s'il y en a une.",
    ),
    ("Votre message", "multiline", True, "", ""),
    (
        "J'accepte que Smart utilise ces informations pour répondre à ma demande",
        "checkbox",
        True,
        "",
        "Voir la page « Données personnelles ».",
    ),
]


def ensure_contact_page(home):
    page = ContactPage(
        title="Contact",
        slug="contact",
        intro="<p>Une question sur Smart ou sur l'une de ses coopératives ? Écrivez-nous.</p>",
        thank_you_text="<p>Nous avons bien reçu votre message. L'équipe le lit et vous répond "
        "par courriel, à l'adresse que vous avez indiquée. Vos informations ne servent qu'à "
        "cette réponse.</p>",
        summary="Écrire à Smart et à ses coopératives.",
        show_in_menus=True,
    )
    if not ContactPage.objects.exists():
        for order, (label, field_type, required, choices, help_text) in enumerate(CONTACT_FIELDS):
            page.form_fields.add(
                ContactFormField(
                    sort_order=order,
                    label=label,
                    field_type=field_type,
                    required=required,
                    choices=choices,
                    help_text=help_text,
                )
            )
    return ensure_child(home, page)


def ensure_site_settings(site, pages_by_role):
    """Point the footer's links at the demo pages, unless an editor already set them."""
    site_settings = SiteSettings.for_site(site)
    changed = False
    for field, page in pages_by_role.items():
        if getattr(site_settings, f"{field}_id") is None:
            setattr(site_settings, field, page)
            changed = True
    if changed:
        site_settings.save()


def child_with_slug(parent, slug):
    return parent.get_children().filter(slug=slug).first()


def ensure_child(parent, page):
    """Create and publish `page` under `parent` unless it is already there.

    A page type the site may hold only once is looked for anywhere, so that an
    editor who renamed or moved it does not get a second one; other pages are
    looked for by slug under their parent. Returns (page, created); an existing
    page is returned as it is, never updated.
    """
    model = type(page)
    is_singleton = model.max_count == 1
    existing = model.objects.first() if is_singleton else child_with_slug(parent, page.slug)
    if existing is not None:
        return existing.specific, False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_home_page():
    """The site's home page, created (and made the default site's root) the first time."""
    home = HomePage.objects.first()
    if home is not None:
        return home, False
    root = Page.get_first_root_node()
    # Wagtail's migration leaves a placeholder "Welcome" page; it holds nothing.
    placeholder = root.get_children().filter(slug="home", content_type__model="page").first()
    home = HomePage(
        title="Smart en France",
        slug="accueil",
        intro=HOME_INTRO,
        summary="Smart et ses coopératives sécurisent le travail des indépendant·es, "
        "des artistes et des créatifs.",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    # Canonical and shared links are built from the site's address: by default the
    # one `make run` serves; production sets its own in the admin (Paramètres > Sites).
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.site_name = site.site_name or "Smart en France"
    site.hostname = os.environ.get("DEMO_SITE_HOSTNAME", "127.0.0.1")
    site.port = int(os.environ.get("DEMO_SITE_PORT", "8000"))
    site.save()
    if placeholder is not None:
        placeholder.delete()
    return home, True


def load_history_page(parent):
    page = HistoryPage(
        title="Notre histoire",
        slug="histoire",
        intro="De la Belgique en 1998 à l'écosystème coopératif d'aujourd'hui : les grandes "
        "étapes de Smart.",
        summary="De l'association belge de 1998 aux coopératives d'aujourd'hui.",
        show_in_menus=True,
    )
    if not HistoryPage.objects.exists():
        for order, (date, precision, label, title, text) in enumerate(HISTORY_EVENTS):
            page.events.add(
                HistoryEvent(
                    sort_order=order,
                    date=date,
                    date_precision=precision,
                    date_label=label,
                    title=title,
                    text=text,
                )
            )
    return ensure_child(parent, page)


@transaction.atomic
def load_demo_content():
    """Create whatever part of the demo site is missing. Returns the pages it created."""
    created = []

    def keep(result):
        page, was_created = result
        if was_created:
            created.append(page)
        return page

    home = keep(ensure_home_page())
    about = keep(
        ensure_child(
            home,
            StandardPage(
                title="Qui sommes-nous",
                slug="qui-sommes-nous",
                intro="Une coopérative engagée, une entreprise partagée, un projet collectif "
                "et un cadre mutualiste.",
                summary="Le projet de Smart et son histoire.",
                show_in_menus=True,
            ),
        )
    )
    mission = keep(
        ensure_child(
            about,
            MissionPage(
                title="Le projet",
                slug="le-projet",
                intro="Apporter des réponses nouvelles à la sécurisation des travailleuses et "
                "des travailleurs.",
                summary="Sécuriser le travail, transformer ses conditions, viser l'autonomie.",
                body=MISSION_BODY,
                show_in_menus=True,
            ),
        )
    )
    history = keep(load_history_page(about))
    ecosystem = keep(
        ensure_child(
            home,
            EcosystemPage(
                title="L'écosystème",
                slug="ecosysteme",
                intro="Des coopératives associées qui partagent des outils et des garanties.",
                summary="Les coopératives associées à Smart et l'Unité Économique et Sociale "
                "qu'elles forment.",
                body=ECOSYSTEM_BODY,
                show_in_menus=True,
            ),
        )
    )
    for fields in COOPERATIVES:
        # Listed under "L'écosystème" in the header's menu.
        joining = JOINING.get(fields["slug"], {})  # its questions, when the facts answer them
        keep(ensure_child(ecosystem, CooperativePage(**fields, **joining, show_in_menus=True)))
    keep(
        ensure_child(
            home,
            EqualityIndexPage(
                title="Index de l'égalité professionnelle femmes-hommes",
                slug="index-egalite",
                intro=INDEX_INTRO,
                summary="Le résultat de Smart à l'index de l'égalité professionnelle, "
                "année après année.",
            ),
        )
    )
    if ensure_published_index_2023():
        created.append(EqualityIndexYear.objects.get(publication_year=2023))
    # Before the contact page: the menu reads Qui sommes-nous, L'écosystème,
    # Actualités, Agenda, Contact.
    created.extend(load_demo_news(home))
    created.extend(load_demo_agenda(home, suggested_page=NewsIndexPage.objects.first()))

    contact = keep(ensure_contact_page(home))
    # After the contact page, to which it leads artists and creatives.
    created.extend(load_demo_join_page(home, contact_page=contact))
    sitemap = keep(
        ensure_child(
            home,
            SitemapPage(
                title="Plan du site",
                slug="plan-du-site",
                intro="Toutes les pages du site, rubrique par rubrique.",
                summary="Toutes les pages du site.",
            ),
        )
    )
    # Out of the menu while it lists nothing: editors tick "show in menus" with the
    # first documents.
    keep(
        ensure_child(
            home,
            DocumentsPage(
                title="Documents",
                slug="documents-publics",
                intro="Les documents que Smart et ses coopératives rendent publics.",
                summary="Les documents publics de Smart et de ses coopératives.",
            ),
        )
    )
    legal_pages = {}
    for role, title, slug, summary, body in [
        ("legal_notice_page", "Mentions légales", "mentions-legales",
         "Qui édite et qui héberge ce site.", LEGAL_NOTICE_BODY),
        ("privacy_page", "Données personnelles", "donnees-personnelles",
         "Ce que nous faisons des données que vous nous confiez, et vos droits.", PRIVACY_BODY),
        ("accessibility_page", "Déclaration d'accessibilité", "accessibilite",
         "L'état d'accessibilité du site et vos recours.", ACCESSIBILITY_BODY),
    ]:  # fmt: skip
        legal_pages[role] = keep(
            # Linked from the footer, not from the main menu.
            ensure_child(
                home,
                StandardPage(
                    title=title, slug=slug, summary=summary, body=body, show_in_menus=False
                ),
            )
        )
    ensure_site_settings(
        home.get_site(),
        {**legal_pages, "sitemap_page": sitemap, "contact_page": contact},
    )
    if home in created:
        feature_on_home(home, [mission, history, ecosystem])
    return created


def feature_on_home(home, pages):
    """The home page's "À découvrir" cards, published like an editor would."""
    for order, page in enumerate(pages):
        home.featured_pages.add(HomeFeaturedPage(featured_page=page, sort_order=order))
    home.save_revision().publish()
