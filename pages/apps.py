import functools

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from wagtail.signals import post_page_move, published

        post_save.connect(bump_on_content_change, dispatch_uid="pages-content-saved")
        post_delete.connect(bump_on_content_change, dispatch_uid="pages-content-deleted")
        post_page_move.connect(bump_after_change, dispatch_uid="pages-content-moved")
        # Publishing saves the page, then its inline rows (timeline events, form
        # fields): a visitor between the two could cache the page without them.
        # Wagtail's publish is not one transaction, so bump again once all is saved
        # (`published` is sent for pages and snippets alike).
        published.connect(bump_after_change, dispatch_uid="content-published")


@functools.cache
def content_models():
    """What a public page can show: a change to any of these makes cached pages stale."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page, PageViewRestriction, Site

    from equality_index.models import EqualityIndexYear

    return (
        Page,
        Site,
        BaseSiteSetting,
        PageViewRestriction,
        AbstractImage,
        Redirect,
        EqualityIndexYear,
    )


def bump_on_content_change(sender, instance, **kwargs):
    from smart_site.page_cache import bump_content_version

    if isinstance(instance, content_models()):
        bump_content_version()


def bump_after_change(sender, **kwargs):
    from smart_site.page_cache import bump_content_version

    bump_content_version()
