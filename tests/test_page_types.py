"""Every page type is created only where it belongs, renders, and is editable in the admin."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cooperatives.models import CooperativePage, EcosystemPage, JoinPage
from equality_index.models import EqualityIndexPage
from events.models import EventIndexPage
from news.models import NewsIndexPage
from pages.models import (
    ContactPage,
    DocumentsPage,
    HistoryPage,
    HomePage,
    MissionPage,
    SitemapPage,
    StandardPage,
)
from smart_site.demo import load_demo_content

from .admin_forms import page_edit_post_data


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                MissionPage,
                HistoryPage,
                EcosystemPage,
                EqualityIndexPage,
                SitemapPage,
                ContactPage,
                JoinPage,
                DocumentsPage,
                NewsIndexPage,
                EventIndexPage,
            },
        )

    def test_cooperative_only_under_the_ecosystem(self):
        self.assertAllowedParentPageTypes(CooperativePage, {EcosystemPage})
        self.assertCanCreateAt(EcosystemPage, CooperativePage)
        for parent in (HomePage, StandardPage, MissionPage, HistoryPage):
            self.assertCanNotCreateAt(parent, CooperativePage)

    def test_history_page_takes_no_children(self):
        self.assertAllowedSubpageTypes(HistoryPage, set())
        self.assertAllowedSubpageTypes(MissionPage, set())
        self.assertAllowedSubpageTypes(CooperativePage, set())

    def test_ecosystem_holds_only_cooperatives(self):
        self.assertAllowedSubpageTypes(EcosystemPage, {CooperativePage})
        self.assertAllowedParentPageTypes(EcosystemPage, {HomePage})

    def test_mission_and_history_under_home_or_a_section(self):
        self.assertAllowedParentPageTypes(MissionPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(HistoryPage, {HomePage, StandardPage})

    def test_singletons_cannot_be_created_twice(self):
        load_demo_content()
        about = StandardPage.objects.get(slug="qui-sommes-nous")
        home = HomePage.objects.get()
        for model in (MissionPage, HistoryPage):
            self.assertFalse(model.can_create_at(about))
            self.assertFalse(model.can_create_at(home))
        self.assertFalse(EcosystemPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))


class PageTypesRenderAndEditTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_content()

    def setUp(self):
        self.user = self.login()

    def demo_pages(self):
        pages = [
            HomePage.objects.get(),
            StandardPage.objects.get(slug="qui-sommes-nous"),
            MissionPage.objects.get(),
            HistoryPage.objects.get(),
            EcosystemPage.objects.get(),
            CooperativePage.objects.get(slug="alterna"),
            EqualityIndexPage.objects.get(),
            SitemapPage.objects.get(),
            ContactPage.objects.get(),
        ]
        self.assertEqual(len({type(page) for page in pages}), 9)
        return pages

    def test_every_page_type_renders(self):
        for page in self.demo_pages():
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)

    def test_every_page_type_is_editable_in_the_admin(self):
        for page in self.demo_pages():
            with self.subTest(page=page.title):
                self.client.force_login(self.user)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                post_data = page_edit_post_data(response.content.decode(), page)
                post_data["action-publish"] = ""
                self.assertPageIsEditable(page, post_data=post_data, user=self.user)
                # The publish went through: no validation error sent the form back.
                page.refresh_from_db()
                self.assertEqual(page.live_revision.pk, page.latest_revision.pk)
                self.assertGreater(page.revisions.count(), 1)

    def test_every_page_type_is_previewable_in_the_admin(self):
        for page in self.demo_pages():
            with self.subTest(page=page.title):
                self.client.force_login(self.user)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                post_data = page_edit_post_data(response.content.decode(), page)
                self.assertPageIsPreviewable(page, post_data=post_data, user=self.user)

    def test_editor_creates_a_cooperative_under_the_ecosystem(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        ecosystem = EcosystemPage.objects.get()
        self.assertCanCreate(
            ecosystem,
            CooperativePage,
            nested_form_data(
                {
                    "title": "Coopérative d'essai",
                    "slug": "cooperative-essai",
                    "legal_form": "other",
                    "territory": "France",
                    "promise": "Une promesse d'essai.",
                    "audience": "Tout le monde.",
                    "offer": "Un essai.",
                    "body": rich_text(""),
                    "join_steps": streamfield([]),
                    "join_cost": rich_text(""),
                    "join_faq": streamfield([]),
                }
            ),
        )
