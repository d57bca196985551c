"""The amendment forms as people fill them: every value pre-filled, errors said beside what was
typed (kept), every field bounded, uploads by type and size, a stale page refused, and the
joining partner's contact invited on approval."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from amendments import services
from amendments.models import Amendment, AmendmentState
from norec.core.limits import LONG_TEXT_MAX_LENGTH
from norec.core.models import Invitation, OutboxMessage
from tests.amendments.conftest import draft_b03, draft_c05, extend_leg, leg_keys
from tests.factories import OrganisationFactory, contact_of, pdf_upload
from tests.machines.walk import fill, read_page

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(client, url) -> dict:
    """What the form on the page sends as it is shown (the last POST form: the page's own)."""
    status, parser = read_page(client, url)
    assert status == 200
    form = [form for form in parser.forms if form.method == "post"][-1]
    # A browser sends a select's shown option; with none marked, the first ("—", empty) one.
    return {name: ("" if name.startswith("add_") else value) for name, value in fill(form).items()}


def test_the_c05_form_shows_todays_values_and_saves_one_change(exchange_round, contact):
    client = client_of(contact)
    url = reverse("amendments:start_c05", args=[exchange_round.partnership.pk, exchange_round.number])
    (leg, _key), _other = leg_keys(exchange_round)
    data = shown(client, url)
    assert data["planned_end"] == exchange_round.planned_end.isoformat()
    assert data[f"leg{leg.pk}_return"] == leg.return_date.isoformat()
    data[f"leg{leg.pk}_return"] = (leg.return_date + timedelta(days=30)).isoformat()
    data["justification"] = "Longer."
    response = client.post(url, data)
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "return" in page and amendment.reference in page
    from amendments.changes import changed_keys

    assert changed_keys(amendment.baseline, amendment.proposal) == [f"leg:{leg.pk}:return"]


def test_an_error_keeps_what_was_typed(exchange_round, contact):
    client = client_of(contact)
    url = reverse("amendments:start_c05", args=[exchange_round.partnership.pk, exchange_round.number])
    (leg, _key), _other = leg_keys(exchange_round)
    data = shown(client, url)
    too_late = (exchange_round.planned_end + timedelta(days=3)).isoformat()
    data[f"leg{leg.pk}_return"] = too_late
    data["justification"] = "A justification I took time to write."
    response = client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "after the round ends" in content and "data-error-summary" in content
    # Said beside the leg's return (the summary links to it), not only at the top.
    assert f'href="#id_leg{leg.pk}_return">Return:' in content
    assert f'value="{too_late}"' in content and "A justification I took time to write." in content
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("budget", "-1"),
        ("budget", "10.001"),
        ("budget", "99999999999"),
        ("line_housing", "-5"),
        ("planned_end", "9999-12-31"),
        ("effective_on", "0001-01-01"),
        ("justification", "x" * (LONG_TEXT_MAX_LENGTH + 1)),
        ("justification", ""),
    ],
)
def test_every_field_is_bounded(exchange_round, contact, field, value):
    client = client_of(contact)
    url = reverse("amendments:start_c05", args=[exchange_round.partnership.pk, exchange_round.number])
    data = {**shown(client, url), "justification": "Why.", field: value}
    response = client.post(url, data)
    assert response.status_code == 400
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("participants", ["0", "51"])
def test_a_leg_takes_one_to_fifty(exchange_round, contact, participants):
    client = client_of(contact)
    url = reverse("amendments:start_c05", args=[exchange_round.partnership.pk, exchange_round.number])
    (leg, _key), _other = leg_keys(exchange_round)
    data = {**shown(client, url), "justification": "Why.", f"leg{leg.pk}_participants": participants}
    assert client.post(url, data).status_code == 400


def test_the_coordinating_partner_cannot_leave_in_the_form(case, contact, organisation):
    client = client_of(contact)
    url = reverse("amendments:start_b03", args=[case.pk])
    data = {**shown(client, url), "justification": "Why.", "leaving": [str(organisation.pk)]}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "cannot be one that leaves" in response.content.decode()


def test_uploads_by_type_and_size(exchange_round, contact, settings):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    client = client_of(contact)
    url = reverse("amendments:add_document", args=[amendment.pk])
    renamed = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"document": renamed, "revision": amendment.revision})
    assert response.status_code == 400 and not amendment.documents.exists()
    settings.NOREC_UPLOAD_MAX_BYTES = 10
    response = client.post(url, {"document": pdf_upload(), "revision": amendment.revision})
    assert response.status_code == 400 and "too large" in response.content.decode()
    settings.NOREC_UPLOAD_MAX_BYTES = 10_000_000
    assert client.post(url, {"document": pdf_upload(), "revision": amendment.revision}).status_code == 302
    assert amendment.documents.count() == 1


def test_a_stale_page_is_refused_and_what_was_typed_kept(exchange_round, contact):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    client = client_of(contact)
    url = reverse("amendments:edit", args=[amendment.pk])
    data = shown(client, url)
    services.add_document(amendment, upload=pdf_upload(), by=contact)  # someone else meanwhile
    data["justification"] = "My version."
    response = client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed this amendment while you were editing it" in content and "My version." in content
    assert Amendment.objects.get(pk=amendment.pk).justification != "My version."
    fresh = Amendment.objects.get(pk=amendment.pk)
    assert f'name="revision" value="{fresh.revision}"' in content  # saving again now takes it


def test_the_joining_partners_contact_is_invited_on_approval(case, adviser):
    joining = OrganisationFactory(name="Lilongwe Health Office", country="MW")
    amendment = draft_b03(case, **{f"partner:{joining.pk}": "partner"})
    Amendment.objects.filter(pk=amendment.pk).update(invite_name="Nia Banda", invite_email="nia@lilongwe.example")
    amendment = Amendment.objects.get(pk=amendment.pk)
    services.submit_amendment(amendment, by=contact_of(case.coordinating_organisation))
    assert not Invitation.objects.exists()  # not before the decision
    services.approve_amendment(amendment, reason="Welcome.", by=adviser)
    invitation = Invitation.objects.get()
    assert invitation.user.email == "nia@lilongwe.example" and joining.contacts.filter(pk=invitation.user.pk).exists()
    assert OutboxMessage.objects.filter(to_email="nia@lilongwe.example", kind="emails/invitation").count() == 1
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.APPROVED


def test_starting_another_of_a_kind_leads_to_the_open_one(exchange_round, contact):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    url = reverse("amendments:start_c05", args=[exchange_round.partnership.pk, exchange_round.number])
    response = client_of(contact).get(url)
    assert response.status_code == 302 and response["Location"] == amendment.get_absolute_url()
