"""Who may see and do what with amendments, for every page, action and download: the case's
adviser, another adviser, the case's partner contacts, a contact of an organisation outside the
case (404), a participant (404) and nobody (to sign in)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from amendments import services
from amendments.models import Amendment, AmendmentState
from tests.amendments.conftest import draft_c05, extend_leg, leg_keys
from tests.factories import contact_of, pdf_upload

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def amendment(exchange_round, contact):
    (leg, _key), _other = leg_keys(exchange_round)
    drafted = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    services.add_document(drafted, upload=pdf_upload("letter.pdf"), by=contact)
    return services.submit_amendment(Amendment.objects.get(pk=drafted.pk), by=contact)


@pytest.fixture
def people(adviser, other_adviser, contact, other_contact, outsider_contact, participant):
    return {
        "adviser": adviser,
        "other adviser": other_adviser,
        "contact": contact,
        "other partner's contact": other_contact,
        "outsider": outsider_contact,
        "participant": participant,
        "nobody": None,
    }


def read_urls(amendment):
    document = amendment.documents.get()
    case = amendment.partnership
    return [
        reverse("amendments:detail", args=[amendment.pk]),
        reverse("amendments:pdf", args=[amendment.pk]),
        reverse("amendments:document", args=[amendment.pk, document.pk]),
        reverse("amendments:history", args=[case.pk]),
    ]


SEES = {
    "adviser": 200,
    "other adviser": 200,
    "contact": 200,
    "other partner's contact": 200,
    "outsider": 404,
    "participant": 404,
    "nobody": 302,
}


def test_pages_and_downloads(people, amendment):
    # Every role on one amendment (building the round is most of this test's time).
    for who, status in SEES.items():
        for url in read_urls(amendment):
            response = client_of(people[who]).get(url)
            assert response.status_code == status, (who, url)
            if status == 200 and url.endswith(".pdf"):
                assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
            if status == 302:
                assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("adviser", 200), ("other adviser", 200), ("contact", 403), ("participant", 403), ("nobody", 302)],
)
def test_the_queue_is_for_advisers(who, status, people, amendment):
    response = client_of(people[who]).get(reverse("amendments:queue"))
    assert response.status_code == status
    if who == "adviser":
        assert amendment.reference in response.content.decode()
    if who == "other adviser":  # not their case: in "every adviser's cases" only
        assert amendment.reference not in response.content.decode()
        assert (
            amendment.reference in client_of(people[who]).get(reverse("amendments:queue") + "?who=all").content.decode()
        )


def _errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("who", ["contact", "other partner's contact", "other adviser"])
def test_only_the_case_adviser_decides(who, people, amendment):
    response = client_of(people[who]).post(
        reverse("amendments:decide", args=[amendment.pk]), {"decision": "approve", "reason": "Fine."}
    )
    assert response.status_code == 302
    assert any("Only the partnership's programme adviser" in message for message in _errors(response))
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.SUBMITTED


@pytest.mark.parametrize("who", ["outsider", "participant"])
def test_strangers_get_404_on_every_action(who, people, amendment):
    client = client_of(people[who])
    document = amendment.documents.get()
    case = amendment.partnership
    posts = [
        (reverse("amendments:decide", args=[amendment.pk]), {"decision": "approve", "reason": "x"}),
        (reverse("amendments:step", args=[amendment.pk, "withdraw"]), {}),
        (reverse("amendments:step", args=[amendment.pk, "submit"]), {}),
        (reverse("amendments:edit", args=[amendment.pk]), {}),
        (reverse("amendments:add_document", args=[amendment.pk]), {"document": pdf_upload()}),
        (reverse("amendments:remove_document", args=[amendment.pk, document.pk]), {}),
        (reverse("amendments:start_b03", args=[case.pk]), {}),
        (reverse("amendments:start_c05", args=[case.pk, amendment.exchange_round.number]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert client.get(reverse("amendments:edit", args=[amendment.pk])).status_code == 404
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.SUBMITTED


def test_the_adviser_does_not_draft_or_withdraw(adviser, amendment):
    client = client_of(adviser)
    case = amendment.partnership
    response = client.get(reverse("amendments:start_b03", args=[case.pk]))
    assert response.status_code == 302
    assert any("partner contacts" in message for message in _errors(response))
    response = client.post(reverse("amendments:step", args=[amendment.pk, "withdraw"]))
    assert any("Only the partner contacts" in message for message in _errors(response))
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.SUBMITTED


def test_a_submitted_amendment_is_not_changed(contact, amendment):
    client = client_of(contact)
    response = client.get(reverse("amendments:edit", args=[amendment.pk]))
    assert response.status_code == 302
    assert any("not possible while" in message for message in _errors(response))
    response = client.post(reverse("amendments:add_document", args=[amendment.pk]), {"document": pdf_upload()})
    assert amendment.documents.count() == 1


def test_a_contact_withdraws_once_they_confirm(other_contact, amendment):
    url = reverse("amendments:step", args=[amendment.pk, "withdraw"])
    unconfirmed = client_of(other_contact).post(url)
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.SUBMITTED
    response = client_of(other_contact).post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.WITHDRAWN


def test_a_removed_partner_gets_404_from_the_effective_date(case, adviser, organisation, other_organisation):
    """A third partner joins and later leaves: its contact sees the case until the day it leaves,
    and gets 404 on the case and its amendments from that day."""
    from datetime import timedelta

    from django.utils import timezone

    from partnerships.models import Partner
    from tests.amendments.conftest import draft_b03
    from tests.factories import OrganisationFactory, UserFactory

    tom = UserFactory(full_name="Tom Third")
    third = OrganisationFactory(name="Maputo Nurses", country="MZ", contacts=[tom])
    coordinator = contact_of(organisation)
    joined = draft_b03(case, **{f"partner:{third.pk}": "partner"})
    services.approve_amendment(services.submit_amendment(joined, by=coordinator), reason="Welcome.", by=adviser)
    case_url = reverse("partnerships:case_detail", args=[case.pk])
    amendment_url = reverse("amendments:detail", args=[joined.pk])
    assert client_of(tom).get(case_url).status_code == 200
    leaves = draft_b03(case, effective_on=timezone.localdate(), **{f"partner:{third.pk}": None})
    services.approve_amendment(services.submit_amendment(leaves, by=coordinator), reason="They left.", by=adviser)
    assert client_of(tom).get(case_url).status_code == 404
    assert client_of(tom).get(amendment_url).status_code == 404
    assert client_of(coordinator).get(case_url).status_code == 200
    # From a later date: still a partner the day before.
    Partner.objects.filter(organisation=third).update(member_until=timezone.localdate() + timedelta(days=1))
    assert client_of(tom).get(case_url).status_code == 200


def test_the_adviser_does_not_change_a_draft(adviser, exchange_round, contact):
    (leg, _key), _other = leg_keys(exchange_round)
    draft = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    client = client_of(adviser)
    response = client.get(reverse("amendments:edit", args=[draft.pk]))
    assert response.status_code == 302
    assert any("Only the partner contacts" in message for message in _errors(response))
    client.post(reverse("amendments:add_document", args=[draft.pk]), {"document": pdf_upload()})
    assert not draft.documents.exists()


def test_the_contacts_home_lists_amendments_they_hold(exchange_round, contact, outsider_contact, adviser):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    home = client_of(contact).get(reverse("home")).content.decode()
    assert "Amendments to finish" in home and amendment.reference in home and "a draft: submit it" in home
    services.return_amendment(services.submit_amendment(amendment, by=contact), reason="Attach the letter.", by=adviser)
    home = client_of(contact).get(reverse("home")).content.decode()
    assert "change it and submit it again" in home
    assert amendment.reference not in client_of(outsider_contact).get(reverse("home")).content.decode()
