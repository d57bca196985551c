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
from exchanges.forms import CONFIRMED_STEPS, ChangeLegForm, LegForm, MarkRoundDoneForm, ReasonForm
from exchanges.models import RoundReport, RoundState
from exchanges.permissions import get_round_for_user
from exchanges.round_agreement import round_agreement_context
from exchanges.round_links import round_links
from exchanges.round_reports import round_reports_context
from exchanges.views.responses import act, refuse
from norec.core import fsm
from norec.core.forms import posted_revision
from norec.core.fsm import TransitionRefused
from partnerships.models import count_participants


@login_required
@require_POST
def mark_round_exchange_done(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    form = MarkRoundDoneForm(request.POST, exchange_round=exchange_round)
    if not form.is_valid():
        # A refused step is told why (as any forced POST is); an allowed one asks for the confirmation.
        reasons = permissions.mark_done_refusal_reasons(exchange_round, request.user) or [form.missing_confirmation()]
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


def round_steps(exchange_round, user) -> list[dict]:
    """The round's steps from where it is: the next one with its button or why it cannot be taken
    yet, and each later one with what it will wait for, so the page says from the start what the
    round needs (the round agreement approved before preparing, for one)."""
    steps, ahead = [], False
    for step in (*services.ROUND_STEPS, "finish_exchange"):
        label = fsm.transition_label(exchange_round, step)
        # "Mark exchange done" is the step of a round abroad (the case page offers it too).
        now = exchange_round.state == RoundState.IN_EXCHANGE if step == "finish_exchange" else True
        if now and fsm.declared_transition(exchange_round, step) is not None:
            reasons = permissions.transition_refusal_reasons(exchange_round, step, user)
            form = CONFIRMED_STEPS[step](exchange_round=exchange_round) if step in CONFIRMED_STEPS else None
            steps.append({"name": step, "label": label, "reasons": reasons, "now": True, "form": form})
            ahead = True
        elif ahead:
            steps.append({"name": step, "label": label, "reasons": fsm.condition_reasons(exchange_round, step)})
    return steps


def render_round(request, exchange_round, *, status=200, **forms):
    """The round page, for its first view and with a form as typed (by name: `leg_form`,
    `agreement_form`, `correct_form`, or a report form in `bound`, see round_reports)."""
    user, case = request.user, exchange_round.partnership
    may_plan = permissions.may_plan_legs(exchange_round, user)
    organisations = list(case.organisations.order_by("name")) if may_plan else []
    today = timezone.localdate()
    # Read by the round agreement and the reports sections, and by the rules they ask.
    prefetch_related_objects(
        [exchange_round],
        "budget_lines",
        Prefetch("reports", queryset=RoundReport.objects.select_related("submitted_by")),
    )
    page = selectors.round_page(exchange_round, today=today)
    bound_leg = forms.get("bound_leg")  # (leg pk, form) of a change typed with an error
    for leg in page["legs"]:
        leg.may_recruit = not permissions.recruit_refusal_reasons(leg, user)
        leg.change_form = None
        if may_plan:
            leg.change_form = (
                bound_leg[1]
                if bound_leg and bound_leg[0] == leg.pk
                else ChangeLegForm(organisations=organisations, exchange_round=exchange_round, leg=leg)
            )
            leg.remove_reasons = permissions.remove_leg_refusal_reasons(leg, user)
        leg.may_add_place = not permissions.extra_place_refusal_reasons(leg, user)
        if leg.may_add_place:
            leg.place_form = ReasonForm(id_prefix=f"extra-place-{leg.pk}")
    case_people = case.has_adviser(user) or case.has_contact(user)
    steps = round_steps(exchange_round, user) if case_people else []
    correct = permissions.transition_refusal_reasons(exchange_round, "correct_departure", user)
    context = {
        "case": case,
        "round": exchange_round,
        "participants": count_participants(exchange_round),
        "leg_form": forms.get("leg_form") or (_new_leg_form(exchange_round, organisations) if may_plan else None),
        "amendment_note": permissions.amendment_note(exchange_round) if case_people else "",
        "round_links": round_links(exchange_round, user) if case_people else [],
        "steps": steps,
        "done_form": MarkRoundDoneForm(exchange_round=exchange_round),
        "correct_form": forms.get("correct_form")
        or (ReasonForm(id_prefix="correct-departure") if not correct else None),
        "reports": round_reports_context(exchange_round, user, today=today, bound=forms.get("bound")),
        "round_agreement": round_agreement_context(exchange_round, user, form=forms.get("agreement_form")),
        **page,
    }
    return render(request, "exchanges/round_detail.html", context, status=status)


def _new_leg_form(exchange_round, organisations) -> LegForm:
    return LegForm(
        organisations=organisations, exchange_round=exchange_round, initial={"departure": exchange_round.planned_start}
    )


@login_required
@require_POST
def advance_round(request, pk, number, step):
    exchange_round = get_round_for_user(request.user, pk, number)
    if step not in services.ROUND_STEPS:
        raise Http404
    reasons = permissions.transition_refusal_reasons(exchange_round, step, request.user)
    confirmation = (
        CONFIRMED_STEPS[step](request.POST, exchange_round=exchange_round) if step in CONFIRMED_STEPS else None
    )
    if not reasons and confirmation and not confirmation.is_valid():
        # A refused step is told why (as any forced POST is); an allowed one asks for the confirmation.
        reasons = [confirmation.missing_confirmation()]
    if reasons:
        return refuse(request, reasons, round_url(exchange_round))
    return act(
        request,
        lambda: services.advance_round(
            exchange_round, step, by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("Round %(number)s: “%(step)s” is recorded.")
        % {"number": number, "step": fsm.transition_label(exchange_round, step)},
        to=round_url(exchange_round),
    )


@login_required
@require_POST
def correct_departure(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    reasons = permissions.transition_refusal_reasons(exchange_round, "correct_departure", request.user)
    if reasons:
        return refuse(request, reasons, round_url(exchange_round))
    form = ReasonForm(request.POST, id_prefix="correct-departure")
    invalid = lambda: render_round(request, exchange_round, correct_form=form, status=400)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.correct_departure(
            exchange_round,
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_revision=posted_revision(request),
        ),
        success=_("The departure of round %(number)s is taken back: the round is preparing again.")
        % {"number": number},
        to=round_url(exchange_round),
        form=form,
        field="reason",
        invalid=invalid,
    )
