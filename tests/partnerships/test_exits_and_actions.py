"""Withdrawal and termination, stale pages, the actions offered to each role, comments and the timeline."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import ConcurrentTransition

from norec.core.audit import action_label, events_for
from partnerships import services
from partnerships.models import Partnership, Phase
from partnerships.permissions import CaseAction, available_actions, refusal_reasons
from partnerships.services import TransitionRefused
from partnerships.services.locking import save_guarded
from tests.partnerships.conftest import reload

# --- Withdraw ---


def test_contact_withdraws_in_the_pre_study(case, contact):
    withdrawn = services.withdraw(case, comment="We could not agree on goals.", by=contact)
    assert withdrawn.phase == Phase.WITHDRAWN
    event = events_for(case).first()
    assert (event.action, event.from_state, event.to_state, event.comment) == (
        "case.withdrawn",
        "pre_study",
        "withdrawn",
        "We could not agree on goals.",
    )


def test_contact_withdraws_a_submitted_application(submitted_application, other_contact):
    assert services.withdraw(submitted_application.partnership, by=other_contact).phase == Phase.WITHDRAWN


def test_withdraw_refused_for_the_adviser(case, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.withdraw(case, by=adviser)
    assert refusal.value.reasons == ["Only the partner contacts of this partnership may do this."]


def test_withdraw_refused_after_approval(agreement, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.withdraw(agreement.partnership, by=contact)
    assert refusal.value.reasons == [
        "The application has been approved; only the programme adviser can end the partnership now."
    ]


def test_withdraw_refused_during_the_exchange(exchange_case, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.withdraw(exchange_case, by=contact)
    assert refusal.value.reasons == ["“Withdraw” is not possible while the case is in the “Exchange” phase."]


# --- Terminate ---


@pytest.mark.parametrize("fixture", ["case", "submitted_application", "exchange_case", "follow_up_case"])
def test_adviser_terminates_an_open_case(request, fixture, adviser):
    subject = request.getfixturevalue(fixture)
    case = reload(getattr(subject, "partnership", subject))
    from_phase = case.phase
    terminated = services.terminate(case, reason="The partners stopped answering.", by=adviser)
    assert terminated.phase == Phase.TERMINATED
    assert reload(case).termination_reason == "The partners stopped answering."
    event = events_for(case).first()
    assert (event.action, event.from_state, event.to_state, event.comment) == (
        "case.terminated",
        from_phase,
        "terminated",
        "The partners stopped answering.",
    )


def test_terminate_needs_a_reason(case, adviser):
    with pytest.raises(ValidationError) as error:
        services.terminate(case, reason=" ", by=adviser)
    assert error.value.messages == ["Give the reason for ending the partnership."]


def test_terminate_refused_for_contacts_and_other_advisers(case, contact, other_adviser):
    for user in (contact, other_adviser):
        with pytest.raises(TransitionRefused) as refusal:
            services.terminate(case, reason="No", by=user)
        assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]


def test_terminate_refused_when_the_case_is_closed(case, contact, adviser):
    withdrawn = services.withdraw(case, by=contact)
    with pytest.raises(TransitionRefused) as refusal:
        services.terminate(withdrawn, reason="Too late", by=adviser)
    assert refusal.value.reasons == [
        "“End the partnership” is not possible while the case is in the “Withdrawn” phase."
    ]


# --- Stale pages and concurrent saves ---


def test_acting_on_a_stale_case_asks_for_a_reload(case, contact, adviser):
    seen_by_adviser = reload(case)
    services.withdraw(case, by=contact)
    with pytest.raises(TransitionRefused) as refusal:
        services.terminate(seen_by_adviser, reason="Ending it", by=adviser)
    assert refusal.value.reasons == [
        "Someone else changed this case while you were working on it (it is now in the “Withdrawn” phase). "
        "Reload the page to see the change, then try again."
    ]


def test_a_stale_save_outside_the_lock_is_refused_not_a_500(case, contact):
    """ConcurrentTransitionMixin guards saves that bypass the services; the services turn it into a refusal."""
    first, second = reload(case), reload(case)
    first.withdraw()
    first.save()
    second.withdraw()
    # Each attempt in its own savepoint, as the services run inside transaction.atomic().
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        second.save()
    with pytest.raises(TransitionRefused, match="Reload the page"), transaction.atomic():
        save_guarded(second)
    assert reload(case).phase == Phase.WITHDRAWN


# --- Actions offered ---


def test_actions_in_the_pre_study(ready_case, adviser, contact, other_adviser, outsider_contact, participant):
    assert available_actions(ready_case, contact) == [
        CaseAction.RECORD_PRE_STUDY,
        CaseAction.START_APPLICATION,
        CaseAction.WITHDRAW,
        CaseAction.COMMENT,
    ]
    assert available_actions(ready_case, adviser) == [
        CaseAction.RECORD_PRE_STUDY,
        CaseAction.START_APPLICATION,
        CaseAction.TERMINATE,
        CaseAction.COMMENT,
    ]
    for outsider in (other_adviser, outsider_contact, participant):
        assert available_actions(ready_case, outsider) == []


def test_start_application_is_not_offered_before_the_pre_study_is_done(case, contact):
    assert CaseAction.START_APPLICATION not in available_actions(case, contact)


def test_actions_on_a_draft_and_a_submitted_application(filled_application, submitted_application, adviser, contact):
    case = reload(submitted_application.partnership)
    assert available_actions(case, contact) == [CaseAction.WITHDRAW, CaseAction.COMMENT]
    assert available_actions(case, adviser) == [
        CaseAction.RETURN_APPLICATION,
        CaseAction.APPROVE_APPLICATION,
        CaseAction.DECLINE_APPLICATION,
        CaseAction.TERMINATE,
        CaseAction.COMMENT,
    ]


def test_actions_while_drafting(filled_application, adviser, contact):
    case = reload(filled_application.partnership)
    assert available_actions(case, contact) == [
        CaseAction.EDIT_APPLICATION,
        CaseAction.SUBMIT_APPLICATION,
        CaseAction.WITHDRAW,
        CaseAction.COMMENT,
    ]
    assert available_actions(case, adviser) == [CaseAction.TERMINATE, CaseAction.COMMENT]


def test_actions_while_signing(agreement, organisation, adviser, contact):
    case = reload(agreement.partnership)
    assert available_actions(case, contact) == [CaseAction.SIGN_AGREEMENT, CaseAction.COMMENT]
    services.sign_agreement(agreement, organisation=organisation, by=contact)
    assert available_actions(reload(case), contact) == [CaseAction.COMMENT]
    assert refusal_reasons(reload(case), CaseAction.SIGN_AGREEMENT, contact) == [
        "Every organisation you may sign for has signed the agreement."
    ]
    assert available_actions(reload(case), adviser) == [
        CaseAction.SIGN_AGREEMENT,  # registering the other partner's signed copy
        CaseAction.TERMINATE,
        CaseAction.COMMENT,
    ]


def test_actions_in_exchange_and_follow_up(exchange_case, adviser, contact):
    assert available_actions(exchange_case, adviser) == [
        CaseAction.TERMINATE,
        CaseAction.COMMENT,
    ]
    assert available_actions(exchange_case, contact) == [CaseAction.COMMENT]


def test_actions_in_follow_up(submitted_report, adviser, contact):
    case = reload(submitted_report.partnership)
    assert available_actions(case, adviser) == [
        CaseAction.RETURN_FINAL_REPORT,
        CaseAction.ACCEPT_FINAL_REPORT,
        CaseAction.TERMINATE,
        CaseAction.COMMENT,
    ]
    assert available_actions(case, contact) == [CaseAction.COMMENT]


# --- Comments and the timeline ---


def test_adviser_and_contacts_comment(case, adviser, contact, outsider_contact):
    event = services.add_comment(case, text="Welcome to the pre-study!", by=adviser)
    assert (event.action, event.subject, event.comment) == ("case.comment", case, "Welcome to the pre-study!")
    services.add_comment(case, text="Thank you.", by=contact)
    with pytest.raises(TransitionRefused):
        services.add_comment(case, text="Hello?", by=outsider_contact)
    with pytest.raises(ValidationError):
        services.add_comment(case, text="", by=adviser)


def test_the_timeline_tells_the_whole_story(submitted_report, adviser):
    case = services.accept_final_report(submitted_report.partnership, by=adviser).partnership
    events = list(reversed(events_for(case)))
    assert [e.action for e in events] == [
        "case.created",
        "prestudy.representative_added",
        "prestudy.representative_added",
        "prestudy.meeting_recorded",
        "prestudy.minutes_uploaded",
        "case.application_started",
        "application.draft_saved",
        "application.submitted",
        "application.approved",
        "agreement.created",
        "agreement.signed",
        "agreement.signed",
        "case.exchange_started",
        "round.exchange_done",
        "round.exchange_done",
        "case.follow_up_started",
        *["round.report_submitted", "round.report_accepted"] * 2,  # round 1: results, accounts
        "round.reported",
        *["round.report_submitted", "round.report_accepted"] * 2,  # round 2
        "round.reported",
        "final_report.submitted",
        "final_report.accepted",
        "case.completed",
        "round.closed",  # completing the case closes its rounds
        "round.closed",
    ]
    assert all(event.actor is not None for event in events)
    assert all(action_label(event.action) != event.action for event in events), "every action has a label"
    transitions = [(e.from_state, e.to_state) for e in events if e.from_state]
    assert transitions == [
        ("pre_study", "application"),
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("application", "exchange"),
        ("planned", "follow_up"),  # each round's own state machine (exchanges)
        ("planned", "follow_up"),
        ("exchange", "follow_up"),
        ("follow_up", "reported"),  # round 1's reports accepted
        ("follow_up", "reported"),
        ("follow_up", "completed"),
        ("reported", "closed"),
        ("reported", "closed"),
    ]
    # One per transition (6) and per saved application draft (1), plus the first.
    assert Partnership.objects.get(pk=case.pk).revision == 8
