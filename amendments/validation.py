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


class Problem(str):
    """One sentence of what cannot be agreed, and the snapshot key (or form field) it is about, so
    a form can say it beside that field (`key`: "period_end", "leg:12:return", "new:1:home" …)."""

    key: str | None

    def __new__(cls, text, key: str | None = None):
        problem = super().__new__(cls, str(text))
        problem.key = key
        return problem


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
            Problem(
                _("The agreement ends after it starts (%(start)s).")
                % {"start": day(agreement.period_start.isoformat())},
                "period_end",
            )
        )
    for number, planned_end in agreement.rounds.exclude(state="cancelled").values_list("number", "planned_end"):
        if planned_end > period_end:
            errors.append(
                Problem(
                    _(
                        "Round %(number)s ends on %(end)s, after %(date)s: change the round first (C05), "
                        "or end the agreement later."
                    )
                    % {"number": number, "end": day(planned_end.isoformat()), "date": day(proposal["period_end"])},
                    "period_end",
                )
            )
    if not agreement.period_start <= amendment.effective_on <= period_end:
        errors.append(
            Problem(
                _("The amendment must take effect within the agreement's period, %(start)s – %(end)s.")  # noqa: RUF001
                % {"start": day(agreement.period_start.isoformat()), "end": day(proposal["period_end"])},
                "effective_on",
            )
        )
    partners = _partners(proposal)
    coordinating = [ident for ident, role in partners.items() if role == "coordinating"]
    if len(coordinating) != 1:
        errors.append(
            Problem(
                _("Name one coordinating partner: the coordinating partner cannot leave without naming a new one."),
                "coordinating",
            )
        )
    if len(partners) < 2:
        errors.append(Problem(_("A partnership has at least two partners."), "leaving"))
    elif direction_of(PartnerOrganisation.objects.filter(pk__in=partners)) is None:
        errors.append(
            Problem(
                _("An exchange between Norwegian organisations only is not funded: keep a partner in the south."),
                "leaving",
            )
        )
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
                Problem(
                    _(
                        "Round %(number)s, %(leg)s: participants take part on this leg; its partners can leave once "
                        "they are back or have withdrawn."
                    )
                    % {"number": leg.exchange_round.number, "leg": str(leg)},
                    "leaving",
                )
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
        errors.append(Problem(_("The round ends after it starts."), f"{prefix}:planned_end"))
    if end > agreement.period_end or start < agreement.period_start:
        errors.append(
            Problem(
                _(
                    "The round must lie within the collaboration agreement's period, %(start)s – %(end)s "  # noqa: RUF001
                    "(the agreement's end changes by a B03)."
                )
                % {"start": day(agreement.period_start.isoformat()), "end": day(agreement.period_end.isoformat())},
                f"{prefix}:planned_end",
            )
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
                errors.append(
                    Problem(
                        _("%(leg)s cannot be removed: participants are recorded on it.") % {"leg": name},
                        f"leg:{ident}:action",
                    )
                )
            continue
        after = proposed[ident]
        if leg.recorded and (after["home"], after["host"]) != (leg.home_organisation_id, leg.host_organisation_id):
            errors.append(
                Problem(
                    _("%(leg)s has participants: its organisations stay as they are (add a leg the other way instead).")
                    % {"leg": name},
                    f"leg:{ident}:action",
                )
            )
        if int(after["participants"]) + leg.extra_places < leg.taking_part:
            errors.append(
                Problem(
                    _("%(leg)s: %(count)s participants take part; plan at least that many.")
                    % {"leg": name, "count": leg.taking_part},
                    f"leg:{ident}:participants",
                )
            )
    for kind, legs in (("leg", proposed), ("new", legs_in(proposal, "new"))):
        for ident, after in legs.items():
            errors.extend(_leg_errors(after, organisations, names, key=f"{kind}:{ident}", start=start, end=end))
    lines = {
        split(key)[2].removeprefix("line:"): Decimal(value)
        for key, value in proposal.items()
        if key.startswith(f"{prefix}:line:")
    }
    errors.extend(Problem(reason, f"{prefix}:line:activities") for reason in activity_cap_reasons(lines))
    budget = Decimal(proposal[f"{prefix}:budget"])
    errors.extend(
        Problem(reason, f"{prefix}:budget")
        for reason in round_budget_reasons(lines, budget=budget, number=exchange_round.number)
    )
    return errors


def _leg_errors(leg: dict, organisations: dict, names: Names, *, key: str, start: date, end: date) -> list[str]:
    name = leg_name(leg, names)
    home, host = organisations.get(int(leg["home"] or 0)), organisations.get(int(leg["host"] or 0))
    if home is None or host is None:
        return [
            Problem(
                _("%(leg)s: both organisations must be partners in this partnership.") % {"leg": name}, f"{key}:action"
            )
        ]
    errors = []
    if home.pk == host.pk:
        errors.append(
            Problem(
                _("%(leg)s: the host organisation must be another partner than the home one.") % {"leg": name},
                f"{key}:action",
            )
        )
    elif direction_between(home, host) is None:
        errors.append(
            Problem(
                _("%(leg)s: an exchange between two Norwegian organisations is not funded.") % {"leg": name},
                f"{key}:action",
            )
        )
    if not 1 <= int(leg["participants"]) <= MAX_PARTICIPANTS_PER_LEG:
        errors.append(
            Problem(
                _("%(leg)s takes from 1 to %(max)s participants.") % {"leg": name, "max": MAX_PARTICIPANTS_PER_LEG},
                f"{key}:participants",
            )
        )
    departure, back = date.fromisoformat(leg["departure"]), date.fromisoformat(leg["return"])
    if not start <= departure <= end:
        errors.append(
            Problem(
                _("%(leg)s leaves on %(date)s, outside the round (%(start)s – %(end)s).")  # noqa: RUF001
                % {
                    "leg": name,
                    "date": day(leg["departure"]),
                    "start": day(start.isoformat()),
                    "end": day(end.isoformat()),
                },
                f"{key}:departure",
            )
        )
    if back <= departure:
        errors.append(
            Problem(
                _("%(leg)s must return after it leaves (it leaves on %(departure)s, returns on %(return)s).")
                % {"leg": name, "departure": day(leg["departure"]), "return": day(leg["return"])},
                f"{key}:return",
            )
        )
    elif back > end:
        errors.append(
            Problem(
                _("%(leg)s returns on %(date)s, after the round ends (%(end)s): end the round later too.")
                % {"leg": name, "date": day(leg["return"]), "end": day(end.isoformat())},
                f"{key}:return",
            )
        )
    return errors
