"""A participant's exchange as a PDF: the summary (who, where, when, the agreement's essentials)
and the checklist with what is done. For the case's people and the participant themself; in the
reader's language (it is their copy)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from exchanges import selectors
from exchanges.permissions import get_participant_for_user
from norec.core.pdf import render_pdf
from partnerships.views.responses import private_response


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
    response = HttpResponse(render_pdf("exchanges/participant_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="exchange-{participant.pk}.pdf"'
    return private_response(response)
