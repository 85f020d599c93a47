from wagtail import hooks
from wagtail.models import Page

from .models import ContactPage


@hooks.register("filter_form_submissions_for_user")
def contact_messages_only_for_those_who_answer_them(user, editable_forms):
    """Contact messages are personal data: editing the contact page is not enough to read
    them; it takes the permission of the Accueil group (and Administrateurs)."""
    if not user.has_perm("pages.view_contactmessage"):
        return editable_forms.not_type(ContactPage)
    # The Accueil group answers the messages without any permission on pages.
    return editable_forms | Page.objects.type(ContactPage)
