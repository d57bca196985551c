"""The round page (legs, participants, the checklist matrix) and the round's actions: each view
fetches through the permission helpers, calls one service and answers through views.responses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from exchanges import permissions, selectors, services
from exchanges.forms import LegForm, MarkRoundDoneForm
from exchanges.models import RoundReport
from exchanges.permissions import get_round_for_user
from exchanges.round_agreement import round_agreement_context
from exchanges.round_reports import round_reports_context
from exchanges.views.responses import act
from norec.core import fsm
from norec.core.forms import posted_revision
from norec.core.fsm import TransitionRefused
from partnerships.models import count_participants


@login_required
@require_POST
def mark_round_exchange_done(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    if not MarkRoundDoneForm(request.POST, exchange_round=exchange_round).is_valid():
        # A refused step is told why (as any forced POST is); an allowed one asks for the confirmation.
        reasons = permissions.mark_done_refusal_reasons(exchange_round, request.user) or [
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


# --- The round page: legs, participants and the checklist matrix -------------------------------


def round_url(exchange_round) -> str:
    return reverse("exchanges:round_detail", args=[exchange_round.partnership.pk, exchange_round.number])


@login_required
@require_safe
def round_detail(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    return render_round(request, exchange_round)


def render_round(request, exchange_round, *, leg_form=None, agreement_form=None, bound: dict | None = None, status=200):
    """The round page, for its first view and with a form as typed (`leg_form`, or a report form
    in `bound` by name, see round_reports)."""
    user, case = request.user, exchange_round.partnership
    may_plan = permissions.may_plan_legs(exchange_round, user)
    if leg_form is None and may_plan:
        leg_form = LegForm(
            organisations=case.organisations.order_by("name"), initial={"departure": exchange_round.planned_start}
        )
    today = timezone.localdate()
    # Read by the round agreement and the reports sections, and by the rules they ask.
    prefetch_related_objects(
        [exchange_round],
        "budget_lines",
        Prefetch("reports", queryset=RoundReport.objects.select_related("submitted_by")),
    )
    page = selectors.round_page(exchange_round, today=today)
    for leg in page["legs"]:
        leg.may_recruit = not permissions.recruit_refusal_reasons(leg, user)
    steps = []  # the round's next step from its state, with why it cannot be taken yet
    if case.has_adviser(user) or case.has_contact(user):
        for step in services.ROUND_STEPS:
            if fsm.declared_transition(exchange_round, step) is not None:
                reasons = permissions.transition_refusal_reasons(exchange_round, step, user)
                steps.append({"name": step, "label": fsm.transition_label(exchange_round, step), "reasons": reasons})
    context = {
        "case": case,
        "round": exchange_round,
        "participants": count_participants(exchange_round),
        "leg_form": leg_form if may_plan else None,
        "steps": steps,
        "reports": round_reports_context(exchange_round, user, today=today, bound=bound),
        "round_agreement": round_agreement_context(exchange_round, user, form=agreement_form),
        **page,
    }
    return render(request, "exchanges/round_detail.html", {**context, **page}, status=status)


@login_required
@require_POST
def add_leg(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    case = exchange_round.partnership
    if not permissions.may_plan_legs(exchange_round, request.user):
        messages.error(request, _("Legs are planned by the case's people before the round is under way."))
        return redirect(round_url(exchange_round))
    form = LegForm(request.POST, organisations=case.organisations.all())
    if not form.is_valid():
        return render_round(request, exchange_round, leg_form=form, status=400)
    data = form.cleaned_data
    return act(
        request,
        lambda: services.add_leg(
            exchange_round,
            home=data["home"],
            host=data["host"],
            participants=data["participants"],
            months=data["months"],
            departure=data["departure"],
            by=request.user,
            expected_revision=posted_revision(request),
        ),
        success=_("The leg was added."),
        to=round_url(exchange_round),
        form=form,
        invalid=lambda: render_round(request, exchange_round, leg_form=form, status=400),
    )


@login_required
@require_POST
def advance_round(request, pk, number, step):
    exchange_round = get_round_for_user(request.user, pk, number)
    if step not in services.ROUND_STEPS:
        raise Http404
    return act(
        request,
        lambda: services.advance_round(
            exchange_round, step, by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("Round %(number)s: “%(step)s” is recorded.")
        % {"number": number, "step": fsm.transition_label(exchange_round, step)},
        to=round_url(exchange_round),
    )
