"""The contact form: what a visitor sees and sends, what the editors receive, what bots get.

The field names are those Wagtail's form builder derives from the demo's labels
(`clean_name`); they are read from the form itself, not guessed.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import SiteSettings
from pages.models import HONEYPOT_FIELD, ContactMessage

from .conftest import run_mail_worker

CONTACT_URL = "/contact/"
EDITOR_ADDRESS = "accueil@smart.example"
COOPERATIVES = ["GrandsEnsemble", "Coop Portage", "Alterna"]

LABELS = {
    "name": "Votre nom",
    "email": "Votre adresse électronique",
    "subject": "Sujet",
    "message": "Votre message",
    "consent": "J'accepte que Smart utilise ces informations pour répondre à ma demande",
}


def normalized(text):
    return " ".join(text.split())


def set_recipients(addresses):
    site_settings = SiteSettings.objects.get()
    site_settings.contact_recipients = addresses
    site_settings.save()


@pytest.fixture
def contact_page(demo_site):
    """The demo contact page, with the recipient an editor would set in the site settings."""
    set_recipients(EDITOR_ADDRESS)
    return demo_site["contact"]


@pytest.fixture
def fields(demo_site):
    """{role: field name} of the contact form, found by their labels."""
    form = demo_site["contact"].get_form()
    by_label = {field.label: name for name, field in form.fields.items()}
    missing = [label for label in LABELS.values() if label not in by_label]
    assert not missing, f"the contact form has no field labelled {missing}"
    return {role: by_label[label] for role, label in LABELS.items()}


@pytest.fixture
def valid_data(fields):
    return {
        fields["name"]: "Camille Martin",
        fields["email"]: "camille@example.org",
        fields["subject"]: "Alterna",
        fields["message"]: "Bonjour, je voudrais proposer des cours de cuisine à domicile.",
        fields["consent"]: "on",
    }


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def contact_form(soup):
    form = soup.select_one("main form[method=post]")
    assert form is not None, "no contact form on the page"
    return form


def field_container(form, name):
    """The element wrapping one field: its label, help, error and control."""
    control = form.find(attrs={"name": name})
    assert control is not None, f"no control named {name}"
    container = control.find_parent(class_="form__field")
    assert container is not None, f"{name} is not inside a .form__field"
    return control, container


def label_text(form, control):
    label = form.find("label", attrs={"for": control["id"]})
    assert label is not None, f"{control['name']} has no <label for=…>"
    return normalized(label.get_text()).rstrip(" *")


def assert_confirmation_page(response):
    # After a post, the visitor is sent to the thank-you address: reloading it sends nothing.
    assert response.redirect_chain == [("/contact/?envoye=1", 302)]
    assert response.status_code == 200
    soup = soup_of(response)
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == "Merci, votre message est bien parti"
    text = normalized(main.get_text(" "))
    # It says what happens next.
    assert "vous répond par courriel" in text
    assert soup.select_one("main form[method=post]") is None


# --- The form a visitor sees ---------------------------------------------------------


def test_contact_page_shows_each_field_with_its_label(client, fields):
    form = contact_form(soup_of(client.get(CONTACT_URL)))

    for role, name in fields.items():
        control, _ = field_container(form, name)
        assert label_text(form, control) == LABELS[role], role
    assert form.find(attrs={"name": fields["email"]})["type"] == "email"
    assert form.find(attrs={"name": fields["message"]}).name == "textarea"
    assert form.find(attrs={"name": fields["consent"]})["type"] == "checkbox"


def test_subject_offers_each_cooperative(client, fields):
    form = contact_form(soup_of(client.get(CONTACT_URL)))

    select = form.find("select", attrs={"name": fields["subject"]})
    options = [normalized(option.get_text()) for option in select.find_all("option")]
    for cooperative in COOPERATIVES:
        assert cooperative in options


def test_every_field_is_required_and_says_so(client, fields):
    form = contact_form(soup_of(client.get(CONTACT_URL)))

    for role, name in fields.items():
        control, _ = field_container(form, name)
        label = form.find("label", attrs={"for": control["id"]})
        # A <select> always sends one of its options: browsers need no `required` there.
        if control.name != "select":
            assert control.has_attr("required"), role
        assert "*" in label.get_text(), f"{role}: the label does not mark it as required"


def test_form_posts_to_itself_with_a_csrf_token(client, contact_page):
    form = contact_form(soup_of(client.get(CONTACT_URL)))

    assert form["action"] == contact_page.url
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def test_honeypot_is_hidden_from_people_and_from_the_keyboard(client, contact_page):
    form = contact_form(soup_of(client.get(CONTACT_URL)))

    honeypot = form.find("input", attrs={"name": HONEYPOT_FIELD})
    assert honeypot is not None
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    wrapper = honeypot.find_parent(attrs={"aria-hidden": "true"})
    assert wrapper is not None and "visually-hidden" in wrapper["class"]


def test_help_texts_are_tied_to_their_fields(client, fields):
    soup = soup_of(client.get(CONTACT_URL))
    form = contact_form(soup)

    for role in ["email", "subject", "consent"]:
        control, container = field_container(form, fields[role])
        help_paragraph = container.find(class_="form__help")
        assert help_paragraph is not None, f"{role} has no help text"
        described_by = control.get("aria-describedby", "").split()
        assert help_paragraph.get("id") in described_by, (
            f"{role}: aria-describedby={described_by} does not name its help text "
            f"(id={help_paragraph.get('id')!r}); see templates/components/form_field.html"
        )


# --- Sending it ----------------------------------------------------------------------


def test_valid_message_is_stored_and_listed_in_the_admin(
    client, admin_client, contact_page, fields, valid_data
):
    response = client.post(CONTACT_URL, valid_data, follow=True)

    assert_confirmation_page(response)
    submission = ContactMessage.objects.get(page=contact_page)
    data = submission.get_data()
    assert data[fields["name"]] == "Camille Martin"
    assert data[fields["email"]] == "camille@example.org"
    assert data[fields["subject"]] == "Alterna"
    assert data[fields["message"]] == valid_data[fields["message"]]
    assert HONEYPOT_FIELD not in data

    listing = admin_client.get(reverse("wagtailforms:list_submissions", args=[contact_page.pk]))
    assert listing.status_code == 200
    text = normalized(soup_of(listing).get_text(" "))
    assert "Camille Martin" in text
    assert "camille@example.org" in text
    assert "cours de cuisine à domicile" in text


def test_valid_message_is_emailed_to_the_address_of_the_site_settings(
    client, contact_page, fields, valid_data
):
    client.post(CONTACT_URL, valid_data, follow=True)
    assert mail.outbox == []  # queued: the worker sends it
    run_mail_worker()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [EDITOR_ADDRESS]
    assert email.subject.startswith("Message reçu par le site le ")
    assert email.from_email == "site@smart-en-france.invalid"  # DEFAULT_FROM_EMAIL
    for value in ["Camille Martin", "camille@example.org", "Alterna", "cours de cuisine"]:
        assert value in email.body
    assert HONEYPOT_FIELD not in email.body
    message = ContactMessage.objects.get()
    assert message.status == ContactMessage.Status.SENT and message.sent_at is not None


def test_replying_to_the_notification_answers_the_visitor(client, contact_page, valid_data):
    client.post(CONTACT_URL, valid_data, follow=True)
    run_mail_worker()
    assert mail.outbox[0].reply_to == ["camille@example.org"]


def test_notification_goes_to_every_address_the_editors_list(client, contact_page, valid_data):
    set_recipients("accueil@smart.example, alterna@smart.example")

    client.post(CONTACT_URL, valid_data, follow=True)
    run_mail_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["accueil@smart.example", "alterna@smart.example"]


def test_message_is_stored_and_says_so_without_a_recipient(client, demo_site, valid_data):
    assert not SiteSettings.objects.get().contact_recipients

    assert_confirmation_page(client.post(CONTACT_URL, valid_data, follow=True))
    run_mail_worker()

    message = ContactMessage.objects.get()
    assert message.status == ContactMessage.Status.NO_RECIPIENT
    assert mail.outbox == []


def test_reloading_the_thank_you_page_sends_nothing_again(client, contact_page, valid_data):
    response = client.post(CONTACT_URL, valid_data, follow=True)
    for _ in range(3):
        again = client.get(response.redirect_chain[-1][0])
        assert "Merci, votre message est bien parti" in again.content.decode()
    assert ContactMessage.objects.count() == 1


# --- Invalid input -------------------------------------------------------------------


@pytest.fixture
def invalid_response(client, fields):
    """Bad e-mail, empty message, no consent: the three mistakes at once."""
    return client.post(
        CONTACT_URL,
        {
            fields["name"]: "Camille Martin",
            fields["email"]: "pas-un-courriel",
            fields["subject"]: "Coop Portage",
            fields["message"]: "",
        },
    )


def test_invalid_message_is_neither_stored_nor_sent(invalid_response, contact_page):
    assert invalid_response.status_code == 200
    assert ContactMessage.objects.filter(page=contact_page).count() == 0
    assert mail.outbox == []


def test_invalid_message_keeps_what_the_visitor_typed(invalid_response, fields):
    form = contact_form(soup_of(invalid_response))

    assert form.find("input", attrs={"name": fields["name"]})["value"] == "Camille Martin"
    assert form.find("input", attrs={"name": fields["email"]})["value"] == "pas-un-courriel"
    selected = form.find("select", attrs={"name": fields["subject"]}).find("option", selected=True)
    assert selected is not None and selected["value"] == "Coop Portage"


def test_invalid_message_keeps_the_message_and_the_consent_given(client, fields, valid_data):
    response = client.post(CONTACT_URL, {**valid_data, fields["email"]: "camille@"})
    form = contact_form(soup_of(response))

    textarea = form.find("textarea", attrs={"name": fields["message"]})
    assert textarea.get_text().strip() == valid_data[fields["message"]]
    assert form.find("input", attrs={"name": fields["consent"]}).has_attr("checked")


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("email", "Saisissez une adresse de courriel valide."),
        ("message", "Champ requis."),
        ("consent", "Champ requis."),
    ],
)
def test_each_error_is_said_in_french_next_to_its_field(invalid_response, fields, role, message):
    form = contact_form(soup_of(invalid_response))
    control, container = field_container(form, fields[role])

    error = container.find(class_="form__error")
    assert error is not None, f"{role}: no error message inside the field's container"
    assert normalized(error.get_text()) == message
    assert control.get("aria-invalid") == "true"
    assert error.get("id"), f"{role}: the error message has no id to be referred to"
    described_by = control.get("aria-describedby", "").split()
    assert error["id"] in described_by, (
        f"{role}: aria-describedby={described_by} does not name the error message "
        f"(id={error['id']!r}), so a screen reader does not read it with the field; "
        "see templates/components/form_field.html"
    )


def test_fields_without_error_are_not_marked_invalid(invalid_response, fields):
    form = contact_form(soup_of(invalid_response))
    control, container = field_container(form, fields["name"])

    assert not control.has_attr("aria-invalid")
    assert container.find(class_="form__error") is None


def test_every_aria_describedby_points_to_an_element_of_the_page(client, invalid_response):
    for response in [client.get(CONTACT_URL), invalid_response]:
        soup = soup_of(response)
        dangling = [
            (control["name"], reference)
            for control in contact_form(soup).find_all(attrs={"aria-describedby": True})
            for reference in control["aria-describedby"].split()
            if soup.find(id=reference) is None
        ]
        assert not dangling, (
            f"aria-describedby names ids that do not exist: {dangling}. Django renders "
            "<id>_helptext and <id>_error; templates/components/form_field.html uses "
            "<id>-aide and <id>-erreur"
        )


def test_error_summary_is_announced_and_counts_the_fields_to_fix(invalid_response):
    alert = soup_of(invalid_response).select_one("main [role=alert]")

    assert alert is not None
    text = normalized(alert.get_text(" "))
    assert "Le formulaire n'a pas été envoyé." in text
    assert "Corrigez 3 champs" in text
    assert "ce que vous avez écrit est conservé" in text


# --- Bots and forged requests --------------------------------------------------------


def test_filled_honeypot_gets_the_confirmation_but_nothing_is_stored_or_sent(
    client, contact_page, valid_data
):
    response = client.post(
        CONTACT_URL, {**valid_data, HONEYPOT_FIELD: "https://spam.example"}, follow=True
    )

    assert_confirmation_page(response)
    assert ContactMessage.objects.filter(page=contact_page).count() == 0
    assert mail.outbox == []


def test_post_without_csrf_token_is_refused(contact_page, valid_data):
    client = Client(enforce_csrf_checks=True)

    response = client.post(CONTACT_URL, valid_data, follow=True)

    assert response.status_code == 403
    assert ContactMessage.objects.filter(page=contact_page).count() == 0
    assert mail.outbox == []


def test_post_with_the_forms_csrf_token_is_accepted(contact_page, valid_data):
    client = Client(enforce_csrf_checks=True)
    page_html = client.get(CONTACT_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html).group(1)

    response = client.post(CONTACT_URL, {**valid_data, "csrfmiddlewaretoken": token}, follow=True)

    assert_confirmation_page(response)
    assert ContactMessage.objects.filter(page=contact_page).count() == 1
