from django import template

register = template.Library()


@register.simple_tag
def equality_index_page():
    """The live public page of the index, linked from the footer of every page."""
    from equality_index.models import EqualityIndexPage

    return EqualityIndexPage.objects.live().public().first()
