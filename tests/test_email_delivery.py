"""Real e-mail in production: over SMTP (EMAIL_URL), and never written to a log.

gunicorn runs with production settings and EMAIL_URL pointing at a small SMTP
server of the test's own. A password reset asked in the admin arrives there,
and the link it carries appears nowhere in the server's log; a contact message
is queued, then sent by the worker process (`manage.py db_worker`), as the
compose service "worker" runs it.
"""

import html as html_module
import re

import pytest

from tests.servers import (
    Gunicorn,
    collected_static_root,
    fresh_database,
    manage,
    prepare_site,
    production_env,
)
from tests.smtp_sink import SMTPSink
from tests.test_two_instances import AdminBrowser, csrf_token

RECIPIENT = "accueil@smart.example"
SET_RECIPIENT = f"""
from core.models import SiteSettings
SiteSettings.objects.update(contact_recipients="{RECIPIENT}")
"""


@pytest.fixture(scope="module")
def site_with_smtp(tmp_path_factory):
    folder = tmp_path_factory.mktemp("email")
    with SMTPSink() as sink, fresh_database("smart_email", folder) as database_url:
        env = production_env(
            database_url,
            static_root=collected_static_root(),
            media_root=folder / "media",
            EMAIL_URL=sink.url,
            DEFAULT_FROM_EMAIL="site@smart.example",
        )
        prepare_site(env, superuser_password="un mot de passe solide 1234")
        manage(env, "shell", "-c", SET_RECIPIENT)
        with Gunicorn(env, log_path=folder / "gunicorn.log") as server:
            yield server, sink, env


def test_a_password_reset_link_is_emailed_and_never_logged(site_with_smtp):
    server, sink, _ = site_with_smtp
    browser = AdminBrowser()
    _, status, html = browser.open(f"{server.url}/admin/password_reset/")
    assert status == 200
    final_url, status, _ = browser.open(
        f"{server.url}/admin/password_reset/",
        {"csrfmiddlewaretoken": csrf_token(html), "email": "admin@example.org"},
    )
    assert status == 200 and "done" in final_url

    resets = [message for message in sink.messages if "admin@example.org" in message["To"]]
    assert len(resets) == 1
    body = resets[0].get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/password_reset/confirm/\S+", body)
    assert link, body
    token = link.group(0).rstrip("/").split("/")[-1]
    log = server.log(last_chars=None)
    assert token not in log
    assert "password_reset/confirm" not in log


def test_a_contact_message_is_queued_then_sent_by_the_worker_over_smtp(site_with_smtp):
    server, sink, env = site_with_smtp
    browser = AdminBrowser()
    _, status, html = browser.open(f"{server.url}/contact/")
    assert status == 200
    names = dict(re.findall(r'<label for="id_([^"]+)"[^>]*>\s*([^<*]+?)\s*(?:<|\*)', html))
    by_label = {html_module.unescape(label.strip()): name for name, label in names.items()}
    data = {
        "csrfmiddlewaretoken": csrf_token(html),
        by_label["Votre nom"]: "Camille Martin",
        by_label["Votre adresse électronique"]: "camille@example.org",
        by_label["Sujet"]: "Alterna",
        by_label["Votre message"]: "Un message unique 7f3c9a pour ce test.",
        by_label["J'accepte que Smart utilise ces informations pour répondre à ma demande"]: "on",
    }
    final_url, status, page = browser.open(f"{server.url}/contact/", data)
    assert status == 200 and final_url.endswith("/contact/?envoye=1"), page[:500]
    assert not any(RECIPIENT in message["To"] for message in sink.messages), "sent by the web"

    worker_output = manage(
        env, "db_worker", "--batch", "--backend", "mail", "--queue-name", "*",
        "--no-startup-delay", "--no-reload",
    )  # fmt: skip
    delivered = [message for message in sink.messages if RECIPIENT in message["To"]]
    assert len(delivered) == 1
    assert "7f3c9a" in delivered[0].get_body(("plain",)).get_content()
    assert delivered[0]["Reply-To"] == "camille@example.org"
    assert "7f3c9a" not in server.log(last_chars=None)
    assert "7f3c9a" not in worker_output
