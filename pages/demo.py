"""Demo content, written from the fact sheet (shared/content/fiche-smart.md).

Loading is idempotent and never overwrites an editor's work: a page is created
only when no page exists at its place (same parent, same slug); anything that
is already there, edited or not, is left alone.
"""

import datetime

from django.db import transaction
from wagtail.models import Page, Site

from cooperatives.models import CooperativePage, EcosystemPage
from equality_index.models import EqualityIndexPage, EqualityIndexYear

from .models import HistoryEvent, HistoryPage, HomePage, MissionPage, StandardPage


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
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Smart en France",
        )
    else:
        site.root_page = home
        site.site_name = site.site_name or "Smart en France"
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
    keep(
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
    keep(load_history_page(about))
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
        keep(ensure_child(ecosystem, CooperativePage(**fields)))
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
    return created
