"""A document of a private collection reaches only those allowed: never through /media/."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

SECRET = b"%PDF-1.4 compte rendu du conseil, diffusion restreinte"


@pytest.fixture
def private_document(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    collection = Collection.get_first_root_node().add_child(name="Conseil d'administration")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return Document.objects.create(
        title="Compte rendu",
        collection=collection,
        file=ContentFile(SECRET, name="compte-rendu.pdf"),
    )


@pytest.fixture
def app_serves_media():
    """SERVE_MEDIA=true, as a small server without a proxy would run."""
    import importlib

    import smart_site.urls

    with override_settings(SERVE_MEDIA=True):
        importlib.reload(smart_site.urls)
        clear_url_caches()
        yield
    importlib.reload(smart_site.urls)
    clear_url_caches()


def streamed(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
def test_the_media_address_of_a_document_is_never_served(
    client, private_document, app_serves_media
):
    name = private_document.file.name  # documents/compte-rendu.pdf
    for address in (
        f"/media/{name}",
        f"/media/./{name}",
        f"/media/original_images/../{name}",
        f"/media//{name}",
        "/media/documents/",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert SECRET not in streamed(response), address


@pytest.mark.django_db
def test_images_are_still_served_from_media(client, settings, tmp_path, app_serves_media):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "logo.png").write_bytes(b"\x89PNG image")
    response = client.get("/media/original_images/logo.png")
    assert response.status_code == 200
    assert streamed(response) == b"\x89PNG image"


@pytest.mark.django_db
def test_wagtails_view_asks_anonymous_visitors_to_log_in(client, private_document):
    url = reverse("wagtaildocs_serve", args=[private_document.pk, "compte-rendu.pdf"])
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_wagtails_view_serves_a_signed_in_reader(admin_client, private_document):
    url = reverse("wagtaildocs_serve", args=[private_document.pk, "compte-rendu.pdf"])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert streamed(response) == SECRET
