"""The exchanges app's part of the demo: it takes three cases on from the start of the exchange
(partnerships' builder leaves them in demo.shared["cases"]) and runs their rounds through the
services, so the demo has a case in the exchange, one in the follow-up and one completed."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from exchanges import services
from exchanges.demo_rounds import run_rounds
from exchanges.models import ExchangeRound, ReportKind
from norec.core.demo import demo_pdf_upload
from partnerships import services as partnership_services
from partnerships.models import Partnership


def _pdf(name: str) -> SimpleUploadedFile:
    return demo_pdf_upload(name)  # a page saying what it is: viewers open it


def _fresh(case: Partnership) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


def _run(case: Partnership, *numbers: int, demo) -> Partnership:
    """The case's rounds (those numbered, or all) run to their exchange done (demo_rounds)."""
    run_rounds(case, *numbers, adviser=demo.adviser, contacts=demo.shared["contacts"], budget=DEMO_BUDGET)
    return _fresh(case)


# A round's budget (C02) and what was spent (C04), in NOK: activities within 10 % of the
# participant-related costs.
DEMO_BUDGET = {
    "housing": Decimal("240000"),
    "insurance": Decimal("36000"),
    "allowance": Decimal("300000"),
    "travel": Decimal("90000"),
    "activities": Decimal("40000"),
    "start_up": Decimal("24000"),
    "partner_meeting": Decimal("30000"),
    "administration": Decimal("20000"),
}
DEMO_SPENT = {
    **DEMO_BUDGET,
    "housing": Decimal("252500"),
    "travel": Decimal("81250.50"),
    "activities": Decimal("35000"),
}


def report_rounds(case: Partnership, *, contact, adviser, accept_financial: bool = True) -> Partnership:
    """Each finished round's results and financial reports, submitted by `contact` and accepted
    by `adviser` (the financial one left waiting when `accept_financial` is False)."""
    for exchange_round in ExchangeRound.objects.filter(agreement__partnership=case).order_by("number"):
        results = services.submit_round_report(
            exchange_round, kind=ReportKind.RESULTS, text=f"{exchange_round}: what the participants did.", by=contact
        )
        services.accept_round_report(results, comment="Clear and well documented.", by=adviser)
        financial = services.submit_round_report(
            exchange_round,
            kind=ReportKind.FINANCIAL,
            text="Housing cost more than planned; travel less.",
            actuals=DEMO_SPENT,
            attachment=_pdf("accounts.pdf"),
            by=contact,
        )
        if accept_financial:
            services.accept_round_report(financial, by=adviser)
    return _fresh(case)


def finish_demo_exchanges(demo) -> None:
    cases = demo.shared.get("cases") or {}
    if not cases:
        return  # the cases were built on an earlier run, and their rounds with them
    adviser = demo.adviser
    organisations, contacts = demo.shared["organisations"], demo.shared["contacts"]

    def contact_of(key):
        return contacts[organisations[key].pk]

    case = _run(cases["Clean water engineers"], 1, demo=demo)
    rounds = ExchangeRound.objects.filter(agreement__partnership=case).order_by("number")
    services.submit_round_report(  # waiting for the adviser
        rounds[0],
        kind=ReportKind.RESULTS,
        text="Four engineers exchanged; a shared maintenance plan.",
        by=contact_of("lusaka"),
    )
    services.set_round_agreement(
        rounds.get(number=3),
        activities="Engineers work in each other's maintenance teams and run two joint field surveys.",
        contribution="Shared maintenance routines: the first expected result of the partnership.",
        planned=DEMO_BUDGET,
        by=contact_of("lusaka"),
    )
    services.approve_round_agreement(rounds.get(number=3), by=adviser)
    partnership_services.add_comment(
        case, text="Round 1 participants are home; round 2 is abroad, round 3 recruiting.", by=adviser
    )

    case = _run(cases["Mental health in primary care"], demo=demo)
    case = report_rounds(case, contact=contact_of("mulago"), adviser=adviser)
    partnership_services.submit_final_report(
        case,
        text="Three rounds, six participants; new triage routine in both hospitals.",
        attachment=_pdf("final-report.pdf"),
        by=contact_of("mulago"),
    )

    case = _run(cases["Community radio"], demo=demo)
    case = report_rounds(case, contact=contact_of("nairobi"), adviser=adviser)
    partnership_services.submit_final_report(
        case,
        text="Both stations now run joint programmes.",
        attachment=_pdf("final-report.pdf"),
        by=contact_of("nairobi"),
    )
    partnership_services.accept_final_report(_fresh(case), comment="Thank you for a thorough report.", by=adviser)
