"""The demo news: the news page, and only the news the fact sheet supports.

The fact sheet (shared/content/fiche-smart.md) tells of no news as such; it gives
the equality index's result, 82/100 published in 2023 for the data of 2022, without
the day it was published. That one item is written from it, dated by its year
alone (precision "year"): the page and the feeds say "2023" and never a day nobody
knows.

Like the rest of the demo content, a page is created only when missing (the news
page anywhere, since there is one; a news item by its slug under the news page),
and a page that exists is never touched.
"""

import datetime

from core.dates import DatePrecision
from equality_index.models import EqualityIndexPage

from .models import NewsIndexPage, NewsPage

INDEX_2023_SLUG = "index-egalite-2023"


def index_2023_news():
    body = [
        {
            "type": "paragraph",
            "value": (
                "<p>En 2023, Smart a publié son index de l'égalité professionnelle entre les "
                "femmes et les hommes, calculé sur les données de l'année 2022 : "
                "<strong>82 points sur 100</strong>.</p>"
            ),
        },
        {
            "type": "paragraph",
            "value": (
                "<p>La loi demande à toute entreprise d'au moins 50 salarié·es de calculer "
                "et de publier cet index chaque année, au plus tard le 1er mars. Il se "
                "compte sur 100 points, à partir de quatre indicateurs entre 50 et 250 "
                "salarié·es, de cinq au-delà : l'écart de rémunération entre femmes et "
                "hommes, l'écart de répartition des augmentations individuelles, celui des "
                "promotions (au-delà de 250 salarié·es seulement), le nombre de salariées "
                "augmentées à leur retour de congé de maternité, et la parité parmi les dix "
                "plus hautes rémunérations.</p>"
            ),
        },
    ]
    index_page = EqualityIndexPage.objects.live().first()
    if index_page is not None:
        body.append(
            {
                "type": "call_to_action",
                "value": {
                    "text": "Le résultat de chaque année et ce que mesure l'index.",
                    "page": index_page.pk,
                    "url": "",
                    "button_label": "Voir l'index de l'égalité",
                },
            }
        )
    return NewsPage(
        title="Index de l'égalité professionnelle : 82/100 en 2023",
        slug=INDEX_2023_SLUG,
        date=datetime.date(2023, 1, 1),
        date_precision=DatePrecision.YEAR,
        summary="En 2023, Smart a publié son index de l'égalité professionnelle "
        "femmes-hommes : 82 points sur 100, au titre des données de 2022.",
        body=body,
    )


def load_demo_news(home):
    """Creates what is missing of the news under `home`; returns the pages it created."""
    created = []
    index = NewsIndexPage.objects.first()
    if index is None:
        index = NewsIndexPage(
            title="Actualités",
            slug="actualites",
            intro="Les nouvelles de Smart et de ses coopératives.",
            summary="Les nouvelles de Smart et de ses coopératives.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created.append(index)
    if not index.get_children().filter(slug=INDEX_2023_SLUG).exists():
        news = index_2023_news()
        index.add_child(instance=news)
        news.save_revision().publish()
        created.append(news)
    return created
