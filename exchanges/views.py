"""The exchanges app's actions, one POST-only view each: access helper, one service, message, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchanges import services
from exchanges.forms import MarkRoundDoneForm
from exchanges.permissions import get_round_for_user, mark_done_refusal_reasons
from norec.core.forms import posted_revision
from norec.core.fsm import TransitionRefused


@login_required
@require_POST
def mark_round_exchange_done(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    if not MarkRoundDoneForm(request.POST, exchange_round=exchange_round).is_valid():
        # A refused step is told why (as any forced POST is); an allowed one asks for the confirmation.
        reasons = mark_done_refusal_reasons(exchange_round, request.user) or [
            _("Tick the box to confirm that the exchange of round %(number)s is over.") % {"number": number}
        ]
        for reason in reasons:
            messages.error(request, reason)
        return redirect(f"{exchange_round.partnership.get_absolute_url()}#exchange")
    try:
        services.mark_round_exchange_done(exchange_round, by=request.user, expected_revision=posted_revision(request))
    except TransitionRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The exchange of round %(number)s is marked done.") % {"number": number})
    return redirect(exchange_round.partnership)
