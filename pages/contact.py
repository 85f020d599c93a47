"""The contact form's e-mail, sent in the background with retries, and its limits.

A message is stored first (`ContactMessage`), then a task sends it to the
recipients set in the site settings. When the mail server is down the task
tries again later (`RETRY_DELAYS`): nothing is lost, and the admin shows where
each message stands. The message itself is never written to the logs.
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from core.models import SiteSettings
from core.throttling import refuse_if_too_frequent

logger = logging.getLogger(__name__)

# The query string of the thank-you page the form redirects to after a post.
SENT_PARAMETER = "envoye"
# Per visitor address: a person writes a few messages, a bot hundreds.
MESSAGES_RATE = "5/10m"
# Waits between attempts when the mail server refuses or is down: about a day in all.
RETRY_DELAYS = [datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720)]


def refuse_if_too_many_messages(request):
    return refuse_if_too_frequent(request, "contact-messages", MESSAGES_RATE)


def contact_message_model():
    return apps.get_model("pages", "ContactMessage")


def send_in_background(message):
    """Queues the message's e-mail. With the database queue, in the same transaction as the
    message: both are kept, or neither."""
    send_contact_message.enqueue(message.pk)


@task(backend="mail")
def send_contact_message(message_id):
    message = contact_message_model().objects.filter(pk=message_id).first()
    if message is None or message.status == message.Status.SENT:
        return  # deleted meanwhile, or sent by an earlier attempt
    recipients = recipients_for(message)
    if not recipients:
        message.status = message.Status.NO_RECIPIENT
        message.save(update_fields=["status"])
        logger.warning(
            "Contact message %s not sent: no recipient in the site settings.", message.pk
        )
        return
    message.attempts += 1
    try:
        notification(message, recipients).send()
    except Exception as error:  # the SMTP server's, the network's: all are worth a retry
        retry_later(message, error)
        return
    message.status = message.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error", "attempts"])


def retry_later(message, error):
    message.last_error = f"{type(error).__name__}: {error}"[:300]
    backend = send_contact_message.get_backend()
    if message.attempts > len(RETRY_DELAYS) or not backend.supports_defer:
        message.status = message.Status.FAILED
        message.save(update_fields=["status", "attempts", "last_error"])
        logger.error(
            "Contact message %s could not be sent after %d attempts (%s).",
            message.pk,
            message.attempts,
            message.last_error,
        )
        return
    message.save(update_fields=["attempts", "last_error"])
    delay = RETRY_DELAYS[message.attempts - 1]
    logger.warning(
        "Contact message %s not sent (%s); next attempt in %s.", message.pk, error, delay
    )
    send_contact_message.using(run_after=timezone.now() + delay).enqueue(message.pk)


def recipients_for(message):
    site = message.page.get_site()
    configured = SiteSettings.for_site(site).contact_recipients if site else ""
    return [address.strip() for address in configured.split(",") if address.strip()]


def notification(message, recipients):
    page = message.page.specific
    data = message.get_data()
    lines = []
    visitor_address = ""
    for field in page.get_form_fields():
        value = data.get(field.clean_name, "")
        if isinstance(value, list):
            value = ", ".join(value)
        if field.field_type == "checkbox":
            value = "oui" if value else "non"
        if field.field_type == "email" and value and not visitor_address:
            visitor_address = value
        lines.append(f"{field.label} :\n{value}\n")
    received = timezone.localtime(message.submit_time).strftime("%d/%m/%Y à %H:%M")
    return EmailMessage(
        subject=f"Message reçu par le site le {received}",
        body="\n".join(lines),
        to=recipients,
        # The team answers the visitor by replying to the notification.
        reply_to=[visitor_address] if visitor_address else None,
    )


def delete_expired_messages(now=None):
    """Messages are personal data: gone CONTACT_MESSAGE_RETENTION_DAYS after they came in."""
    limit = (now or timezone.now()) - datetime.timedelta(
        days=settings.CONTACT_MESSAGE_RETENTION_DAYS
    )
    deleted, _ = contact_message_model().objects.filter(submit_time__lt=limit).delete()
    return deleted
