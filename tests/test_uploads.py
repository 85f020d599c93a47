"""Image uploads in the admin: too heavy, too many pixels or not an image is refused in French.

An editor (group "Éditeurs") uploads through Wagtail's own image form. The limits are
lowered with override_settings so that the test files stay small and fast to make.
"""

import io
import random
import struct
import zlib

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

Image = get_image_model()


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(username="editrice", password="unused")
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    return client


def png(width, height, noise=False):
    image = PILImage.new("RGB", (width, height), "#2a6f97")
    if noise:
        generator = random.Random(6)
        image.putdata(
            [tuple(generator.randrange(256) for _ in range(3)) for _ in range(width * height)]
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(width=30_000, height=30_000):
    """A tiny file whose header announces 900 million pixels: opening it fully would
    take gigabytes of memory."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


NOT_AN_IMAGE = [
    # Django writes a typographic apostrophe.
    "Téléversez une image valide. Le fichier que vous avez transféré n\u2019est pas une image",
    "Le fichier soumis est vide.",
    "Format d'image non supporté",
]


def upload(client, name, content, content_type="image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Essai", "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def file_errors(response):
    assert response.status_code == 200, "the upload was not sent back with an error"
    errors = response.context["form"].errors.get("file", [])
    assert errors, "the form came back without an error on the file"
    return " ".join(errors)


def test_a_reasonable_image_is_accepted(editor_client):
    response = upload(editor_client, "photo.png", png(64, 48))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 48)


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=20_000)
def test_an_image_over_the_size_limit_is_refused_in_french(editor_client):
    content = png(120, 120, noise=True)
    assert len(content) > 20_000

    errors = file_errors(upload(editor_client, "lourde.png", content))

    assert "Ce fichier est trop gros" in errors
    assert "La taille de fichier maximale est de 19,5" in errors
    assert not Image.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=10_000)
def test_an_image_over_the_pixel_limit_is_refused_in_french(editor_client):
    errors = file_errors(upload(editor_client, "immense.png", png(200, 100)))

    assert "Ce fichier a un trop grand nombre de pixels (20000)" in errors
    assert "Nombre maximum de pixels 10000" in errors
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_without_being_opened(editor_client):
    content = decompression_bomb()
    assert len(content) < 10_000

    errors = file_errors(upload(editor_client, "bombe.png", content))

    assert "Ce fichier a un trop grand nombre de pixels" in errors
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("texte.png", b"Ceci n'est pas une image.\n"),
        ("vide.png", b""),
        ("tronquee.png", png(64, 48)[:60]),
        ("page.png", b"<!doctype html><script>alert(1)</script>"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_in_french(editor_client, name, content):
    response = upload(editor_client, name, content)

    assert response.status_code == 200
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    errors = " ".join(
        str(error)
        for field_errors in response.context["form"].errors.values()
        for error in field_errors
    )
    assert errors, "the upload was accepted"
    assert any(message in errors for message in NOT_AN_IMAGE), errors
    assert "Traceback" not in text
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["dessin.svg", "script.html", "archive.zip", "photo.png.exe"])
def test_files_with_an_extension_that_is_not_an_image_format_are_refused(editor_client, name):
    errors = file_errors(upload(editor_client, name, png(8, 8)))

    assert "Format d'image non supporté" in errors
    assert not Image.objects.exists()


def test_the_site_limits_are_ten_megabytes_and_forty_million_pixels():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


# --- Documents ----------------------------------------------------------------------------


def upload_document(client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.models import Collection

    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@override_settings(DOCUMENT_MAX_UPLOAD_SIZE=50_000)
def test_a_document_over_the_size_limit_is_refused_in_french(editor_client):
    from wagtail.documents.models import Document

    response = upload_document(editor_client, "rapport.pdf", b"%PDF-1.4 " + b"x" * 60_000)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert "Ce fichier pèse" in errors and "la limite est de" in errors
    assert not Document.objects.exists()
    assert upload_document(editor_client, "court.pdf", b"%PDF-1.4 court").status_code == 302
    assert Document.objects.count() == 1


@override_settings(UPLOAD_MAX_FILE_SIZE=100_000)
def test_an_upload_past_the_hard_limit_is_not_read_at_all(editor_client):
    from wagtail.documents.models import Document

    response = upload_document(editor_client, "enorme.pdf", b"%PDF-1.4 " + b"x" * 300_000)

    assert response.status_code in (200, 400)
    assert not Document.objects.exists()
