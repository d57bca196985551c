"""Documents made from a case: the collaboration agreement as PDF.

The context is built here, apart from rendering, so it can be tested without WeasyPrint."""

from django.utils import timezone, translation

from norec.core.pdf import render_pdf
from partnerships.models import BUDGET_CURRENCY, Agreement, count_participants, format_amount

AGREEMENT_TEMPLATE = "partnerships/agreement_pdf.html"


def agreement_pdf_context(agreement: Agreement) -> dict:
    case = agreement.partnership
    goals_by_organisation = {entry["organisation_id"]: entry["goals"] for entry in agreement.organisation_goals}
    signatures = {
        signature.organisation_id: signature for signature in agreement.signatures.select_related("signed_by")
    }
    partners = [
        {
            "name": partner.organisation.name,
            "country": partner.organisation.country.name,
            "is_coordinating": partner.is_coordinating,
            "goals": goals_by_organisation.get(partner.organisation_id, ""),
            "signature": signatures.get(partner.organisation_id),
            # A partner that joined or left by an amendment (B03).
            "member_from": partner.member_from,
            "member_until": partner.member_until,
        }
        for partner in case.partners.select_related("organisation")
    ]
    rounds = [
        {
            "number": planned.number,
            "participants": count_participants(planned),
            "planned_start": planned.planned_start,
            "planned_end": planned.planned_end,
            "budget": format_amount(planned.budget),
        }
        # The rounds as agreed: the approved application's plan, which the agreement was made from
        # (the rounds as they run belong to the exchanges app and may change by amendment).
        for planned in agreement.application.rounds.order_by("number")
    ]
    direction = case.direction
    return {
        "agreement": agreement,
        "partnership_name": case.name,
        "adviser_name": case.adviser.full_name,
        "direction": direction.label if direction else "",
        "coordinating": next((partner for partner in partners if partner["is_coordinating"]), None),
        "partners": partners,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        # The goals given: shared goals, each organisation's own, or both (the application asks for
        # one or the other), so no empty heading stands for goals nobody was asked to give.
        "common_goals": agreement.common_goals,
        "organisation_goals": [
            {"name": partner["name"], "goals": partner["goals"]} for partner in partners if partner["goals"].strip()
        ],
        "cooperation": agreement.cooperation,
        "rounds": rounds,
        "budget_total": format_amount(agreement.budget_total),
        "currency": BUDGET_CURRENCY,
        "signed_by_all": all(partner["signature"] for partner in partners),
        "generated_at": timezone.now(),
    }


def render_agreement_pdf(agreement: Agreement) -> bytes:
    """The agreement in the case's language, not the language of whoever downloads it: every
    partner must be able to read the same document."""
    with translation.override(agreement.partnership.language):
        return render_pdf(AGREEMENT_TEMPLATE, agreement_pdf_context(agreement))
