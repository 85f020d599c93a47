from django.urls import path
from django.views.decorators.http import require_safe

from .feeds import NewsAtomFeed, NewsRssFeed

# Fixed addresses, whatever editors do with the news page: feed readers keep them for years.
urlpatterns = [
    path("actualites/rss.xml", require_safe(NewsRssFeed()), name="news_rss"),
    path("actualites/atom.xml", require_safe(NewsAtomFeed()), name="news_atom"),
]
