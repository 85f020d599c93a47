"""The page cache (core/cache.py): fresh after every publication, untouched by drafts.

Drafts, autosaves, revisions, locks, comments and workflow steps leave every
cached page in place; each kind of publication makes every page that shows it
fresh at once. Requests run through Django's test client on the suite's
database; the cross-process and CDN behaviour is in test_cache_processes.py.
"""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from cooperatives.models import CooperativePage
from core.cache import guard, page_key
from core.models import SiteSettings
from equality_index.models import EqualityIndexYear
from pages.models import HistoryEvent, HistoryPage, StandardPage

from .admin_forms import page_edit_post_data
from .test_performance import PUBLIC_PAGES

CACHED_PAGES = [url for url in PUBLIC_PAGES if url != "/contact/"]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_state(client, url):
    return client.get(url).get("X-Page-Cache")


# --- Served from the cache ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", CACHED_PAGES)
def test_anonymous_pages_are_served_from_the_cache(client, demo_site, url):
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control


@pytest.mark.django_db
def test_logged_in_people_never_get_or_fill_the_shared_cache(client, demo_site, superuser):
    client.force_login(superuser)
    response = client.get("/ecosysteme/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert client.get("/ecosysteme/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_search_results_and_forms_are_never_cached(client, demo_site):
    client.get("/recherche/?q=cooperative")
    assert "X-Page-Cache" not in client.get("/recherche/?q=cooperative")
    contact = client.get("/contact/")
    assert "csrftoken" in contact.cookies
    assert "X-Page-Cache" not in contact
    assert "X-Page-Cache" not in client.get("/contact/")


@pytest.mark.django_db
def test_cache_can_be_switched_off(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


# --- One copy per page and site -----------------------------------------------------------


def page_entries():
    return [key for key in caches["pages"]._cache if key.split(":")[-3] == "page"]


@pytest.mark.django_db
def test_the_host_headers_port_and_case_make_no_new_copies(client, demo_site):
    client.get("/ecosysteme/")
    for port in range(8000, 8100):
        response = client.get("/ecosysteme/", headers={"host": f"localhost:{port}"})
        assert response.status_code == 200
    for host in ("LOCALHOST", "LocalHost:1", "localhost"):
        assert client.get("/ecosysteme/", headers={"host": host}).status_code == 200
    # testserver and localhost are two allowed names (ALLOWED_HOSTS), nothing more.
    assert len(page_entries()) == 2


@pytest.mark.django_db
def test_accept_encoding_variants_make_no_new_copies(client, demo_site):
    for encoding in ("", "gzip", "br", "deflate", "gzip, br", "identity", "x" * 300, "*", "br;q=1"):
        response = client.get("/ecosysteme/", headers={"accept-encoding": encoding})
        assert response.status_code == 200, encoding
    assert len(page_entries()) == 2  # gzip and plain: what GZipMiddleware serves


def test_the_key_of_a_page_ignores_the_claimed_port_and_case(rf):
    keys = {
        page_key(rf.get("/ecosysteme/", headers={"host": host}))
        for host in ("localhost", "LOCALHOST:9", "localhost:8000")
    }
    assert len(keys) == 1
    assert page_key(rf.get("/ecosysteme/")) not in keys  # testserver is another site name


# --- Drafts and other work in progress change nothing -------------------------------------


@pytest.mark.django_db
def test_a_draft_save_in_the_admin_leaves_every_page_cached(client, demo_site, superuser):
    warm(client, *CACHED_PAGES)
    editor = client.__class__()
    editor.force_login(superuser)
    alterna = CooperativePage.objects.get(slug="alterna")
    edit_url = f"/admin/pages/{alterna.pk}/edit/"
    data = page_edit_post_data(editor.get(edit_url).content.decode(), alterna)
    data["title"] = "Alterna (brouillon)"
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CooperativePage.objects.get(slug="alterna").has_unpublished_changes
    for url in CACHED_PAGES:
        assert cache_state(client, url) == "hit", url
    assert "Alterna (brouillon)" not in client.get("/ecosysteme/").content.decode()


@pytest.mark.django_db
def test_autosaves_locks_comments_and_workflows_leave_every_page_cached(
    client, demo_site, superuser
):
    from django.contrib.auth.models import Group
    from wagtail.models import Comment, GroupApprovalTask, Workflow, WorkflowTask

    warm(client, *CACHED_PAGES)
    alterna = CooperativePage.objects.get(slug="alterna")
    # What the editor's autosave does 500 ms after each keystroke: one revision,
    # overwritten again and again.
    alterna.title = "Alterna (en cours)"
    revision = alterna.save_revision(user=superuser)
    for letter in "abcdef":
        alterna.title = f"Alterna (en cours {letter})"
        alterna.save_revision(user=superuser, overwrite_revision=revision)
    alterna.locked, alterna.locked_by = True, superuser
    alterna.save(update_fields=["locked", "locked_by"])
    Comment.objects.create(
        page=alterna,
        user=superuser,
        text="À relire",
        contentpath="title",
        revision_created=revision,
    )
    workflow = Workflow.objects.create(name="Relecture")
    task = GroupApprovalTask.objects.create(name="Relire")
    task.groups.set([Group.objects.get(name="Éditeurs")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.start(alterna, superuser)
    year = EqualityIndexYear.objects.get(publication_year=2023)
    year.scope_description = "Brouillon"
    year.save_revision(user=superuser)
    for url in CACHED_PAGES:
        assert cache_state(client, url) == "hit", url


# --- Every kind of publication makes the pages that show it fresh -------------------------


@pytest.mark.django_db
def test_publishing_makes_every_page_that_shows_it_fresh_at_once(client, demo_site):
    pages = ("/", "/ecosysteme/", "/ecosysteme/alterna/", "/plan-du-site/")
    warm(client, *pages)
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.title = "Alterna Services"
    alterna.save_revision().publish()
    for url in pages:
        assert "Alterna Services" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_unpublishing_moving_and_deleting_refresh_cached_pages(client, demo_site):
    warm(client, "/", "/plan-du-site/", "/ecosysteme/")
    CooperativePage.objects.get(slug="coop-portage").unpublish()
    assert "Coop Portage" not in client.get("/").content.decode()

    HistoryPage.objects.get().move(demo_site["accueil"], pos="last-child")
    assert 'href="/histoire/"' in client.get("/plan-du-site/").content.decode()

    CooperativePage.objects.get(slug="grandsensemble").delete()
    assert "GrandsEnsemble" not in client.get("/ecosysteme/").content.decode()


@pytest.mark.django_db
def test_publishing_unpublishing_and_deleting_an_index_year_refresh_its_pages(client, demo_site):
    pages = ("/", "/index-egalite/", "/index-egalite/donnees.csv", "/index-egalite/donnees.json")
    warm(client, "/", "/index-egalite/")
    year = EqualityIndexYear(
        publication_year=2024, data_year=2023, breakdown_known=False, published_index=88
    )
    year.save()
    year.save_revision().publish()
    for url in pages:
        assert "88" in client.get(url).content.decode(), url
    year.refresh_from_db()  # publish() went live on a copy made from the revision
    year.unpublish()
    assert "88/100" not in client.get("/").content.decode()
    year.save_revision().publish()
    warm(client, "/")
    year.delete()
    assert "82/100" in client.get("/").content.decode()


@pytest.mark.django_db
def test_changing_a_site_setting_refreshes_every_footer(client, demo_site):
    warm(client, "/", "/ecosysteme/")
    site_settings = SiteSettings.objects.get()
    site_settings.contact_email = "bonjour@example.org"
    site_settings.save()
    for url in ("/", "/ecosysteme/"):
        assert "bonjour@example.org" in client.get(url).content.decode(), url


def png_file(name="image.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (200, 80, 120)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        "image",
        "rendition",
        "document",
        "redirect",
        "view_restriction",
        "collection_restriction",
        "site",
    ],
)
def test_each_change_of_what_is_live_by_nature_refreshes_the_pages(client, demo_site, change):
    image = Image.objects.create(title="Logo", file=png_file())
    image.get_rendition("fill-40x40")
    warm(client, *CACHED_PAGES)
    if change == "image":
        image.title = "Logo renommé"
        image.save()
    elif change == "rendition":
        image.renditions.all().delete()  # a new focal point drops them
    elif change == "document":
        Document.objects.create(title="Statuts", file=ContentFile(b"%PDF-1.4", name="s.pdf"))
    elif change == "redirect":
        Redirect.objects.create(old_path="/ancien", redirect_link="/ecosysteme/")
    elif change == "view_restriction":
        PageViewRestriction.objects.create(
            page=HistoryPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
        )
    elif change == "collection_restriction":
        collection = Collection.get_first_root_node().add_child(name="Interne")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    elif change == "site":
        site = Site.objects.get()
        site.site_name = "Smart"
        site.save()
    for url in CACHED_PAGES:
        assert cache_state(client, url) != "hit", url


@pytest.mark.django_db
def test_a_page_made_private_is_refused_at_once_even_when_cached(client, demo_site, settings):
    for page_cache_seconds in (600, 0):
        settings.PAGE_CACHE_SECONDS = page_cache_seconds
        warm(client, "/qui-sommes-nous/histoire/") if page_cache_seconds else None
        restriction = PageViewRestriction.objects.create(
            page=HistoryPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
        )
        response = client.get("/qui-sommes-nous/histoire/")
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert "histoire" not in client.get("/plan-du-site/").content.decode()
        restriction.delete()
        assert client.get("/qui-sommes-nous/histoire/").status_code == 200


@pytest.mark.django_db
def test_a_warm_page_is_found_without_walking_the_page_tree(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page is rendered; only its route comes from the cache
    client.get("/ecosysteme/alterna/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ecosysteme/alterna/")
    assert response.status_code == 200
    assert "Alterna" in response.content.decode()
    tables = " ".join(query["sql"] for query in queries)
    assert "wagtailcore_site" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
    assert "wagtailcore_page" not in tables  # neither the tree walk nor the page itself


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_unpublished_moved_and_restricted_pages_are_routed_afresh_at_once(
    client, demo_site, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    for url in ("/ecosysteme/alterna/", "/qui-sommes-nous/histoire/"):
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url  # from the route cache

    CooperativePage.objects.get(slug="alterna").unpublish()
    assert client.get("/ecosysteme/alterna/").status_code == 404

    HistoryPage.objects.get().move(demo_site["accueil"], pos="last-child")
    old_address = client.get("/qui-sommes-nous/histoire/")
    assert old_address.status_code == 301  # Wagtail keeps a redirect from where it was
    assert old_address["Location"].endswith("/histoire/")
    assert client.get("/histoire/").status_code == 200


@pytest.mark.django_db
def test_pages_cached_while_a_change_is_committed_are_made_again_once_it_is(
    client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit_callbacks:
        alterna = CooperativePage.objects.get(slug="alterna")
        alterna.title = "Alterna Services"
        alterna.save_revision().publish()
        # A visitor's request between the change and its commit caches a page
        # (on another connection it would still see the old rows).
        assert cache_state(client, "/ecosysteme/") == "miss"
        assert cache_state(client, "/ecosysteme/") == "hit"
    assert commit_callbacks, "nothing is done when the change is committed"
    for callback in commit_callbacks:
        callback()  # what the commit runs
    assert cache_state(client, "/ecosysteme/") == "miss"


@pytest.mark.django_db
def test_a_visit_while_a_page_is_being_published_does_not_keep_it_without_its_new_rows(
    client, demo_site
):
    from django.db.models.signals import post_save

    assert "Un fait nouveau" not in client.get("/qui-sommes-nous/histoire/").content.decode()
    history = HistoryPage.objects.get()
    history.events.add(
        HistoryEvent(date=datetime.date(2026, 1, 1), title="Un fait nouveau", text="Un fait.")
    )

    def visit_midway(sender, instance, **kwargs):
        # The page row is saved, its timeline events not yet: a visitor now gets the
        # old timeline, and the page cache keeps it.
        if instance.pk == history.pk:
            client.get("/qui-sommes-nous/histoire/")

    post_save.connect(visit_midway, sender=HistoryPage)
    try:
        history.save_revision().publish()
    finally:
        post_save.disconnect(visit_midway, sender=HistoryPage)
    assert "Un fait nouveau" in client.get("/qui-sommes-nous/histoire/").content.decode()


# --- When the cache fails -----------------------------------------------------------------

UNREACHABLE_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    # Port 9 (discard) is closed on the test machine: every call is refused at once.
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            **UNREACHABLE_REDIS,
            "OPTIONS": {**UNREACHABLE_REDIS["OPTIONS"], "IGNORE_EXCEPTIONS": True},
        },
        "pages": UNREACHABLE_REDIS,
        "content_version": UNREACHABLE_REDIS,
        "renditions": {
            **UNREACHABLE_REDIS,
            "OPTIONS": {**UNREACHABLE_REDIS["OPTIONS"], "IGNORE_EXCEPTIONS": True},
        },
    }
    yield
    guard.down_until = 0.0


@pytest.mark.django_db
def test_with_the_cache_down_every_page_is_rendered_and_the_failure_logged_once(
    client, demo_site, cache_down, caplog
):
    guard.last_logged = float("-inf")
    for _ in range(3):
        for url in PUBLIC_PAGES:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response
    warnings = [record for record in caplog.records if record.name == "core.cache"]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert "unavailable" in warnings[0].getMessage()


@pytest.mark.django_db
def test_with_the_cache_down_healthz_says_so_without_failing_the_instance(
    client, demo_site, cache_down
):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "down"}


@pytest.mark.django_db
def test_a_change_made_while_the_cache_is_down_is_applied_when_it_is_back(
    client, demo_site, settings
):
    warm(client, "/ecosysteme/")
    healthy_caches = settings.CACHES
    settings.CACHES = {**healthy_caches, "content_version": UNREACHABLE_REDIS}
    alterna = CooperativePage.objects.get(slug="alterna")
    alterna.title = "Alterna Services"
    alterna.save_revision().publish()
    assert guard.bump_pending
    settings.CACHES = healthy_caches
    guard.down_until = 0.0  # the retry interval has passed
    assert "Alterna Services" in client.get("/ecosysteme/").content.decode()


@pytest.mark.django_db
def test_healthz_reports_both_dependencies_up(client, demo_site):
    assert client.get("/healthz").json() == {"status": "ok", "database": "up", "cache": "up"}


# --- A CDN in front is purged of every page a change affects ------------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):
        self.purged.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def live_page_urls():
    from wagtail.models import Page

    return {
        page.get_full_url().split("://", 1)[1]
        for page in Page.objects.live().filter(depth__gt=1).specific()
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_change_purges_every_live_page_and_export_from_the_cdn(demo_site, purge_server):
    expected = live_page_urls() | {
        "127.0.0.1:8000/sitemap.xml",
        "127.0.0.1:8000/index-egalite/donnees.csv",
        "127.0.0.1:8000/index-egalite/donnees-tableur.csv",
        "127.0.0.1:8000/index-egalite/donnees.json",
        "127.0.0.1:8000/actualites/rss.xml",
        "127.0.0.1:8000/actualites/atom.xml",
        "127.0.0.1:8000/agenda/agenda.ics",
    }
    assert "127.0.0.1:8000/ecosysteme/alterna/" in expected
    for change in ("page", "index year", "settings"):
        purge_server.clear()
        if change == "page":
            alterna = CooperativePage.objects.get(slug="alterna")
            alterna.title = "Alterna Services"
            alterna.save_revision().publish()
        elif change == "index year":
            year = EqualityIndexYear(
                publication_year=2024, data_year=2023, breakdown_known=False, published_index=88
            )
            year.save()
            year.save_revision().publish()
        else:
            SiteSettings.objects.update_or_create(
                site=Site.objects.get(), defaults={"contact_phone": "01 02 03 04 05"}
            )
        assert set(purge_server) == expected, change
        assert len(purge_server) == len(expected), f"{change}: purged twice"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_draft_purges_nothing_from_the_cdn(demo_site, purge_server):
    page = StandardPage.objects.get(slug="mentions-legales")
    page.title = "Mentions légales (brouillon)"
    page.save_revision()
    assert purge_server == []
