"""Contact messages: nothing lost when the mail server is down, read only by those who answer
them, deleted after their retention time, and a form that bots and floods cannot abuse."""

import datetime
import smtplib

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import SiteSettings
from pages.contact import RETRY_DELAYS
from pages.models import MESSAGE_MAX_LENGTH, ContactMessage

from .conftest import run_mail_worker
from .test_contact import CONTACT_URL, EDITOR_ADDRESS, LABELS


class MailServerDown(EmailBackend):
    """The SMTP server refuses every connection while `down` is true."""

    down = True

    def send_messages(self, messages):
        if MailServerDown.down:
            raise smtplib.SMTPConnectError(421, "Service not available")
        return super().send_messages(messages)


@pytest.fixture
def recipients(demo_site):
    site_settings = SiteSettings.objects.get()
    site_settings.contact_recipients = EDITOR_ADDRESS
    site_settings.save()


@pytest.fixture
def valid_data(demo_site):
    form = demo_site["contact"].get_form()
    by_label = {field.label: name for name, field in form.fields.items()}
    return {
        by_label[LABELS["name"]]: "Camille Martin",
        by_label[LABELS["email"]]: "camille@example.org",
        by_label[LABELS["subject"]]: "Alterna",
        by_label[LABELS["message"]]: "Bonjour, une question sur le portage salarial.",
        by_label[LABELS["consent"]]: "on",
    }


def time_passes():
    """Every retry that was waiting is due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.mark.django_db
def test_a_message_sent_while_the_mail_server_is_down_is_delivered_once_it_is_back(
    client, recipients, valid_data, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_contact_delivery.MailServerDown"}}
    MailServerDown.down = True
    response = client.post(CONTACT_URL, valid_data, follow=True)
    assert "Merci, votre message est bien parti" in response.content.decode()

    for attempt in (1, 2, 3):
        run_mail_worker()
        message = ContactMessage.objects.get()
        assert message.status == ContactMessage.Status.PENDING
        assert message.attempts == attempt
        assert "SMTPConnectError" in message.last_error
        time_passes()
    assert mail.outbox == []

    MailServerDown.down = False
    run_mail_worker()
    message = ContactMessage.objects.get()
    assert message.status == ContactMessage.Status.SENT
    assert len(mail.outbox) == 1
    run_mail_worker()
    assert len(mail.outbox) == 1, "sent twice"


@pytest.mark.django_db
def test_after_a_day_of_failures_the_message_is_marked_failed_and_kept(
    client, recipients, valid_data, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_contact_delivery.MailServerDown"}}
    MailServerDown.down = True
    client.post(CONTACT_URL, valid_data)
    for _ in range(len(RETRY_DELAYS) + 1):
        run_mail_worker()
        time_passes()
    message = ContactMessage.objects.get()
    assert message.status == ContactMessage.Status.FAILED
    assert message.attempts == len(RETRY_DELAYS) + 1
    assert any("could not be sent" in record.getMessage() for record in caplog.records)
    # The message itself never reaches the log.
    assert not any("portage salarial" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_the_admin_listing_says_whether_each_message_was_sent(
    client, admin_client, recipients, valid_data
):
    client.post(CONTACT_URL, valid_data)
    page = ContactMessage.objects.get().page
    listing = admin_client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert "En attente d&#x27;envoi" in listing.content.decode()
    run_mail_worker()
    listing = admin_client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert "Envoyé" in listing.content.decode()


# --- Who reads them, and for how long -----------------------------------------------------


def member_of(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        username=group_name.lower(), password="unused-in-tests-1234"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.django_db
def test_only_the_reception_group_and_administrators_read_contact_messages(
    client, django_user_model, recipients, valid_data
):
    client.post(CONTACT_URL, valid_data)
    page = ContactMessage.objects.get().page
    listing_url = reverse("wagtailforms:list_submissions", args=[page.pk])
    for group, can_read in [("Éditeurs", False), ("Accueil", True), ("Administrateurs", True)]:
        reader = client.__class__()
        reader.force_login(member_of(django_user_model, group))
        response = reader.get(listing_url)
        if can_read:
            assert response.status_code == 200, group
            assert "Camille Martin" in response.content.decode(), group
        else:
            assert response.status_code in (302, 403), group
            assert "Camille Martin" not in response.content.decode(), group
            forms_index = reader.get(reverse("wagtailforms:index")).content.decode()
            assert "Contact" not in forms_index or page.title not in forms_index


@pytest.mark.django_db
def test_messages_are_deleted_after_their_retention_time(client, recipients, valid_data, settings):
    client.post(CONTACT_URL, valid_data)
    old, recent = ContactMessage.objects.get(), None
    ContactMessage.objects.filter(pk=old.pk).update(
        submit_time=timezone.now()
        - datetime.timedelta(days=settings.CONTACT_MESSAGE_RETENTION_DAYS + 1)
    )
    client.post(CONTACT_URL, valid_data)
    recent = ContactMessage.objects.exclude(pk=old.pk).get()
    call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_the_schedulers_daily_jobs_run_and_prune_old_e_mail_tasks(
    client, recipients, valid_data, caplog
):
    client.post(CONTACT_URL, valid_data)
    run_mail_worker()
    sent = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=sent.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    client.post(CONTACT_URL, valid_data)
    run_mail_worker()

    call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    assert DBTaskResult.objects.exclude(pk=sent.pk).count() == 1  # last month's is gone


@pytest.mark.django_db
def test_the_privacy_page_says_how_long_messages_are_kept(client, demo_site, settings):
    text = client.get("/donnees-personnelles/").content.decode()
    assert f"{settings.CONTACT_MESSAGE_RETENTION_DAYS} jours" in text


# --- Limits -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_past_five_messages_in_ten_minutes_an_address_gets_a_french_429(client, valid_data):
    for _ in range(5):
        assert client.post(CONTACT_URL, valid_data).status_code == 302
    refused = client.post(CONTACT_URL, valid_data)
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert refused["Retry-After"]
    assert ContactMessage.objects.count() == 5
    other_visitor = client.post(CONTACT_URL, valid_data, REMOTE_ADDR="198.51.100.20")
    assert other_visitor.status_code == 302
    assert client.get(CONTACT_URL).status_code == 200  # reading is not limited


@pytest.mark.django_db
def test_a_message_longer_than_the_limit_is_refused_and_kept_in_the_form(client, valid_data):
    message_field = next(name for name in valid_data if "message" in name)
    too_long = "é" * (MESSAGE_MAX_LENGTH + 1)
    response = client.post(CONTACT_URL, {**valid_data, message_field: too_long})
    assert response.status_code == 200
    text = response.content.decode()
    assert "au plus 5000 caractères" in text or "5000" in text
    assert too_long in text  # nothing the visitor typed is lost
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_an_anonymous_post_with_a_file_stores_no_file_anywhere(client, valid_data, tmp_path):
    import tempfile

    before = set(tempfile.gettempdir() and __import__("os").listdir(tempfile.gettempdir()))
    upload = SimpleUploadedFile("gros.bin", b"x" * (3 * 1024 * 1024))
    response = client.post(CONTACT_URL, {**valid_data, "fichier": upload})
    assert response.status_code == 302
    after = set(__import__("os").listdir(tempfile.gettempdir()))
    assert not {name for name in after - before if name.endswith(".upload")}
    assert "fichier" not in ContactMessage.objects.get().form_data


@pytest.mark.django_db
def test_exported_messages_cannot_run_formulas_in_a_spreadsheet(admin_client, client, valid_data):
    name_field = next(name for name in valid_data if "nom" in name)
    client.post(CONTACT_URL, {**valid_data, name_field: '=HYPERLINK("http://evil.example")'})
    page = ContactMessage.objects.get().page
    export = admin_client.get(
        reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=csv"
    )
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "=HYPERLINK" not in body.replace("'=HYPERLINK", "")
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_a_password_reset_asked_while_the_mail_server_is_down_is_no_server_error(
    client, django_user_model, settings, caplog
):
    django_user_model.objects.create_user("camille", "camille@example.org", "x" * 20)
    settings.MAILERS = {"default": {"BACKEND": "tests.test_contact_delivery.MailServerDown"}}
    MailServerDown.down = True

    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": "camille@example.org"}, follow=True
    )

    # The same page as for an unknown address (nothing tells who has an account), in
    # French; the failure is in the log, without the link.
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_password_reset_done")
    assert "si un compte existe pour cette adresse" in response.content.decode()
    assert "Failed to send password reset email" in caplog.text
    assert "password_reset/confirm" not in caplog.text
