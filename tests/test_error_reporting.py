"""A server error is reported: in the log with its request's id and path, and to Sentry.

The 500 page says "l'équipe technique en est informée"; these tests make it true.
"""

import json
import logging
import subprocess
import sys

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.transport import Transport

from pages.models import HistoryPage

from .test_errors_and_settings import PRODUCTION_ENV, PROJECT_DIR


@pytest.fixture
def broken_history_page(monkeypatch):
    def fail(self, request, *args, **kwargs):
        raise RuntimeError("la frise ne se construit pas")

    monkeypatch.setattr(HistoryPage, "get_context", fail)


@pytest.mark.django_db
def test_a_server_error_is_logged_with_the_request_id_and_path_shown_to_the_visitor(
    demo_site, broken_history_page, caplog
):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/qui-sommes-nous/histoire/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Le site rencontre un problème" in page
    request_id = response["X-Request-ID"]
    assert request_id in page  # the reference the visitor can give us

    records = [record for record in caplog.records if record.name == "django.request"]
    assert records, "the error was not logged"
    record = records[0]
    assert record.exc_info and "la frise ne se construit pas" in str(record.exc_info[1])
    assert record.request_id == request_id
    assert record.path == "/qui-sommes-nous/histoire/"


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_when_it_looks_like_one(demo_site):
    response = Client().get("/", HTTP_X_REQUEST_ID="4f0c2d1e9a7b4c3d8e6f5a4b3c2d1e0f")
    assert response["X-Request-ID"] == "4f0c2d1e9a7b4c3d8e6f5a4b3c2d1e0f"
    forged = Client().get("/", HTTP_X_REQUEST_ID="x\n[faux] injecté dans le journal")
    assert forged["X-Request-ID"] != "x\n[faux] injecté dans le journal"


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.mark.django_db
def test_with_a_sentry_dsn_the_error_reaches_sentry(demo_site, broken_history_page):
    transport = CapturingTransport()
    sentry_sdk.init(dsn="https://public@sentry.example/1", transport=transport)
    try:
        Client(raise_request_exception=False).get("/qui-sommes-nous/histoire/")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    events = [
        item.payload.json
        for envelope in transport.envelopes
        for item in envelope.items
        if item.type == "event"
    ]
    assert events, "nothing was sent to Sentry"
    event = events[0]
    assert event["exception"]["values"][-1]["value"] == "la frise ne se construit pas"
    assert "/qui-sommes-nous/histoire/" in json.dumps(event)


def test_production_turns_sentry_on_with_sentry_dsn_only():
    check = (
        "import django; django.setup(); import sentry_sdk; "
        "print(sentry_sdk.get_client().is_active())"
    )
    for dsn, active in (("", "False"), ("https://public@sentry.example/1", "True")):
        env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "smart_site.settings.production"}
        if dsn:
            env["SENTRY_DSN"] = dsn
        result = subprocess.run(
            [sys.executable, "-c", check],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == active


def test_production_sends_sentry_no_personal_data():
    # A visitor's message or a payroll row may sit in a request body or in a failing
    # frame's local variables: none of them may leave the server.
    check = (
        "import django; django.setup(); import sentry_sdk; o = sentry_sdk.get_client().options; "
        "print(o['send_default_pii'], o['max_request_body_size'], o['include_local_variables'])"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "smart_site.settings.production",
        "SENTRY_DSN": "https://public@sentry.example/1",
    }
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False never False"
