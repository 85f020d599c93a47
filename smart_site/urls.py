from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as document_views

from core import views as core_views
from core.throttling import LOGINS_RATE, PASSWORDS_RATE, throttled_form
from pages import views as page_views

urlpatterns = [
    # The admin login and Wagtail's page and collection password forms, throttled
    # per address; these come first, so that they win over the same addresses in
    # Wagtail's own URLs.
    path(
        f"{settings.ADMIN_URL_PATH}/login/",
        throttled_form(LoginView.as_view(), "admin-logins", LOGINS_RATE),
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled_form(
            document_views.authenticate_with_password, "document-passwords", PASSWORDS_RATE
        ),
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_form(wagtail_views.authenticate_with_password, "page-passwords", PASSWORDS_RATE),
    ),
    path(f"{settings.ADMIN_URL_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("healthz", core_views.healthz, name="healthz"),
    path("recherche/", page_views.search, name="search"),
    path("", include("equality_index.urls")),
    path("", include("news.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    from django.urls import re_path

    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.*)$", core_views.serve_media)]

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
