"""The admin's login form is throttled per account and per address, in French; passwords are strong.

Every attempt goes through the real Wagtail login view with its request, as a
person at a browser makes it: django-axes counts them as it does in production.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core.throttling import client_ip_address

LOGIN_URL = f"/{settings.ADMIN_URL_PATH}/login/"
PASSWORD = "une phrase de passe solide"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.7"
LOCKOUT_MESSAGE = "Trop de tentatives de connexion ont échoué"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="camille", email="camille@example.org", password=PASSWORD, is_superuser=True
    )


def log_in(client, username, password, address=ATTACKER):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def assert_refused_in_french(response):
    assert response.status_code == 429
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.find("h1").get_text(strip=True) == "Connexion bloquée"
    text = text_of(response)
    assert LOCKOUT_MESSAGE in text
    assert "pendant 15 minutes, même avec le bon mot de passe" in text


def test_a_wrong_password_is_refused_on_the_login_form(client, editor):
    response = log_in(client, "camille", "pas le bon")

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert "S'identifier" in text_of(response)


def test_the_right_password_logs_in(client, editor):
    response = log_in(client, "camille", PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, editor):
    for _ in range(4):
        assert log_in(client, "camille", "pas le bon").status_code == 200
    assert_refused_in_french(log_in(client, "camille", "toujours pas"))

    response = log_in(client, "camille", PASSWORD)

    assert_refused_in_french(response)
    assert not is_logged_in(client)


def test_an_attacker_cannot_lock_the_owner_out_from_elsewhere(client, editor):
    for _ in range(5):
        log_in(client, "camille", "pas le bon", address=ATTACKER)
    assert_refused_in_french(log_in(client, "camille", PASSWORD, address=ATTACKER))

    # The owner, at the office, is not locked out by someone else's guesses.
    assert log_in(client, "camille", PASSWORD, address=COLLEAGUE).status_code == 302
    assert is_logged_in(client)


def test_logging_into_ones_own_account_does_not_clear_the_failures_against_another(
    client, editor, django_user_model
):
    """The bypass: four guesses at the victim, one good login on one's own account (which
    used to wipe every failure of the address), and again, and again."""
    django_user_model.objects.create_user(username="mallory", password="le mot de mallory !")
    for _ in range(3):
        for _ in range(4):
            response = log_in(client, "camille", "devine", address=ATTACKER)
            if response.status_code == 429:
                break
            assert not is_logged_in(client)
        assert log_in(client, "mallory", "le mot de mallory !", address=ATTACKER).status_code == 302
        client.logout()

    response = log_in(client, "camille", PASSWORD, address=ATTACKER)
    assert_refused_in_french(response)
    assert not is_logged_in(client)
    assert AccessAttempt.objects.get(username="camille").failures_since_start >= 5


def test_one_address_trying_many_accounts_is_slowed_down_in_french(client, editor):
    refused = None
    for number in range(40):
        response = log_in(client, f"essai-{number}", "devine")
        if response.status_code == 429:
            refused = number
            break
    assert refused is not None and refused <= 20, "no limit per address"
    assert "Trop de demandes" in text_of(response)
    # Only that address: the owner logs in from elsewhere.
    assert log_in(client, "camille", PASSWORD, address=COLLEAGUE).status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        log_in(client, "camille", "pas le bon")
    assert log_in(client, "camille", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert log_in(client, "camille", "pas le bon").status_code == 200

    assert log_in(client, "camille", PASSWORD).status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, editor):
    for _ in range(5):
        log_in(client, "camille", "pas le bon")
    assert_refused_in_french(log_in(client, "camille", PASSWORD))

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert log_in(client, "camille", PASSWORD).status_code == 302


# --- Which address is counted ------------------------------------------------------------


def request_from(remote_address, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_address}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.2"])
def test_behind_the_trusted_proxy_the_address_it_saw_is_counted():
    # The client wrote "1.2.3.4" itself; the proxy appended the address it really saw.
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.66")

    assert client_ip_address(request) == "203.0.113.66"


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.2"])
def test_a_forwarded_for_header_from_anyone_else_is_ignored():
    request = request_from("203.0.113.66", "1.2.3.4")

    assert client_ip_address(request) == "203.0.113.66"


def test_without_a_proxy_the_connection_address_is_counted():
    assert client_ip_address(request_from("198.51.100.7")) == "198.51.100.7"


# --- Strong passwords ------------------------------------------------------------------


def create_user_form(password):
    return {
        "username": "nouvelle",
        "email": "nouvelle@example.org",
        "first_name": "Nouvelle",
        "last_name": "Personne",
        "password1": password,
        "password2": password,
    }


@pytest.mark.parametrize(
    ("password", "french_message"),
    [
        ("court-1", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("telechargement", "Ce mot de passe est trop courant."),
        ("123456789012345", "Ce mot de passe est entièrement numérique."),
    ],
)
def test_a_weak_password_is_refused_in_french(
    admin_client, django_user_model, password, french_message
):
    response = admin_client.post(reverse("wagtailusers_users:add"), create_user_form(password))

    assert response.status_code == 200
    assert french_message in text_of(response)
    assert not django_user_model.objects.filter(username="nouvelle").exists()


def test_a_strong_password_is_accepted(admin_client, django_user_model):
    response = admin_client.post(
        reverse("wagtailusers_users:add"), create_user_form("trois chevaux dans la lande")
    )

    assert response.status_code == 302
    assert django_user_model.objects.get(username="nouvelle").check_password(
        "trois chevaux dans la lande"
    )


# --- Page and document passwords ---------------------------------------------------------


@pytest.mark.django_db
def test_guessing_a_page_password_is_slowed_down_in_french(client, demo_site):
    from wagtail.models import PageViewRestriction

    history = demo_site["histoire"]
    restriction = PageViewRestriction.objects.create(
        page=history, restriction_type=PageViewRestriction.PASSWORD, password="sésame ouvre-toi"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, history.pk])
    statuses = [
        client.post(url, {"password": f"essai {number}", "return_url": "/"}).status_code
        for number in range(12)
    ]
    assert 429 in statuses and statuses.index(429) == 10, statuses
    refused = client.post(url, {"password": "sésame ouvre-toi", "return_url": "/"})
    assert refused.status_code == 429
    assert "Trop de demandes" in text_of(refused)
    # Another visitor is not held back by these guesses.
    other = client.post(
        url, {"password": "sésame ouvre-toi", "return_url": "/"}, REMOTE_ADDR=COLLEAGUE
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_guessing_a_document_collection_password_is_slowed_down(client, db):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Conseil")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    statuses = [
        client.post(url, {"password": "faux", "return_url": "/"}).status_code for _ in range(11)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:10], statuses
