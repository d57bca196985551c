"""Once a round is preparing, its legs, dates and budget change only through a C05 amendment,
which a later issue ([8/11]) builds: until then the round page says what a person can do today
(ask the programme adviser, by email or in a comment on the case), not only that it is closed."""

import re

import pytest
from django.urls import reverse

from tests.factories import approve_agreement, make_leg, recruit, recruit_the_other_way, walk_round


@pytest.fixture
def preparing_round(round_ahead, organisation, other_organisation):
    leg = make_leg(round_ahead, home=other_organisation, host=organisation)
    walk_round(round_ahead, "start_recruiting")
    recruit(leg)
    recruit_the_other_way(leg)
    approve_agreement(round_ahead)
    walk_round(round_ahead, "start_preparing")
    return round_ahead


def page_of(client, exchange_round) -> str:
    url = reverse("exchanges:round_detail", args=[exchange_round.agreement.partnership_id, exchange_round.number])
    return client.get(url).content.decode()


def notes(page: str) -> list[str]:
    return re.findall(r'<p class="ds-paragraph amendment-note">(.*?)</p>', page, re.S)


def test_a_partner_contact_is_told_to_ask_the_adviser(contact_client, preparing_round, adviser):
    case = preparing_round.agreement.partnership
    found = notes(page_of(contact_client, preparing_round))
    assert len(found) == 2  # beside the legs and beside the round agreement
    note = " ".join(found[0].split())
    assert "Round 1 is “Preparing”: its legs, dates and budget now change only through a round agreement amendment" in (
        note
    )
    assert "ask the programme adviser, Ada Adviser" in note
    assert f'href="mailto:{adviser.email}"' in note
    assert f'href="{reverse("partnerships:case_detail", args=[case.pk])}#comment-text"' in note


def test_the_adviser_is_told_to_record_an_agreed_change(adviser_client, preparing_round):
    note = " ".join(notes(page_of(adviser_client, preparing_round))[0].split())
    assert "ask the programme adviser" not in note and "mailto:" not in note
    assert "#comment-text" in note


def test_the_comment_form_is_where_the_link_points(contact_client, preparing_round):
    case = preparing_round.agreement.partnership
    page = contact_client.get(reverse("partnerships:case_detail", args=[case.pk])).content.decode()
    assert 'id="comment-text"' in page


def test_no_note_while_the_legs_can_still_change(contact_client, round_ahead):
    assert notes(page_of(contact_client, round_ahead)) == []
