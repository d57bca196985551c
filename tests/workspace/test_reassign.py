"""The head of programme gives a case to another adviser: on the timeline, told to the new adviser
once, refused to everyone else, and to a page that went stale."""

import pytest
from django.urls import reverse

from norec.core.fsm import TransitionRefused
from norec.core.models import AuditEvent, OutboxMessage
from partnerships import services
from partnerships.events import CaseEvent
from tests.factories import AdviserFactory, contact_of, reload


@pytest.fixture
def head(adviser):
    adviser.is_head_of_programme = True
    adviser.save(update_fields=["is_head_of_programme"])
    return adviser


@pytest.fixture
def case(other_adviser, organisation, other_organisation):
    return services.create_partnership(
        name="Young nurses exchange",
        organisations=[other_organisation, organisation],
        coordinating=other_organisation,
        adviser=other_adviser,
        by=other_adviser,
    )


@pytest.fixture
def newcomer(db):
    return AdviserFactory(full_name="Bo Berg")


def url(case):
    return reverse("partnerships:reassign_case", args=[case.pk])


def changes(case):
    return AuditEvent.objects.for_subject(case).filter(action=CaseEvent.ADVISER_CHANGED)


def test_it_works(head, adviser_client, case, newcomer, other_adviser):
    response = adviser_client.post(url(case), {"adviser": newcomer.pk, "current": other_adviser.pk})
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert reload(case).adviser == newcomer
    (event,) = changes(case)
    assert event.actor == head
    # The new adviser hears of it, once; nobody else does.
    assert list(OutboxMessage.objects.filter(event=event).values_list("recipient", flat=True)) == [newcomer.pk]
    timeline = adviser_client.get(reverse("partnerships:case_timeline", args=[case.pk])).content.decode()
    assert f"Adviser changed from {other_adviser.full_name} to Bo Berg." in timeline


def test_double_submit_records_one_change(head, adviser_client, case, newcomer, other_adviser):
    data = {"adviser": newcomer.pk, "current": other_adviser.pk}
    adviser_client.post(url(case), data)
    response = adviser_client.post(url(case), data, follow=True)
    assert changes(case).count() == 1
    assert "Someone else gave this case to Bo Berg meanwhile" in response.content.decode()


def test_a_stale_form_says_so(head, adviser_client, case, newcomer, other_adviser):
    services.reassign_case(case, to=newcomer, by=head)
    third = AdviserFactory(full_name="Cy Cole")
    response = adviser_client.post(url(case), {"adviser": third.pk, "current": other_adviser.pk}, follow=True)
    assert reload(case).adviser == newcomer
    assert "Someone else gave this case to Bo Berg meanwhile" in response.content.decode()


def test_the_same_adviser_is_refused(head, case, other_adviser):
    with pytest.raises(TransitionRefused, match="already this case's adviser"):
        services.reassign_case(case, to=other_adviser, by=head)
    assert not changes(case).exists()


def test_only_an_active_adviser_takes_a_case(head, case, contact, newcomer):
    with pytest.raises(TransitionRefused, match="not an active programme adviser"):
        services.reassign_case(case, to=contact, by=head)
    newcomer.is_active = False  # an adviser who has left
    newcomer.save(update_fields=["is_active"])
    with pytest.raises(TransitionRefused, match="not an active programme adviser"):
        services.reassign_case(case, to=newcomer, by=head)
    assert not changes(case).exists()


def test_a_closed_case_keeps_its_adviser(head, case, newcomer, other_adviser):
    services.withdraw(
        case, comment="The partners chose another project.", by=contact_of(case.coordinating_organisation)
    )
    with pytest.raises(TransitionRefused, match="The case is closed"):
        services.reassign_case(reload(case), to=newcomer, by=head)
    assert reload(case).adviser == other_adviser


def test_it_rejects_get(head, adviser_client, case):
    assert adviser_client.get(url(case)).status_code == 405


def test_it_requires_the_head_of_programme(adviser_client, other_adviser_client, case, newcomer, other_adviser):
    data = {"adviser": newcomer.pk, "current": other_adviser.pk}
    assert adviser_client.post(url(case), data).status_code == 403
    assert other_adviser_client.post(url(case), data).status_code == 403  # her own case, even
    assert reload(case).adviser == other_adviser


def test_a_contact_of_the_case_is_refused(contact_client, case, newcomer, other_adviser):
    assert contact_client.post(url(case), {"adviser": newcomer.pk, "current": other_adviser.pk}).status_code == 403


@pytest.mark.parametrize("who", ["outsider_client", "participant_client"])
def test_it_hides_the_case_from_others(request, who, case, newcomer, other_adviser):
    client = request.getfixturevalue(who)
    assert client.post(url(case), {"adviser": newcomer.pk, "current": other_adviser.pk}).status_code == 404


def test_anonymous_signs_in_first(anonymous_client, case):
    response = anonymous_client.post(url(case), {})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_case_page_offers_it_to_the_head_only(head, adviser_client, other_adviser_client, case):
    page = adviser_client.get(case.get_absolute_url()).content.decode()
    assert f'action="{url(case)}"' in page and "Give the case to another adviser" in page
    assert f'action="{url(case)}"' not in other_adviser_client.get(case.get_absolute_url()).content.decode()
