"""What approving an amendment would also do, shown to the adviser before the decision: due dates
that move, course places the new dates break, who gains or loses access."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from amendments import services
from amendments.effects import effects_of
from amendments.models import MAX_DOCUMENTS
from exchanges.models import Participant
from tests.amendments.conftest import draft_b03, draft_c05, extend_leg, iso, leg_keys
from tests.factories import OrganisationFactory, UserFactory, contact_of, pdf_upload
from tests.training.conftest import plan
from training import services as training_services

pytestmark = pytest.mark.django_db


def test_due_dates_that_move(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    participant = Participant.objects.get(leg=leg)
    effects = effects_of(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    moved = [move for move in effects.due_dates if move.participant == participant.full_name]
    assert moved and all(move.after > move.before for move in moved)
    assert "E-learning completed" in {move.item for move in moved}
    assert not effects.course_rules


def test_a_course_1_the_new_departure_breaks(exchange_round, adviser):
    (leg, key), _other = leg_keys(exchange_round)
    participant = Participant.objects.get(leg=leg)
    session = plan(adviser, in_days=3)
    training_services.enrol(session, participant=participant, by=contact_of(leg.home_organisation))
    earlier = session.ends_on - timedelta(days=1)
    effects = effects_of(draft_c05(exchange_round, **{f"{key}:departure": iso(earlier)}))
    assert len(effects.course_rules) == 1
    assert participant.full_name in effects.course_rules[0] and "course 1" in effects.course_rules[0]


def test_who_gains_and_loses_access(case):
    nia = UserFactory(full_name="Nia Newcomer")
    joining = OrganisationFactory(name="Lilongwe Health Office", country="MW", contacts=[nia])
    effects = effects_of(draft_b03(case, **{f"partner:{joining.pk}": "partner"}))
    [sentence] = effects.access
    assert "Lilongwe Health Office joins" in sentence and "Nia Newcomer" in sentence
    assert timezone.localdate().strftime("%Y") in sentence


def test_at_most_ten_documents(exchange_round, contact):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    for number in range(MAX_DOCUMENTS):
        services.add_document(amendment, upload=pdf_upload(f"letter-{number}.pdf"), by=contact)
    with pytest.raises(ValidationError, match="at most 10 documents"):
        services.add_document(amendment, upload=pdf_upload("one-more.pdf"), by=contact)
    assert amendment.documents.count() == MAX_DOCUMENTS
