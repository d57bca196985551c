"""Once a round is preparing, its legs, dates and budget change only through a C05 amendment: the
round page says so beside the legs, and offers the partner contacts the way to apply for one (the
amendments app's link, exchanges.round_links); the adviser reads that the partners apply and she
decides. The round agreement's section says it once more, without the link."""

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


def test_a_partner_contact_is_offered_the_c05(contact_client, preparing_round):
    case = preparing_round.agreement.partnership
    found = notes(page_of(contact_client, preparing_round))
    assert len(found) == 2  # beside the round agreement and beside the legs
    said = [" ".join(note.split()) for note in found]
    assert all(
        "Round 1 is “Preparing”: its legs, dates and budget now change only through a round agreement amendment" in note
        for note in said
    )
    start = reverse("amendments:start_c05", args=[case.pk, preparing_round.number])
    link = f'href="{start}">Apply for a round agreement amendment (C05)</a>'
    assert [link in note for note in said] == [False, True]  # the link once, beside the legs


def test_the_adviser_is_told_that_the_partners_apply(adviser_client, preparing_round):
    note = " ".join(notes(page_of(adviser_client, preparing_round))[0].split())
    assert "The partners apply for a round agreement amendment; you decide on it." in note
    assert "amendments/new" not in note


def test_no_note_while_the_legs_can_still_change(contact_client, round_ahead):
    assert notes(page_of(contact_client, round_ahead)) == []
