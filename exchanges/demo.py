"""The exchanges app's part of the demo: it takes three cases on from the start of the exchange
(partnerships' builder leaves them in demo.shared["cases"]) and runs their rounds through the
services, so the demo has a case in the exchange, one in the follow-up and one completed."""

from django.core.files.uploadedfile import SimpleUploadedFile

from exchanges import services
from exchanges.models import ExchangeRound
from partnerships import services as partnership_services
from partnerships.models import Partnership

# Smallest well-formed PDF: enough for the upload checks, which look at the content.
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _PDF, content_type="application/pdf")


def _fresh(case: Partnership) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


def _mark_done(case: Partnership, *numbers: int, by) -> Partnership:
    rounds = ExchangeRound.objects.filter(agreement__partnership=case).order_by("number")
    for exchange_round in rounds.filter(number__in=numbers) if numbers else rounds:
        services.mark_round_exchange_done(exchange_round, by=by)
    return _fresh(case)


def finish_demo_exchanges(demo) -> None:
    cases = demo.shared.get("cases") or {}
    if not cases:
        return  # the cases were built on an earlier run, and their rounds with them
    adviser = demo.adviser
    organisations, contacts = demo.shared["organisations"], demo.shared["contacts"]

    def contact_of(key):
        return contacts[organisations[key].pk]

    case = _mark_done(cases["Clean water engineers"], 1, by=adviser)
    partnership_services.add_comment(case, text="Round 1 participants are home; round 2 recruiting.", by=adviser)

    case = _mark_done(cases["Mental health in primary care"], by=adviser)
    partnership_services.submit_final_report(
        case,
        text="Three rounds, twelve participants; new triage routine in both hospitals.",
        attachment=_pdf("final-report.pdf"),
        by=contact_of("mulago"),
    )

    case = _mark_done(cases["Community radio"], by=adviser)
    partnership_services.submit_final_report(
        case,
        text="Both stations now run joint programmes.",
        attachment=_pdf("final-report.pdf"),
        by=contact_of("nairobi"),
    )
    partnership_services.accept_final_report(_fresh(case), comment="Thank you for a thorough report.", by=adviser)
