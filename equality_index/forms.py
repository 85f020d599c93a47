from wagtail.admin.forms import WagtailAdminModelForm


class EqualityIndexYearForm(WagtailAdminModelForm):
    """Refuses to publish, with the law's reasons in French, an index the law forbids.

    Saving a draft stays possible with incomplete data, so the team can prepare the
    year over several days; only publishing (or scheduling) is held to the law.
    """

    def _post_clean(self):
        # The instance holds the submitted values only after ModelForm's _post_clean.
        super()._post_clean()
        if "action-publish" in self.data and not self.errors:
            for problem in self.instance.publication_problems():
                self.add_error(None, f"Publication refusée : {problem}")
