"""Applying an approved amendment, in the transaction of the approval: the changed values are
written, and every value of the agreement that moved (the derived ones too: a round's participants
by direction, the agreement's budget) is recorded in its history with the amendment and the date
it takes effect. A failure anywhere undoes the decision with the change."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from amendments.changes import changed_keys
from amendments.models import AgreementChange, Amendment, AmendmentKind
from amendments.snapshot import legs_in, split, whole_agreement
from exchanges.models import BudgetLine, ExchangeLeg, ExchangeMonths, Participant, RoundBudgetLine, months_after
from exchanges.services.checklists import reschedule_open_items
from partnerships.models import DIRECTION_FIELDS, Partner


def apply_amendment(amendment: Amendment, values: dict, *, by) -> list[AgreementChange]:
    """Write `values`: today's values with the amendment's changes laid over them (rebased_proposal),
    so a value it does not change keeps what it is now, whatever it was when it was drafted."""
    agreement = amendment.partnership.agreement
    before = whole_agreement(agreement)
    keys = changed_keys(amendment.baseline, amendment.proposal)
    if amendment.kind == AmendmentKind.B03:
        _apply_b03(amendment, values, keys)
    else:
        _apply_c05(amendment, values, keys)
    after = whole_agreement(agreement)
    return AgreementChange.objects.bulk_create(
        AgreementChange(
            agreement=agreement,
            amendment=amendment,
            key=key,
            before=before.get(key),
            after=after.get(key),
            effective_on=amendment.effective_on,
            recorded_by=by,
        )
        for key in changed_keys(before, after)
    )


# --- B03: the agreement's end, its goals, its partners ---------------------------------------------


def _apply_b03(amendment: Amendment, proposal: dict, keys: list[str]) -> None:
    agreement = amendment.partnership.agreement
    if "period_end" in keys:
        agreement.period_end = date.fromisoformat(proposal["period_end"])
    if "common_goals" in keys:
        agreement.common_goals = proposal["common_goals"]
    agreement.save(update_fields=["period_end", "common_goals"])
    partner_keys = [key for key in keys if key.startswith("partner:")]
    partners = {
        p.organisation_id: p for p in Partner.objects.select_for_update().filter(partnership=amendment.partnership)
    }
    # The coordinating flag leaves one partner before it reaches another (one coordinating partner at most).
    for key in sorted(partner_keys, key=lambda k: proposal.get(k) == "coordinating"):
        organisation_id = int(split(key)[1])
        role = proposal.get(key)
        partner = partners.get(organisation_id)
        if role is None:  # leaves on the day the amendment takes effect
            partner.member_until, partner.is_coordinating = amendment.effective_on, False
            partner.save(update_fields=["member_until", "is_coordinating"])
            continue
        if partner is None:
            partner = Partner(partnership=amendment.partnership, organisation_id=organisation_id)
            partner.member_from = amendment.effective_on
        partner.member_until = None
        partner.is_coordinating = role == "coordinating"
        partner.save()


# --- C05: a round's dates, budget and legs ----------------------------------------------------------


def _apply_c05(amendment: Amendment, proposal: dict, keys: list[str]) -> None:
    exchange_round = amendment.exchange_round
    prefix = f"round:{exchange_round.pk}"
    old_budget = exchange_round.budget
    exchange_round.planned_start = date.fromisoformat(proposal[f"{prefix}:planned_start"])
    exchange_round.planned_end = date.fromisoformat(proposal[f"{prefix}:planned_end"])
    exchange_round.budget = Decimal(proposal[f"{prefix}:budget"])
    for line in BudgetLine.values:
        key = f"{prefix}:line:{line}"
        if key in keys:
            RoundBudgetLine.objects.update_or_create(
                exchange_round=exchange_round, line=line, defaults={"planned": Decimal(proposal[key])}
            )
    legs = {str(leg.pk): leg for leg in exchange_round.legs.select_for_update()}
    proposed = legs_in(proposal)
    moved = []
    for ident, leg in legs.items():
        if ident not in proposed:
            leg.delete()  # validation let only a leg nobody is recorded on go
            continue
        wanted = proposed[ident]
        if any(f"leg:{ident}:{field}" in keys for field in ("home", "host", "participants", "departure", "return")):
            _set_leg(leg, wanted)
            leg.save()
            moved.append(leg)
    for wanted in legs_in(proposal, "new").values():
        leg = ExchangeLeg(exchange_round=exchange_round)
        _set_leg(leg, wanted)
        leg.save()
    _count_participants(exchange_round)
    exchange_round.save()
    agreement = exchange_round.agreement
    agreement.budget_total = agreement.budget_total + exchange_round.budget - old_budget
    agreement.save(update_fields=["budget_total"])
    participants = Participant.objects.filter(leg__in=moved).select_related("leg")
    reschedule_open_items(list(participants))


def _set_leg(leg: ExchangeLeg, wanted: dict) -> None:
    leg.home_organisation_id, leg.host_organisation_id = int(wanted["home"]), int(wanted["host"])
    leg.participants = int(wanted["participants"])
    leg.departure = date.fromisoformat(wanted["departure"])
    back = date.fromisoformat(wanted["return"])
    leg.months = _nearest_months(leg.departure, back)
    leg.returns_on = None if months_after(leg.departure, leg.months) == back else back


def _nearest_months(departure: date, back: date) -> int:
    delta = relativedelta(back, departure)
    length = delta.years * 12 + delta.months
    return min(ExchangeMonths.values, key=lambda months: abs(months - length))


def _count_participants(exchange_round) -> None:
    """A round plans as many participants in each direction as its legs take."""
    totals = dict.fromkeys(DIRECTION_FIELDS, 0)
    for leg in exchange_round.legs.select_related("home_organisation", "host_organisation"):
        if leg.direction is not None:
            totals[leg.direction] += leg.participants
    for direction, field in DIRECTION_FIELDS.items():
        setattr(exchange_round, field, totals[direction])
