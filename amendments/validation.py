"""Whether what an amendment asks for can be agreed: checked when a draft is saved and again,
against the values of that moment, when it is approved. Each problem is a sentence."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from amendments.changes import Names, day, leg_name
from amendments.models import AmendmentKind
from amendments.snapshot import legs_in, split
from exchanges.models import (
    TAKING_PART,
    UNFINISHED_STATES,
    ExchangeLeg,
    activity_cap_reasons,
    direction_between,
    round_budget_reasons,
)
from partnerships.models import PartnerOrganisation, direction_of

MAX_PARTICIPANTS_PER_LEG = 50


def proposal_errors(amendment, proposal: dict) -> list[str]:
    if amendment.kind == AmendmentKind.B03:
        return b03_errors(amendment, proposal)
    return c05_errors(amendment, proposal)


def _partners(proposal: dict) -> dict[int, str]:
    return {int(split(key)[1]): value for key, value in proposal.items() if key.startswith("partner:")}


def b03_errors(amendment, proposal: dict) -> list[str]:
    agreement = amendment.partnership.agreement
    errors = []
    period_end = date.fromisoformat(proposal["period_end"])
    if period_end <= agreement.period_start:
        errors.append(
            _("The agreement ends after it starts (%(start)s).") % {"start": day(agreement.period_start.isoformat())}
        )
    for number, planned_end in agreement.rounds.exclude(state="cancelled").values_list("number", "planned_end"):
        if planned_end > period_end:
            errors.append(
                _(
                    "Round %(number)s ends on %(end)s, after %(date)s: change the round first (C05), "
                    "or end the agreement later."
                )
                % {"number": number, "end": day(planned_end.isoformat()), "date": day(proposal["period_end"])}
            )
    if not agreement.period_start <= amendment.effective_on <= period_end:
        errors.append(
            _("The amendment must take effect within the agreement's period, %(start)s – %(end)s.")  # noqa: RUF001
            % {"start": day(agreement.period_start.isoformat()), "end": day(proposal["period_end"])}
        )
    partners = _partners(proposal)
    coordinating = [ident for ident, role in partners.items() if role == "coordinating"]
    if len(coordinating) != 1:
        errors.append(
            _("Name one coordinating partner: the coordinating partner cannot leave without naming a new one.")
        )
    if len(partners) < 2:
        errors.append(_("A partnership has at least two partners."))
    elif direction_of(PartnerOrganisation.objects.filter(pk__in=partners)) is None:
        errors.append(_("An exchange between Norwegian organisations only is not funded: keep a partner in the south."))
    leaving = [int(split(key)[1]) for key in amendment.baseline if key.startswith("partner:") and key not in proposal]
    if leaving:
        busy = (
            ExchangeLeg.objects.filter(
                Q(home_organisation__in=leaving) | Q(host_organisation__in=leaving),
                exchange_round__agreement=agreement,
                exchange_round__state__in=UNFINISHED_STATES,
            )
            .annotate(taking_part=Count("participant_set", filter=Q(participant_set__status__in=TAKING_PART)))
            .filter(taking_part__gt=0)
            .select_related("home_organisation", "host_organisation", "exchange_round")
        )
        for leg in busy:
            errors.append(
                _(
                    "Round %(number)s, %(leg)s: participants take part on this leg; its partners can leave once "
                    "they are back or have withdrawn."
                )
                % {"number": leg.exchange_round.number, "leg": str(leg)}
            )
    return errors


def c05_errors(amendment, proposal: dict) -> list[str]:
    exchange_round = amendment.exchange_round
    prefix = f"round:{exchange_round.pk}"
    start = date.fromisoformat(proposal[f"{prefix}:planned_start"])
    end = date.fromisoformat(proposal[f"{prefix}:planned_end"])
    agreement = exchange_round.agreement
    errors = []
    if start >= end:
        errors.append(_("The round ends after it starts."))
    if end > agreement.period_end or start < agreement.period_start:
        errors.append(
            _(
                "The round must lie within the collaboration agreement's period, %(start)s – %(end)s "  # noqa: RUF001
                "(the agreement's end changes by a B03)."
            )
            % {"start": day(agreement.period_start.isoformat()), "end": day(agreement.period_end.isoformat())}
        )
    partner_ids = set(
        exchange_round.partnership.partners.filter(member_until__isnull=True).values_list("organisation_id", flat=True)
    )
    organisations = {o.pk: o for o in PartnerOrganisation.objects.filter(pk__in=partner_ids)}
    names = Names.for_values(amendment.baseline, proposal)
    existing = {
        str(leg.pk): leg
        for leg in exchange_round.legs.annotate(
            taking_part=Count("participant_set", filter=Q(participant_set__status__in=TAKING_PART)),
            recorded=Count("participant_set"),
        )
    }
    proposed = legs_in(proposal)
    for ident, leg in existing.items():
        name = leg_name(
            legs_in(amendment.baseline).get(
                ident, {"home": leg.home_organisation_id, "host": leg.host_organisation_id}
            ),
            names,
        )
        if ident not in proposed:
            if leg.recorded:
                errors.append(_("%(leg)s cannot be removed: participants are recorded on it.") % {"leg": name})
            continue
        after = proposed[ident]
        if leg.recorded and (after["home"], after["host"]) != (leg.home_organisation_id, leg.host_organisation_id):
            errors.append(
                _("%(leg)s has participants: its organisations stay as they are (add a leg the other way instead).")
                % {"leg": name}
            )
        if int(after["participants"]) + leg.extra_places < leg.taking_part:
            errors.append(
                _("%(leg)s: %(count)s participants take part; plan at least that many.")
                % {"leg": name, "count": leg.taking_part}
            )
    for after in [*proposed.values(), *legs_in(proposal, "new").values()]:
        errors.extend(_leg_errors(after, organisations, names, start=start, end=end))
    lines = {
        split(key)[2].removeprefix("line:"): Decimal(value)
        for key, value in proposal.items()
        if key.startswith(f"{prefix}:line:")
    }
    errors.extend(activity_cap_reasons(lines))
    errors.extend(
        round_budget_reasons(lines, budget=Decimal(proposal[f"{prefix}:budget"]), number=exchange_round.number)
    )
    return errors


def _leg_errors(leg: dict, organisations: dict, names: Names, *, start: date, end: date) -> list[str]:
    name = leg_name(leg, names)
    home, host = organisations.get(int(leg["home"] or 0)), organisations.get(int(leg["host"] or 0))
    if home is None or host is None:
        return [_("%(leg)s: both organisations must be partners in this partnership.") % {"leg": name}]
    errors = []
    if home.pk == host.pk:
        errors.append(_("%(leg)s: the host organisation must be another partner than the home one.") % {"leg": name})
    elif direction_between(home, host) is None:
        errors.append(_("%(leg)s: an exchange between two Norwegian organisations is not funded.") % {"leg": name})
    if not 1 <= int(leg["participants"]) <= MAX_PARTICIPANTS_PER_LEG:
        errors.append(
            _("%(leg)s takes from 1 to %(max)s participants.") % {"leg": name, "max": MAX_PARTICIPANTS_PER_LEG}
        )
    departure, back = date.fromisoformat(leg["departure"]), date.fromisoformat(leg["return"])
    if not start <= departure <= end:
        errors.append(
            _("%(leg)s leaves on %(date)s, outside the round (%(start)s – %(end)s).")  # noqa: RUF001
            % {"leg": name, "date": day(leg["departure"]), "start": day(start.isoformat()), "end": day(end.isoformat())}
        )
    if back <= departure:
        errors.append(
            _("%(leg)s must return after it leaves (it leaves on %(departure)s, returns on %(return)s).")
            % {"leg": name, "departure": day(leg["departure"]), "return": day(leg["return"])}
        )
    elif back > end:
        errors.append(
            _("%(leg)s returns on %(date)s, after the round ends (%(end)s): end the round later too.")
            % {"leg": name, "date": day(leg["return"]), "end": day(end.isoformat())}
        )
    return errors
