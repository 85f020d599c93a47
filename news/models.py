"""News: one news index page, and a page for each piece of news."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cooperatives.models import CooperativePage
from core.blocks import ContentStreamBlock
from core.cache import cached_for_content
from core.dates import DatePrecision, datetime_attribute, spoken_date
from core.models import BasePage
from core.visibility import public, restricted_paths

NEWS_PER_PAGE = 10
# The feeds' fixed addresses (news/urls.py), by the names they are reversed with.
FEED_URL_NAMES = ("news_rss", "news_atom")


def visible(pages):
    """The live, public ones of `pages`; in Python, so that a preview's unsaved choice works."""
    restricted = [path for path in restricted_paths() if path]
    return [page for page in pages if page.live and not any(map(page.path.startswith, restricted))]


def live_news():
    """Every live, public news item, newest first, with what a card shows (fixed queries)."""
    return (
        public(NewsPage.objects.live())
        .select_related("image")
        .prefetch_related(Prefetch("cooperatives", queryset=public(CooperativePage.objects.live())))
        .order_by("-date", "-first_published_at", "-pk")
    )


class NewsIndexPage(BasePage):
    intro = models.TextField(
        "Chapeau",
        blank=True,
        help_text="Quelques mots au-dessus de la liste des actualités, facultatifs.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("summary")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # One news section, at the top of the site; every news item lives under it.
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "Page des actualités"
        verbose_name_plural = "Pages des actualités"

    def get_cached_paths(self):
        # The feeds have fixed addresses, under this page's own as long as it keeps
        # its usual place; elsewhere their CDN copy simply expires (CDN_CACHE_SECONDS).
        paths = ["/"]
        own_url = self.url or ""
        for name in FEED_URL_NAMES:
            feed_url = reverse(name)
            if own_url and feed_url.startswith(own_url):
                paths.append("/" + feed_url.removeprefix(own_url))
        return paths

    def news(self):
        return live_news().child_of(self)

    def cooperatives_with_news(self):
        """The cooperatives that at least one live news item concerns, to filter by."""

        def build():
            return list(
                public(CooperativePage.objects.live())
                .filter(news_pages__in=public(NewsPage.objects.child_of(self).live()))
                .distinct()
                .order_by("path")
                .values("pk", "slug", "title")
            )

        return cached_for_content(f"news-cooperatives:{self.pk}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cooperatives = self.cooperatives_with_news()
        # An unknown cooperative (a renamed page, a typo) shows every news item.
        chosen = next(
            (item for item in cooperatives if item["slug"] == request.GET.get("cooperative")),
            None,
        )
        news = self.news()
        if chosen is not None:
            news = news.filter(cooperatives=chosen["pk"])
        context.update(
            cooperatives=cooperatives,
            chosen_cooperative=chosen,
            news_page=Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page")),
            feed_urls={"rss": reverse("news_rss"), "atom": reverse("news_atom")},
        )
        return context


class NewsPage(BasePage):
    date = models.DateField(
        "Date",
        default=timezone.localdate,
        help_text=(
            "Le jour de l'actualité. Quand seuls l'année ou le mois sont connus, choisissez le "
            "1er janvier ou le 1er du mois et indiquez la précision ci-dessous : aucun jour "
            "n'est alors affiché."
        ),
    )
    date_precision = models.CharField(
        "Précision de la date",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="Ce que l'on sait de la date : le jour, seulement le mois, ou seulement l'année.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Facultative. Recadrée autour de son point d'intérêt, que l'on règle dans la "
            "bibliothèque d'images."
        ),
    )
    image_alt = models.CharField(
        "Texte alternatif de l'image",
        max_length=250,
        blank=True,
        help_text="Ce que montre l'image, pour qui ne la voit pas. Obligatoire, sauf pour une "
        "image décorative.",
    )
    image_is_decorative = models.BooleanField(
        "Image décorative",
        default=False,
        help_text="Cochez si l'image n'apporte aucune information : elle sera ignorée par les "
        "lecteurs d'écran.",
    )
    cooperatives = ParentalManyToManyField(
        "cooperatives.CooperativePage",
        verbose_name="Coopératives concernées",
        blank=True,
        related_name="news_pages",
        help_text="Les coopératives dont parle cette actualité : on pourra filtrer la liste "
        "des actualités par coopérative.",
    )
    body = StreamField(
        ContentStreamBlock(),
        verbose_name="Contenu",
        blank=True,
        help_text="Le texte de l'actualité, avec ses intertitres, images et liens.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("date_precision")], heading="Date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_is_decorative")],
            heading="Image",
        ),
        FieldPanel("cooperatives", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.RelatedFields("cooperatives", [index.SearchField("title")]),
        index.FilterField("date"),
    ]

    # A news item is listed, paginated and fed by the news index: it lives only there.
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Actualité"
        verbose_name_plural = "Actualités"

    def clean(self):
        super().clean()
        errors = {}
        if not self.summary.strip():
            errors["summary"] = (
                "Résumez l'actualité en une ou deux phrases : les cartes et les flux "
                "RSS et Atom l'affichent."
            )
        if self.image_id and not self.image_is_decorative and not self.image_alt.strip():
            errors["image_alt"] = (
                "Décrivez ce que montre l'image, ou cochez « Image décorative » si elle "
                "n'apporte aucune information."
            )
        if errors:
            raise ValidationError(errors)

    def concerned_cooperatives(self):
        return visible(self.cooperatives.all())

    @property
    def alt_text(self):
        """The image's alternative text: empty for a decorative image, never the file's title."""
        return "" if self.image_is_decorative else self.image_alt.strip()

    @property
    def display_date(self):
        return spoken_date(self.date, self.date_precision)

    @property
    def datetime_value(self):
        return datetime_attribute(self.date, self.date_precision)
