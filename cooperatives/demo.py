"""Demo content for joining the cooperatives, written from the fact sheet only.

The fact sheet (shared/content/fiche-smart.md) says who each cooperative is for
and what it offers; it describes no steps, no price and no procedure. So:

- "Pour qui" is each cooperative's `audience`, already in the demo.
- No steps and no cost: those parts stay empty, and the page says nothing of them.
- Questions only where the answer is a fact of the sheet, said again: GrandsEnsemble
  (no company to create, a CDI) and Coop Portage (a CDD or a CDI, for the long run
  or one project). Nothing is said about Alterna beyond its offer.
- "Nous rejoindre" leads artists and creatives to the contact page: the sheet names
  no cooperative for them, and the service Smart ran for artists (the production
  of projects) closed on 1 January 2024.

Like the rest of the demo content, a page is created only when missing and never
touched afterwards: the loader passes JOINING to a cooperative page it creates,
and `load_demo_join_page` does nothing once the site has a "Nous rejoindre" page.
"""

from .models import CooperativePage, JoinPage, JoinSituation


def question(text, answer_html):
    return {"type": "question", "value": {"question": text, "answer": answer_html}}


# The "Rejoindre" fields of each demo cooperative, by slug.
JOINING = {
    "grandsensemble": {
        "join_faq": [
            question(
                "Dois-je créer une entreprise ?",
                "<p>Non. GrandsEnsemble vous accompagne du lancement de votre projet au suivi "
                "de votre activité sans que vous créiez d'entreprise, et vous travaillez en "
                "CDI.</p>",
            )
        ]
    },
    "coop-portage": {
        "join_faq": [
            question(
                "Quel contrat de travail ?",
                "<p>Un CDD ou un CDI. Coop Portage vous accompagne dans la durée ou le temps "
                "d'un projet.</p>",
            )
        ]
    },
}

JOIN_INTRO = (
    "Indépendant·e, freelance, services à domicile, artiste : trouvez la coopérative qui "
    "correspond à votre situation."
)

# (situation, explanation, slug of the cooperative it leads to, or None for the contact page)
SITUATIONS = [
    (
        "Vous êtes indépendant·e ou vous portez un projet",
        "À Lille et dans les Hauts-de-France, GrandsEnsemble vous accompagne du lancement de "
        "votre projet au suivi de votre activité, sans créer d'entreprise, en CDI.",
        "grandsensemble",
    ),
    (
        "Vous êtes freelance",
        "Coop Portage vous offre la liberté de l'indépendant et la protection du salariat, "
        "dans la durée ou le temps d'un projet, en CDD ou en CDI.",
        "coop-portage",
    ),
    (
        "Vous proposez des services à domicile",
        "Alterna vous donne un cadre pour développer vos prestations à domicile en gardant "
        "les avantages financiers propres aux services à la personne.",
        "alterna",
    ),
    (
        "Vous êtes artiste ou créatif·ve",
        "Smart est née en 1998 pour les professionnels du secteur artistique ; son service "
        "de production de projets a fermé le 1er janvier 2024. Écrivez-nous en décrivant "
        "votre activité.",
        None,
    ),
]


def load_demo_join_page(home, contact_page=None):
    """Creates "Nous rejoindre" under `home` unless the site has one; returns what it created.

    A situation whose page is missing (a cooperative removed, no contact page) is
    left out rather than pointed elsewhere.
    """
    if JoinPage.objects.exists():
        return []
    cooperatives = {page.slug: page for page in CooperativePage.objects.all()}
    page = JoinPage(
        title="Nous rejoindre",
        slug="nous-rejoindre",
        intro=JOIN_INTRO,
        summary="La coopérative qui correspond à votre situation, et comment la joindre.",
        show_in_menus=True,
    )
    leads = [
        (situation, explanation, cooperatives.get(slug) if slug else contact_page)
        for situation, explanation, slug in SITUATIONS
    ]
    found = [lead for lead in leads if lead[2] is not None]
    for order, (situation, explanation, destination) in enumerate(found):
        page.situations.add(
            JoinSituation(
                sort_order=order,
                situation=situation,
                explanation=explanation,
                destination=destination,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return [page]
