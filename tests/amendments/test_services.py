"""Amendments through their services: each kind of change applied, the decision's rules, stale
amendments refused with the differences, and approval and application in one transaction."""

from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from amendments import services
from amendments.history import agreement_on, values_on
from amendments.models import AgreementChange, AmendmentState
from exchanges.models import ItemStatus, Participant
from norec.core.fsm import TransitionRefused
from partnerships.models import Partner
from tests.amendments.conftest import draft_b03, draft_c05, extend_leg, iso, leg_keys
from tests.factories import OrganisationFactory, UserFactory, contact_of

pytestmark = pytest.mark.django_db


def submitted(amendment):
    return services.submit_amendment(amendment, by=contact_of(amendment.partnership.coordinating_organisation))


def approve(amendment, reason="Agreed with the partners."):
    return services.approve_amendment(amendment, reason=reason, by=amendment.partnership.adviser)


def test_c05_moves_a_legs_return_and_the_participants_due_dates(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    participant = Participant.objects.get(leg=leg)
    anchored_on_return = participant.checklist.filter(status=ItemStatus.OPEN, due_from="return").first()
    assert anchored_on_return is not None  # the programme's checklist has items due from the return
    before_due = anchored_on_return.due_on
    old_return = leg.return_date
    amendment = approve(submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg))))
    leg.refresh_from_db()
    assert amendment.state == AmendmentState.APPROVED
    assert leg.return_date == old_return + relativedelta(months=2)
    exchange_round.refresh_from_db()
    assert exchange_round.planned_end >= leg.return_date
    anchored_on_return.refresh_from_db()
    assert anchored_on_return.due_on == before_due + (leg.return_date - old_return)
    change = AgreementChange.objects.get(amendment=amendment)
    assert (change.key, change.before, change.after) == (
        f"leg:{leg.pk}:return",
        iso(old_return),
        iso(leg.return_date),
    )


def test_c05_changes_the_budget_and_the_agreement_total_follows(exchange_round):
    agreement = exchange_round.agreement
    total = agreement.budget_total
    key = f"round:{exchange_round.pk}"
    approve(submitted(draft_c05(exchange_round, **{f"{key}:budget": "120000.00", f"{key}:line:housing": "80000.00"})))
    exchange_round.refresh_from_db()
    agreement.refresh_from_db()
    assert exchange_round.budget == Decimal("120000.00")
    assert exchange_round.budget_lines.get(line="housing").planned == Decimal("80000.00")
    assert agreement.budget_total == total + Decimal("20000.00")


def test_c05_adds_and_reverses_legs_and_counts_directions(exchange_round, organisation, other_organisation):
    key = f"round:{exchange_round.pk}"
    departure = iso(exchange_round.planned_start + timedelta(days=90))
    back = iso(exchange_round.planned_start + timedelta(days=90) + relativedelta(months=6))
    changes = {
        "new:1:round": exchange_round.pk,
        "new:1:home": other_organisation.pk,
        "new:1:host": organisation.pk,
        "new:1:participants": 2,
        "new:1:departure": departure,
        "new:1:return": back,
    }
    approve(submitted(draft_c05(exchange_round, **changes)))
    exchange_round.refresh_from_db()
    assert exchange_round.legs.count() == 3
    assert exchange_round.participants_south_north == 3
    assert exchange_round.participants_north_south == 1
    assert AgreementChange.objects.filter(key=f"{key}:participants_south_north", before=1, after=3).exists()


def test_c05_may_not_remove_a_leg_with_participants(exchange_round):
    (_leg, key), _other = leg_keys(exchange_round)
    removal = {f"{key}:{field}": None for field in ("round", "home", "host", "participants", "departure", "return")}
    with pytest.raises(ValidationError, match="participants are recorded"):
        draft_c05(exchange_round, **removal)


def test_c05_leg_must_stay_in_the_round(exchange_round):
    (_leg, key), _other = leg_keys(exchange_round)
    with pytest.raises(ValidationError, match="after the round ends"):
        draft_c05(exchange_round, **{f"{key}:return": iso(exchange_round.planned_end + timedelta(days=1))})


def test_b03_adds_a_partner_whose_contacts_then_see_the_case(case):
    newcomer = UserFactory(full_name="Nia Newcomer")
    joining = OrganisationFactory(name="Lilongwe Health Office", country="MW", contacts=[newcomer])
    from partnerships.models import Partnership

    assert not Partnership.objects.visible_to(newcomer).filter(pk=case.pk).exists()
    approve(submitted(draft_b03(case, **{f"partner:{joining.pk}": "partner"})))
    assert Partnership.objects.visible_to(newcomer).filter(pk=case.pk).exists()


def test_b03_leaving_partner_loses_access_from_the_effective_date(case, organisation, other_organisation):
    third_contact = UserFactory(full_name="Tom Third")
    third = OrganisationFactory(name="Maputo Nurses", country="MZ", contacts=[third_contact])
    approve(submitted(draft_b03(case, **{f"partner:{third.pk}": "partner"})))
    from partnerships.models import Partnership

    leave_on = timezone.localdate() + timedelta(days=10)
    approve(submitted(draft_b03(case, effective_on=leave_on, **{f"partner:{third.pk}": None})))
    partner = Partner.objects.get(partnership=case, organisation=third)
    assert partner.member_until == leave_on
    assert Partnership.objects.visible_to(third_contact).filter(pk=case.pk).exists()  # until the day
    later = leave_on
    assert not Partner.objects.current(later).filter(pk=partner.pk).exists()


def test_coordinating_partner_cannot_leave_without_a_new_one(case, organisation):
    with pytest.raises(ValidationError, match="coordinating partner"):
        draft_b03(case, **{f"partner:{organisation.pk}": None})


def test_b03_hands_over_coordination(case, organisation, other_organisation):
    approve(
        submitted(
            draft_b03(
                case, **{f"partner:{organisation.pk}": "partner", f"partner:{other_organisation.pk}": "coordinating"}
            )
        )
    )
    assert case.partners.get(is_coordinating=True).organisation == other_organisation


def test_the_agreement_as_it_stood_on_a_past_date(case):
    agreement = case.agreement
    old_end, old_goals = agreement.period_end, agreement.common_goals
    effective = timezone.localdate()
    approve(
        submitted(
            draft_b03(
                case,
                effective_on=effective,
                period_end=iso(old_end + relativedelta(months=6)),
                common_goals="Shorter waiting lists in both hospitals.",
            )
        )
    )
    agreement.refresh_from_db()
    yesterday = agreement_on(agreement, effective - timedelta(days=1))
    today = agreement_on(agreement, effective)
    assert (yesterday.period_end, yesterday.common_goals) == (old_end, old_goals)
    assert today.period_end == old_end + relativedelta(months=6)
    assert today.common_goals == "Shorter waiting lists in both hospitals."


def test_a_change_effective_later_is_not_yet_in_force(case):
    agreement = case.agreement
    later = timezone.localdate() + timedelta(days=30)
    old_end = agreement.period_end
    approve(submitted(draft_b03(case, effective_on=later, period_end=iso(old_end + timedelta(days=40)))))
    agreement.refresh_from_db()
    assert agreement.period_end == old_end + timedelta(days=40)
    assert values_on(agreement, later - timedelta(days=1))["period_end"] == iso(old_end)
    assert values_on(agreement, later)["period_end"] == iso(old_end + timedelta(days=40))


def test_stale_amendment_is_refused_with_the_differences(exchange_round):
    """What it changes moved after it was drafted (two C05s of a round cannot be open at once, so
    here by another path, as the admin would): approval is refused, saying what moved."""
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    moved_return = leg.return_date + timedelta(days=7)
    type(leg).objects.filter(pk=leg.pk).update(returns_on=moved_return)
    with pytest.raises(TransitionRefused) as refusal:
        approve(amendment)
    [reason] = refusal.value.reasons
    assert "return" in reason and "when this amendment was drafted and is now" in reason
    amendment.refresh_from_db()
    leg.refresh_from_db()
    assert amendment.state == AmendmentState.SUBMITTED
    assert leg.return_date == moved_return
    assert not AgreementChange.objects.exists()


def test_approval_and_application_are_atomic(exchange_round, monkeypatch):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    old_return = leg.return_date

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away while applying")

    monkeypatch.setattr("amendments.services.apply.reschedule_open_items", broken)
    with pytest.raises(RuntimeError):
        approve(amendment)
    amendment.refresh_from_db()
    leg.refresh_from_db()
    assert amendment.state == AmendmentState.SUBMITTED
    assert leg.return_date == old_return
    assert not AgreementChange.objects.exists()


def test_one_open_amendment_of_a_kind(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    with pytest.raises(TransitionRefused, match="still open"):
        draft_c05(exchange_round, **extend_leg(exchange_round, leg, months=1))


def test_only_the_case_adviser_decides(exchange_round, other_adviser):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    with pytest.raises(TransitionRefused):
        services.approve_amendment(amendment, reason="ok", by=other_adviser)
    with pytest.raises(TransitionRefused):
        services.approve_amendment(
            amendment, reason="ok", by=contact_of(amendment.partnership.coordinating_organisation)
        )


def test_a_decision_needs_a_reason(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    with pytest.raises(ValidationError):
        services.reject_amendment(amendment, reason="  ", by=amendment.partnership.adviser)


def test_returned_amendment_is_revised_and_submitted_again(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    services.return_amendment(amendment, reason="Attach the hospital's letter.", by=amendment.partnership.adviser)
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.RETURNED
    again = submitted(amendment)
    assert again.state == AmendmentState.SUBMITTED


def test_a_withdrawn_amendment_frees_its_kind(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    services.withdraw_amendment(amendment, by=contact_of(amendment.partnership.coordinating_organisation))
    assert draft_c05(exchange_round, **extend_leg(exchange_round, leg)).state == AmendmentState.DRAFT


def test_submit_needs_a_justification(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, justification="", **extend_leg(exchange_round, leg))
    with pytest.raises(TransitionRefused, match="justification"):
        submitted(amendment)


def test_a_b03_only_while_the_exchange_runs(adviser, organisation, other_organisation):
    from tests.factories import make_case

    case = make_case("follow_up", adviser=adviser, organisations=[organisation, other_organisation])
    with pytest.raises(TransitionRefused, match="only during the exchange phase"):
        draft_b03(case, common_goals="Later goals.")


def test_a_c05_only_for_a_round_prepared_or_abroad(adviser, organisation, other_organisation):
    from tests.machines.builders import _round_now, _walk

    recruiting = _walk(*_round_now(adviser, [organisation, other_organisation], departs_in=20), "recruiting")
    with pytest.raises(TransitionRefused, match="for a round being prepared or abroad"):
        draft_c05(recruiting, **{f"round:{recruiting.pk}:budget": "99000.00"})


def test_submit_refuses_an_amendment_that_changes_nothing(exchange_round):
    """Saving refuses it too; here what it asked for became today's values by another path."""
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    type(amendment).objects.filter(pk=amendment.pk).update(proposal=amendment.baseline)
    amendment.refresh_from_db()
    with pytest.raises(TransitionRefused, match="changes nothing"):
        submitted(amendment)


def test_a_partnership_keeps_two_partners(case, other_organisation):
    with pytest.raises(ValidationError, match="at least two partners"):
        draft_b03(case, **{f"partner:{other_organisation.pk}": None})


def test_a_partnership_keeps_a_partner_in_the_south(case, organisation, other_organisation):
    oslo = OrganisationFactory(name="Oslo Health", country="NO")
    changes = {
        f"partner:{other_organisation.pk}": None,
        f"partner:{oslo.pk}": "partner",
    }
    with pytest.raises(ValidationError, match="Norwegian organisations only"):
        draft_b03(case, effective_on=timezone.localdate(), **changes)


def test_the_agreement_does_not_end_before_its_rounds(case):
    first = case.agreement.rounds.get(number=1)
    with pytest.raises(ValidationError, match="Round 1 ends on"):
        draft_b03(case, period_end=iso(first.planned_end - timedelta(days=1)))


def test_the_activity_cap_holds_in_a_c05(exchange_round):
    key = f"round:{exchange_round.pk}"
    with pytest.raises(ValidationError, match="Participant activities"):
        draft_c05(exchange_round, **{f"{key}:line:activities": "30000.00"})


@pytest.mark.parametrize("participants", [0, 51])
def test_a_leg_takes_one_to_fifty_in_the_service(exchange_round, participants):
    (_leg, key), _other = leg_keys(exchange_round)
    with pytest.raises(ValidationError, match="takes from 1 to 50 participants"):
        draft_c05(exchange_round, **{f"{key}:participants": participants})


def test_a_leg_leaves_within_its_round(exchange_round):
    (_leg, key), _other = leg_keys(exchange_round)
    with pytest.raises(ValidationError, match="outside the round"):
        draft_c05(exchange_round, **{f"{key}:departure": iso(exchange_round.planned_start - timedelta(days=1))})


def test_a_leg_keeps_a_place_for_everyone_taking_part(exchange_round):
    (leg, key), _other = leg_keys(exchange_round)
    type(leg).objects.filter(pk=leg.pk).update(participants=2)
    from tests.factories import recruit

    recruit(type(leg).objects.get(pk=leg.pk), full_name="Second Person", email="second@example.org")
    with pytest.raises(ValidationError, match="2 participants take part; plan at least that many"):
        draft_c05(exchange_round, **{f"{key}:participants": 1})


def test_a_joining_partner_from_a_later_date(case):
    newcomer = UserFactory(full_name="Nia Newcomer")
    joining = OrganisationFactory(name="Lilongwe Health Office", country="MW", contacts=[newcomer])
    later = timezone.localdate() + timedelta(days=14)
    approve(submitted(draft_b03(case, effective_on=later, **{f"partner:{joining.pk}": "partner"})))
    partner = Partner.objects.get(partnership=case, organisation=joining)
    assert partner.member_from == later
    from partnerships.models import Partnership

    assert not Partnership.objects.visible_to(newcomer).filter(pk=case.pk).exists()  # not yet
    assert Partner.objects.current(later).filter(pk=partner.pk).exists()


def test_approval_checks_the_change_against_todays_values(exchange_round):
    """The round was shortened by another path after the C05 was submitted: the longer leg no
    longer fits, and approval says so rather than writing it."""
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg)))
    type(exchange_round).objects.filter(pk=exchange_round.pk).update(planned_end=leg.return_date)
    with pytest.raises(TransitionRefused) as refusal:
        approve(amendment)
    assert any("after the round ends" in reason for reason in refusal.value.reasons)
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.SUBMITTED


def test_approval_makes_pages_of_the_old_values_stale(exchange_round):
    """Pages that showed the legs before the change post the case's old revision, and are refused."""
    from partnerships.services.locking import StaleCase, lock_case

    (leg, _key), _other = leg_keys(exchange_round)
    case = exchange_round.partnership
    shown = type(case).objects.get(pk=case.pk).revision
    approve(submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg))))
    with pytest.raises(StaleCase):
        lock_case(case, expected_revision=shown)


def test_a_stale_draft_is_saved_again_before_it_is_submitted(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    type(leg).objects.filter(pk=leg.pk).update(returns_on=leg.return_date + timedelta(days=7))
    with pytest.raises(TransitionRefused, match="save it again"):
        submitted(amendment)


def test_participants_hear_of_their_new_dates(exchange_round):
    from norec.core.models import OutboxMessage
    from tests.factories import ParticipantFactory

    (leg, _key), (other_leg, _other_key) = leg_keys(exchange_round)
    moved, unmoved = Participant.objects.get(leg=leg), Participant.objects.get(leg=other_leg)
    for participant, email in ((moved, "amina.user@example.org"), (unmoved, "other.user@example.org")):
        participant.user = ParticipantFactory(email=email)
        participant.save(update_fields=["user"])
    approve(submitted(draft_c05(exchange_round, **extend_leg(exchange_round, leg))))
    [message] = OutboxMessage.objects.filter(kind="emails/amendment_dates")
    assert message.to_email == "amina.user@example.org"
    assert "Your exchange dates have changed" in message.subject
