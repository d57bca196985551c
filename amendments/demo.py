"""The amendments app's part of the demo, on "Clean water engineers" (in its exchange): an approved
B03 that added Nairobi Youth Trust a month ago, a rejected C05 and a submitted one for round 2 (a
leg's return two months later), and a B03 on the shared goals returned for revision."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from amendments import services
from amendments.models import Amendment, AmendmentKind
from amendments.selectors import today_with
from exchanges.models import ExchangeRound
from partnerships.models import Partnership


def _draft(case, kind, by, *, exchange_round=None, changes: dict, justification: str, effective_on=None):
    return services.start_amendment(
        case,
        kind=kind,
        exchange_round=exchange_round,
        proposal=today_with(case, kind, changes, exchange_round),
        justification=justification,
        effective_on=effective_on or timezone.localdate(),
        by=by,
    )


def seed_demo_amendments(demo) -> None:
    if Amendment.objects.exists():
        return  # built on an earlier run
    case = Partnership.objects.filter(name="Clean water engineers").first()
    organisations, contacts = demo.shared.get("organisations") or {}, demo.shared.get("contacts") or {}
    if case is None or "nairobi" not in organisations:
        return
    adviser = case.adviser
    coordinator = contacts[case.coordinating_organisation.pk]
    today = timezone.localdate()

    nairobi = organisations["nairobi"]
    joined = _draft(
        case,
        AmendmentKind.B03,
        coordinator,
        changes={f"partner:{nairobi.pk}": "partner"},
        justification="Nairobi Youth Trust runs the water committees our engineers train; it joins to host "
        "engineers in round 3.",
        effective_on=today - timedelta(days=30),
    )
    services.submit_amendment(joined, by=coordinator)
    services.approve_amendment(joined, reason="A good fit: the trust already works with both utilities.", by=adviser)

    round_two = ExchangeRound.objects.get(agreement__partnership=case, number=2)
    prefix = f"round:{round_two.pk}"
    bigger = _draft(
        case,
        AmendmentKind.C05,
        coordinator,
        exchange_round=round_two,
        changes={f"{prefix}:budget": str(round_two.budget * 2)},
        justification="Prices in Kampala have risen; we ask for twice the budget.",
    )
    services.submit_amendment(bigger, by=coordinator)
    services.reject_amendment(
        bigger,
        reason="The programme's budget for the year is set; the allowance follows Norec's rates. Ask about "
        "single lines with receipts.",
        by=adviser,
    )

    leg = round_two.legs.order_by("pk").first()
    back = min(leg.return_date + relativedelta(months=2), round_two.planned_end)
    longer = _draft(
        case,
        AmendmentKind.C05,
        coordinator,
        exchange_round=round_two,
        changes={f"leg:{leg.pk}:return": back.isoformat()},
        justification="The treatment plant's new filters arrive late; the engineers stay two months longer "
        "to commission them.",
    )
    services.submit_amendment(longer, by=coordinator)

    goals = _draft(
        case,
        AmendmentKind.B03,
        coordinator,
        changes={"common_goals": case.agreement.common_goals + "\nSafe water for 20 000 more households."},
        justification="The utilities' new plan sets a target for households.",
    )
    services.submit_amendment(goals, by=coordinator)
    services.return_amendment(goals, reason="Say how the households will be counted, and by whom.", by=adviser)
