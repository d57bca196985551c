"""Everything that changes the legs of a round: add, change or remove a leg, and the adviser's
extra place on one. Each function locks the case first (partnerships' lock order), then reads the
round and the leg afresh under the lock and checks what it finds there (exchanges.permissions),
acts, and records on the case's timeline, in one transaction. From preparing on, legs change only
through a round agreement amendment (C05)."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.event_details import leg_data
from exchanges.events import RoundEvent
from exchanges.models import TAKING_PART, ExchangeLeg, ExchangeRound
from exchanges.permissions import (
    change_leg_refusal_reasons,
    extra_place_refusal_reasons,
    plan_legs_refusal_reasons,
    remove_leg_refusal_reasons,
)
from exchanges.services.checklists import reschedule_open_items
from norec.core.idempotency import claim_submission, record_result
from norec.core.models import User
from partnerships.models import PartnerOrganisation
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case, require, require_text


def lock_round(exchange_round: ExchangeRound, expected_revision: int | None = None) -> ExchangeRound:
    """The case locked (and its revision checked), then the round read afresh under the lock."""
    case = lock_case(exchange_round.agreement.partnership, expected_revision=expected_revision)
    locked = ExchangeRound.objects.select_for_update().select_related("agreement").get(pk=exchange_round.pk)
    locked.agreement.partnership = case
    return locked


def lock_leg(leg: ExchangeLeg, expected_revision: int | None = None) -> ExchangeLeg:
    """The case, the round and the leg, each locked and read afresh, in that order."""
    exchange_round = lock_round(leg.exchange_round, expected_revision)
    locked = (
        ExchangeLeg.objects.select_for_update(of=("self",))
        .select_related("home_organisation", "host_organisation")
        .get(pk=leg.pk, exchange_round=exchange_round)
    )
    locked.exchange_round = exchange_round
    return locked


def _check_partners(exchange_round: ExchangeRound, *organisations: PartnerOrganisation) -> None:
    partner_ids = set(exchange_round.partnership.partners.values_list("organisation_id", flat=True))
    if not {organisation.pk for organisation in organisations} <= partner_ids:
        raise ValidationError(_("Both organisations must be partners in this partnership."))


def add_leg(
    exchange_round: ExchangeRound,
    *,
    home: PartnerOrganisation,
    host: PartnerOrganisation,
    participants: int,
    months: int,
    departure: date | None = None,
    by: User,
    expected_revision: int | None = None,
    submission: UUID | None = None,
) -> ExchangeLeg:
    """A leg of the round: `participants` people from `home` to `host` for `months` months, within
    the round's planned period. The same form sent twice adds one leg (AlreadySubmitted)."""
    with transaction.atomic():
        exchange_round = lock_round(exchange_round, expected_revision)
        require(plan_legs_refusal_reasons(exchange_round, by))
        claim = claim_submission(submission, by=by)
        _check_partners(exchange_round, home, host)
        leg = ExchangeLeg(
            exchange_round=exchange_round,
            home_organisation=home,
            host_organisation=host,
            participants=participants,
            months=months,
            departure=departure or exchange_round.planned_start,
        )
        leg.full_clean()
        leg.save()
        record_result(claim, leg.pk)
        record_case_event(
            exchange_round.partnership,
            action=RoundEvent.LEG_ADDED,
            by=by,
            data={"round": exchange_round.number, "leg": leg.pk, **leg_data(leg)},
        )
    return leg


def change_leg(
    leg: ExchangeLeg,
    *,
    home: PartnerOrganisation,
    host: PartnerOrganisation,
    participants: int,
    months: int,
    departure: date,
    by: User,
    expected_revision: int | None = None,
) -> ExchangeLeg:
    """Change a leg while the round is planned or recruiting. The participants' open items move
    with its dates; its organisations stay once it has participants, and it keeps a place for
    everyone taking part."""
    with transaction.atomic():
        leg = lock_leg(leg, expected_revision)
        organisations_change = (home.pk, host.pk) != (leg.home_organisation_id, leg.host_organisation_id)
        require(change_leg_refusal_reasons(leg, by, organisations_change=organisations_change))
        _check_partners(leg.exchange_round, home, host)
        taking_part = leg.participant_set.filter(status__in=TAKING_PART).count()
        if participants + leg.extra_places < taking_part:
            raise ValidationError(
                {
                    "participants": _(
                        "%(count)s participants take part on this leg: plan at least that many, or withdraw one first."
                    )
                    % {"count": taking_part}
                }
            )
        before = leg_data(leg)
        leg.home_organisation, leg.host_organisation = home, host
        leg.participants, leg.months, leg.departure = participants, months, departure
        leg.returns_on = None  # planned anew: the return follows the length again
        leg.full_clean()
        leg.save()
        moved = reschedule_open_items(list(leg.participant_set.select_related("leg")))
        record_case_event(
            leg.exchange_round.partnership,
            action=RoundEvent.LEG_CHANGED,
            by=by,
            data={
                "round": leg.exchange_round.number,
                "leg": leg.pk,
                "before": before,
                "after": leg_data(leg),
                "moved": moved,
            },
        )
    return leg


def remove_leg(leg: ExchangeLeg, *, by: User, expected_revision: int | None = None) -> ExchangeRound:
    """Remove a leg nobody is recorded on, while the round is planned or recruiting."""
    with transaction.atomic():
        leg = lock_leg(leg, expected_revision)
        require(remove_leg_refusal_reasons(leg, by))
        exchange_round = leg.exchange_round
        record_case_event(
            exchange_round.partnership,
            action=RoundEvent.LEG_REMOVED,
            by=by,
            data={"round": exchange_round.number, **leg_data(leg)},
        )
        leg.delete()
    return exchange_round


def accept_extra_place(leg: ExchangeLeg, *, reason: str, by: User, expected_revision: int | None = None) -> ExchangeLeg:
    """The case's adviser accepts one participant more on the leg than planned, with the reason on
    record; its home organisation may then recruit them."""
    reason = require_text(reason, _("Say why the leg may take one more participant."))
    with transaction.atomic():
        leg = lock_leg(leg, expected_revision)
        require(extra_place_refusal_reasons(leg, by))
        leg.extra_places += 1
        leg.save(update_fields=["extra_places"])
        record_case_event(
            leg.exchange_round.partnership,
            action=RoundEvent.EXTRA_PLACE_ACCEPTED,
            by=by,
            comment=reason,
            data={
                "round": leg.exchange_round.number,
                "leg": str(leg),
                "leg_id": leg.pk,
                "places": leg.places,
                "planned": leg.participants,
            },
        )
    return leg
