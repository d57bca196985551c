"""The exchanges app's PDFs, for whoever may see what they print: a participant's exchange (the
summary and the checklist with what is done; for the case's people and the participant themself,
in the reader's language: it is their copy), and a round agreement (C01 and C02, in the case's
language, as the agreement PDF)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from exchanges import selectors
from exchanges.permissions import get_participant_for_user, get_round_for_user
from exchanges.round_agreement import budget_rows
from norec.core.pdf import render_pdf
from partnerships.models import count_participants
from partnerships.views.responses import pdf_response


@login_required
@require_safe
def participant_pdf(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    today = timezone.localdate()
    context = {
        "participant": participant,
        "leg": participant.leg,
        "case": participant.partnership,
        "today": today,
        **selectors.participant_page(participant, today=today),
    }
    return pdf_response(render_pdf("exchanges/participant_pdf.html", context), f"exchange-{participant.pk}.pdf")


@login_required
@require_safe
def round_agreement_pdf(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    case = exchange_round.partnership
    with translation.override(case.language or "en"):
        context = {
            "case": case,
            "round": exchange_round,
            "participants": count_participants(exchange_round),
            "rows": budget_rows(exchange_round),
            "today": timezone.localdate(),
        }
        pdf = render_pdf("exchanges/round_agreement_pdf.html", context)
    return pdf_response(pdf, f"round-agreement-{case.pk}-{number}.pdf")
