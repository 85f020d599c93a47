"""The news as RSS 2.0 and Atom feeds, with Django's syndication framework.

Dates say only what is known: a news item dated by its year or month alone has
no publication date in the feeds (both formats allow it), only the date it was
last published on the site, which Atom requires and which is a fact.
"""

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from core.dates import DatePrecision
from core.visibility import public

from .models import NewsIndexPage

FEED_ITEMS = 20
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class FeedSource:
    index: NewsIndexPage
    request: HttpRequest


class NewsRssFeed(Feed):
    title = "Actualités de Smart en France"
    description = "Les dernières nouvelles de Smart et de ses coopératives, en France."
    language = "fr"
    author_name = "Smart en France"
    url_name = "news_rss"

    def get_object(self, request, *args, **kwargs):
        index = public(NewsIndexPage.objects.live()).first()
        if index is None:
            raise ObjectDoesNotExist("Pas de page des actualités publiée.")
        return FeedSource(index, request)

    def link(self, source):
        return source.index.get_full_url(source.request)

    def feed_url(self, source):
        # Built like the pages' own addresses (the site's root URL), not from the Host header.
        site = Site.find_for_request(source.request)
        path = reverse(self.url_name)
        return site.root_url + path if site else source.request.build_absolute_uri(path)

    def items(self, source):
        news = list(source.index.news()[:FEED_ITEMS])
        for item in news:
            item.feed_link = item.get_full_url(source.request)
        return news

    def item_title(self, item):
        # RSS readers may read a title as HTML: its markup characters are escaped.
        return escape(item.title)

    def item_description(self, item):
        return escape(item.summary)

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        # The same for the life of the page, even if its title or address changes.
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.date_precision != DatePrecision.DAY:
            return None
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=PARIS)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [cooperative.title for cooperative in item.cooperatives.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
    url_name = "news_atom"

    def item_title(self, item):
        # Atom titles are text (the summary is declared HTML, so it stays escaped).
        return item.title
