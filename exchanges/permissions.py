"""Who may see or do what to exchange rounds. The one place that decides, reading the rounds'
@transition declarations (permission= and conditions=) as partnerships.permissions does for cases."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from exchanges.models import (
    TAKING_PART,
    ExchangeRound,
    Participant,
    ParticipantStatus,
    ReportKind,
    ReportStatus,
    Responsible,
    RoundReport,
    RoundState,
    case_in_exchange_phase,
    round_agreement_gaps,
)
from exchanges.selectors import with_recruited_counts
from norec.core import fsm
from partnerships.permissions import get_case_for_user

# While these hold, the partners plan the legs (and the budget) and recruit participants. From
# preparing on, a leg, its dates or the budget change only through a round agreement amendment (C05).
PLANNING_STATES = (RoundState.PLANNED, RoundState.RECRUITING)
# While preparing, a leg short of its planned number (someone withdrew) recruits a replacement.
REPLACEMENT_STATES = (RoundState.PREPARING,)


def get_round_for_user(user, case_pk: int, number: int) -> ExchangeRound:
    """The round if the user may see its case; 404 for 'does not exist' and 'not yours' alike."""
    case = get_case_for_user(user, case_pk)
    exchange_round = get_object_or_404(
        with_recruited_counts(ExchangeRound.objects.select_related("agreement", "agreement_approved_by")),
        agreement__partnership=case,
        number=number,
    )
    exchange_round.agreement.partnership = case  # the checks read the case we already hold
    return exchange_round


def wrong_state(exchange_round: ExchangeRound, action_label) -> str:
    """The refusal of a step that is not possible in the round's state."""
    if exchange_round.state == RoundState.CANCELLED:  # with its partnership: say that
        return str(case_in_exchange_phase.reasons(exchange_round)[0])
    if exchange_round.is_done and str(action_label) == fsm.transition_label(exchange_round, "finish_exchange"):
        return str(_("The exchange of round %(number)s is already marked done.") % {"number": exchange_round.number})
    return str(
        _("“%(action)s” is not possible while round %(number)s is “%(state)s”.")
        % {"action": action_label, "number": exchange_round.number, "state": exchange_round.get_state_display()}
    )


def transition_refusal_reasons(exchange_round: ExchangeRound, transition_name: str, user) -> list[str]:
    """Why `user` may not take the round's transition `transition_name` now ([] = allowed)."""
    return fsm.transition_refusal_reasons(exchange_round, transition_name, user, wrong_state=wrong_state)


def mark_done_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    """Why `user` may not mark the round's exchange done now ([] = allowed)."""
    return transition_refusal_reasons(exchange_round, "finish_exchange", user)


def may_mark_done(exchange_round: ExchangeRound, user) -> bool:
    return not mark_done_refusal_reasons(exchange_round, user)


# --- Legs, participants and checklists ---------------------------------------------------------


def _contact_of(case, user, organisation_id: int) -> bool:
    return organisation_id in case.contact_organisation_ids(user)


def amendment_note(exchange_round: ExchangeRound) -> str:
    """What the round page says instead of offering the legs' and budget's forms once recruiting is
    over ("" while they can still change)."""
    if exchange_round.state in (*PLANNING_STATES, RoundState.CANCELLED) or exchange_round.is_done:
        return ""
    return str(
        _(
            "Round %(number)s is “%(state)s”: its legs, dates and budget now change only through a round "
            "agreement amendment (C05)."
        )
        % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
    )


def plan_legs_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    """Why `user` may not add, change or remove the round's legs now ([] = allowed): the case's
    adviser and partner contacts plan who goes where until recruiting is over."""
    case = exchange_round.partnership
    if not (case.has_adviser(user) or case.has_contact(user)):
        return [str(_("Only the partnership's adviser and partner contacts plan its legs."))]
    if exchange_round.state == RoundState.CANCELLED:
        return case_in_exchange_phase.reasons(exchange_round)
    if exchange_round.state not in PLANNING_STATES:
        return [
            amendment_note(exchange_round)
            or str(
                _("Legs are planned before the exchange; round %(number)s is “%(state)s”.")
                % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
            )
        ]
    return case_in_exchange_phase.reasons(exchange_round)


def may_plan_legs(exchange_round: ExchangeRound, user) -> bool:
    return not plan_legs_refusal_reasons(exchange_round, user)


def change_leg_refusal_reasons(leg, user, *, organisations_change: bool = False) -> list[str]:
    """Why `user` may not change the leg now; its organisations stay once it has participants."""
    reasons = plan_legs_refusal_reasons(leg.exchange_round, user)
    if not reasons and organisations_change and leg.participant_set.exists():
        reasons.append(
            str(
                _("%(leg)s has participants, recruited by %(organisation)s: its organisations stay as they are.")
                % {"leg": str(leg), "organisation": leg.home_organisation.name}
            )
        )
    return reasons


def remove_leg_refusal_reasons(leg, user) -> list[str]:
    """Why `user` may not remove the leg: a leg is removed while it is planned and has nobody on it."""
    reasons = plan_legs_refusal_reasons(leg.exchange_round, user)
    if not reasons and leg.participant_set.exists():
        reasons.append(
            str(
                _(
                    "%(leg)s cannot be removed: participants are recorded on it. Change its number of "
                    "participants instead, or withdraw them."
                )
                % {"leg": str(leg)}
            )
        )
    return reasons


def extra_place_refusal_reasons(leg, user) -> list[str]:
    """The case's adviser may accept one more participant on a leg than planned, while recruiting."""
    exchange_round = leg.exchange_round
    if exchange_round.state not in PLANNING_STATES:
        return [amendment_note(exchange_round) or wrong_state(exchange_round, _("Accept an extra place"))]
    if not exchange_round.partnership.has_adviser(user):
        return [str(_("Only the partnership's programme adviser may do this."))]
    return case_in_exchange_phase.reasons(exchange_round)


def recruit_refusal_reasons(leg, user) -> list[str]:
    """Why `user` may not recruit a participant for `leg` now ([] = allowed): its home
    organisation's contacts recruit while the round is planned or recruiting, up to the leg's
    places; while preparing, only in place of someone who withdrew."""
    exchange_round = leg.exchange_round
    case = exchange_round.partnership
    if not _contact_of(case, user, leg.home_organisation_id):
        return [
            str(
                _("Only the partner contacts of %(organisation)s recruit its participants.")
                % {"organisation": leg.home_organisation.name}
            )
        ]
    taken = leg.active_count()
    if exchange_round.state in REPLACEMENT_STATES and taken < leg.participants:
        return case_in_exchange_phase.reasons(exchange_round)
    if exchange_round.state in REPLACEMENT_STATES:
        return [
            str(
                _(
                    "Every place on %(leg)s is taken: while round %(number)s is prepared, a participant is "
                    "recruited only in place of one who withdrew."
                )
                % {"leg": str(leg), "number": exchange_round.number}
            )
        ]
    if exchange_round.state == RoundState.CANCELLED:
        return case_in_exchange_phase.reasons(exchange_round)
    if exchange_round.state not in PLANNING_STATES:
        return [
            str(
                _("Participants are recruited before the exchange; round %(number)s is “%(state)s”.")
                % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
            )
        ]
    if taken >= leg.places:
        return [
            str(
                _(
                    "Every place on %(leg)s is taken (%(places)s): the programme adviser may accept an extra "
                    "place, with a reason."
                )
                % {"leg": str(leg), "places": leg.places}
            )
        ]
    return case_in_exchange_phase.reasons(exchange_round)


def may_edit_participant(participant, user) -> bool:
    """The sending organisation's contacts keep their participant's data (the host's may not)."""
    return _contact_of(participant.partnership, user, participant.leg.home_organisation_id)


def may_invite(participant, user) -> bool:
    """The sending organisation invites its participant (taking part, or home with their follow-up
    to do) until they have set a password."""
    has_password = participant.user is not None and participant.user.has_usable_password()
    return may_edit_participant(participant, user) and participant.status in TAKING_PART and not has_password


def participant_wrong_state(participant, action_label) -> str:
    return str(
        _("“%(action)s” is not possible: %(name)s is “%(status)s”.")
        % {"action": action_label, "name": participant.full_name, "status": participant.get_status_display()}
    )


def end_participation_refusal_reasons(participant, transition_name: str, user) -> list[str]:
    """Why `user` may not withdraw the participant ("withdraw") or record their early return
    ("return_early") now ([] = allowed): the sending organisation or the case's adviser, when the
    step can apply (the transitions' conditions: before the return; abroad now)."""
    if fsm.declared_transition(participant, transition_name) is None:
        return [participant_wrong_state(participant, fsm.transition_label(participant, transition_name))]
    if not (may_edit_participant(participant, user) or participant.partnership.has_adviser(user)):
        return [
            str(
                _("Only the adviser and the partner contacts of %(organisation)s may do this.")
                % {"organisation": participant.leg.home_organisation.name}
            )
        ]
    return fsm.transition_refusal_reasons(participant, transition_name, user, wrong_state=participant_wrong_state)


def may_withdraw(participant, user) -> bool:
    return not end_participation_refusal_reasons(participant, "withdraw", user)


def may_return_early(participant, user) -> bool:
    return not end_participation_refusal_reasons(participant, "return_early", user)


def may_accept_age(participant, user) -> bool:
    return participant.partnership.has_adviser(user) and participant.needs_age_acceptance


def item_refusal_reasons(item, user) -> list[str]:
    """Why `user` may not complete (or reopen) the checklist item ([] = allowed): the party the
    item names does it: the sending or the host organisation's contacts, or the participant."""
    participant = item.participant
    if participant.status not in TAKING_PART:  # home from an exchange done: the follow-up is still theirs
        return [str(_("%(name)s no longer takes part in the exchange.") % {"name": participant.full_name})]
    case = participant.partnership
    allowed = {
        Responsible.SENDING: lambda: _contact_of(case, user, participant.leg.home_organisation_id),
        Responsible.HOST: lambda: _contact_of(case, user, participant.leg.host_organisation_id),
        Responsible.PARTICIPANT: lambda: participant.user_id is not None and participant.user_id == user.pk,
    }[item.responsible]()
    if not allowed:
        return [str(_("This item is for the %(party)s.") % {"party": item.get_responsible_display().lower()})]
    return []


def may_complete_item(item, user) -> bool:
    return not item_refusal_reasons(item, user)


def get_participant_for_user(user, pk: int):
    """The participant if `user` may see them: the case's people, or the participant themself; 404 otherwise."""
    participant = get_object_or_404(
        Participant.objects.select_related(
            "leg__home_organisation",
            "leg__host_organisation",
            "leg__exchange_round__agreement__partnership",
            "user",
            "follow_up_plan_by",
        ),
        pk=pk,
    )
    if participant.user_id is not None and participant.user_id == user.pk:
        return participant
    case = get_case_for_user(user, participant.partnership.pk)  # 404 when the case is not theirs
    participant.leg.exchange_round.agreement.partnership = case
    return participant


def may_see_caseload_participants(user) -> bool:
    """An adviser's overview of the participants in the cases they advise."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


# --- Round reports -----------------------------------------------------------------------------


def get_report_for_user(user, pk: int) -> RoundReport:
    """The report if the user may see its case; 404 for 'does not exist' and 'not yours' alike."""
    report = get_object_or_404(RoundReport.objects.select_related("exchange_round__agreement"), pk=pk)
    case = get_case_for_user(user, report.exchange_round.agreement.partnership_id)
    report.exchange_round.agreement.partnership = case
    return report


def submit_report_refusal_reasons(exchange_round: ExchangeRound, kind: str, user) -> list[str]:
    """Why `user` may not submit the round's report of `kind` now ([] = allowed)."""
    # As for transitions: the state first, then the role, then what is already there.
    if exchange_round.state != RoundState.FOLLOW_UP:
        return [
            str(
                _("Round %(number)s is reported in its follow-up; it is “%(state)s”.")
                % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
            )
        ]
    if not exchange_round.partnership.has_contact(user):
        return [str(_("The partner contacts of the partnership submit its round reports."))]
    open_statuses = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    if any(r.kind == kind and r.status in open_statuses for r in exchange_round.reports.all()):
        return [
            str(
                _("The %(report)s of round %(number)s is already submitted.")
                % {"report": ReportKind(kind).label, "number": exchange_round.number}
            )
        ]
    return []


def report_wrong_state(report: RoundReport, action_label) -> str:
    return str(
        _("“%(action)s” is not possible: the report is “%(status)s”.")
        % {"action": action_label, "status": report.get_status_display()}
    )


def decide_report_refusal_reasons(report: RoundReport, transition_name: str, user) -> list[str]:
    """Why `user` may not accept (transition "accept") or return the report now ([] = allowed)."""
    return fsm.transition_refusal_reasons(report, transition_name, user, wrong_state=report_wrong_state)


def close_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    return transition_refusal_reasons(exchange_round, "close", user)


def budget_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    """The round's budget (C02) is set by the case's people while the round is being planned."""
    case = exchange_round.partnership
    if not (case.has_adviser(user) or case.has_contact(user)):
        return [str(_("Only the partnership's adviser and partner contacts may set the round's budget."))]
    if exchange_round.state not in BUDGET_STATES:
        return [
            str(
                _("The budget of round %(number)s is set before its participants are prepared; it is “%(state)s”.")
                % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
            )
        ]
    return case_in_exchange_phase.reasons(exchange_round)


# The round agreement's budget changes while the legs do (after that: a C05 amendment).
BUDGET_STATES = PLANNING_STATES


def follow_up_plan_refusal_reasons(participant: Participant, user) -> list[str]:
    """The sending organisation's contacts draft the plan for their participant's return; not for
    someone withdrawn before leaving."""
    if participant.status == ParticipantStatus.WITHDRAWN:
        return [str(_("%(name)s was withdrawn: there is no return to plan for.") % {"name": participant.full_name})]
    if not may_edit_participant(participant, user):
        return [str(_("The sending organisation's partner contacts draft the follow-up plan."))]
    return []


def approve_agreement_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    """Why `user` may not approve the round agreement now ([] = allowed): the case's adviser
    approves a complete agreement (both C01 texts, a budget within the activity cap) while it can
    still change."""
    if exchange_round.state not in BUDGET_STATES:
        return [
            str(
                _("The round agreement of round %(number)s is approved before its participants are prepared.")
                % {"number": exchange_round.number}
            )
        ]
    if not exchange_round.partnership.has_adviser(user):
        return [str(_("Only the partnership's programme adviser may do this."))]
    if exchange_round.agreement_approved_at is not None:
        return [str(_("The round agreement of round %(number)s is approved.") % {"number": exchange_round.number})]
    return case_in_exchange_phase.reasons(exchange_round) or round_agreement_gaps(exchange_round)
