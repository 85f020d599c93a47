"""The news for other pages to show: the feeds every page links to, the latest news."""

from django import template
from django.urls import reverse

from core.cache import cached_for_content
from core.visibility import public
from news.models import NewsIndexPage, live_news

register = template.Library()


def index_summary(request):
    page = public(NewsIndexPage.objects.live()).first()
    if page is None:
        return {}
    return {
        "title": page.title,
        "url": page.get_url(request),
        "rss_url": reverse("news_rss"),
        "atom_url": reverse("news_atom"),
    }


@register.simple_tag(takes_context=True)
def news_index(context):
    """The news page's title and address and the feeds' addresses; empty without news page."""
    request = context.get("request")
    return cached_for_content("news-index", lambda: index_summary(request))


@register.inclusion_tag("news/feed_links.html", takes_context=True)
def news_feed_links(context):
    """The <link rel="alternate"> of the news feeds, for every page's <head>."""
    return {"news_index": news_index(context)}


@register.simple_tag
def latest_news(count=3):
    """The `count` latest live, public news items, newest first."""
    count = int(count)
    return cached_for_content(f"latest-news:{count}", lambda: list(live_news()[:count]))
