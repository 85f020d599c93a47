"""Requests no browser sends: never a 500, always a page in French (or an empty answer).

Hypothesis builds them: bodies in charsets Python does not know, broken multipart,
odd cookies, odd Accept-Encoding, at every public address and the admin login,
with and without the CSRF cookie a real visitor would carry.
"""

import gzip

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .servers import DEMO_CONTENT_PAGES

MALFORMED = hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ADDRESSES = [
    *DEMO_CONTENT_PAGES,
    "/contact/",
    "/recherche/",
    "/index-egalite/donnees.csv",
    f"/{settings.ADMIN_URL_PATH}/login/",
    "/robots.txt",
    "/nulle-part/",
]
# Unknown ones, and codecs Python knows that are not text encodings (base64, rot13…).
CHARSETS = [
    "x-inconnu",
    "utf-8",
    "latin-1",
    "utf-7",
    "utf-16",
    "utf-32-be",
    "idna",
    "base64",
    "rot13",
    "zlib",
    "hex",
    "bz2",
    "uu",
    "punycode",
    "",
    "é",
    "ut f8",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=XYZ",
    "text/plain",
    "application/json",
]
TOKEN = "a" * 32  # a well-formed CSRF secret, as a visitor's cookie holds one

bodies = st.one_of(
    st.binary(max_size=400),
    st.sampled_from(
        [
            b'--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvaleur',  # truncated
            b'--XYZ\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n\xff'
            b"\r\n--XYZ--",
            b"--XYZ\r\n\r\n\r\n--XYZ--\r\n",
            b"a=%ZZ&b=%&&=&csrfmiddlewaretoken=" + TOKEN.encode(),
            "nom=é&message=ça".encode("latin-1"),
        ]
    ),
)
content_types = st.builds(
    lambda kind, charset: f"{kind}; charset={charset}" if charset is not None else kind,
    st.sampled_from(CONTENT_TYPES),
    st.one_of(st.none(), st.sampled_from(CHARSETS), st.text(max_size=12)),
)
cookies = st.one_of(
    st.just(f"csrftoken={TOKEN}"),
    st.text(max_size=80).map(lambda text: f"csrftoken={TOKEN}; {text}"),
    st.sampled_from(
        ['csrftoken="', "sessionid=;;;", "=; =; a", "csrftoken=" + "é" * 40, "\x00=\x00"]
    ),
)
encodings = st.one_of(
    st.sampled_from(["gzip", "br", "deflate", "gzip;q=0", "*;q=0", "identity;q=0", "x" * 500]),
    st.text(max_size=40),
)


def printable_header(text):
    """What a WSGI server passes on: bytes read as latin-1, no control characters (gunicorn
    refuses a header holding one)."""
    as_received = text.encode("utf-8").decode("latin-1")
    return "".join(char for char in as_received if char >= " " and char != "\x7f")


def assert_handled(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 and content_type.startswith("text/html") and response.content:
        body = response.content
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        soup = BeautifulSoup(body, "html.parser")
        assert soup.html is not None and soup.html.get("lang") == "fr", f"{where}: not French"


@pytest.mark.django_db
@MALFORMED
@given(
    address=st.sampled_from(ADDRESSES),
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "GET", "HEAD"]),
    body=bodies,
    content_type=content_types,
    cookie=cookies,
    encoding=encodings,
)
@example(
    address="/contact/",
    method="POST",
    body=b"nom=a",
    content_type="application/x-www-form-urlencoded; charset=x-inconnu",
    cookie=f"csrftoken={TOKEN}",
    encoding="gzip",
)
@example(
    address="/",
    method="POST",
    body=b'--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvaleur',
    content_type="multipart/form-data; boundary=XYZ",
    cookie=f"csrftoken={TOKEN}",
    encoding="br",
)
def test_no_malformed_request_gives_a_server_error(
    demo_site, address, method, body, content_type, cookie, encoding
):
    client = Client(raise_request_exception=False)
    response = client.generic(
        method,
        address,
        data=body,
        content_type=printable_header(content_type),
        HTTP_COOKIE=printable_header(cookie),
        HTTP_ACCEPT_ENCODING=printable_header(encoding),
        HTTP_X_CSRFTOKEN=TOKEN,
    )
    assert_handled(response, f"{method} {address} ({content_type!r}, {cookie!r})")


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["base64", "rot13", "zlib", "hex", "uu", "bz2", "x-inconnu"])
@pytest.mark.parametrize("kind", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_in_a_charset_that_is_no_text_encoding_gets_a_french_400_or_is_ignored(
    demo_site, charset, kind
):
    client = Client(raise_request_exception=False)
    client.cookies["csrftoken"] = TOKEN
    boundary = "; boundary=XYZ" if kind.startswith("multipart") else ""
    body = (
        b'--XYZ\r\nContent-Disposition: form-data; name="nom"\r\n\r\nCamille\r\n--XYZ--\r\n'
        if boundary
        else b"nom=Camille&message=bonjour"
    )
    response = client.generic(
        "POST",
        "/contact/",
        data=body,
        content_type=f"{kind}{boundary}; charset={charset}",
        HTTP_X_CSRFTOKEN=TOKEN,
    )
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert "Demande incorrecte" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [*DEMO_CONTENT_PAGES, "/robots.txt", "/index-egalite/donnees.csv", "/sitemap.xml", "/healthz"],
)
def test_head_answers_wherever_get_does(client, demo_site, address):
    get = client.get(address)
    head = client.head(address)
    assert get.status_code == 200
    assert head.status_code == 200, address
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
