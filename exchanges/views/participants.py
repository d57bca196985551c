"""Recruiting a participant for a leg, the participant's page for the case's people, and the
steps that change a participant: invite, accept an age exception, withdraw, return early, and
the follow-up plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from exchanges import permissions, selectors, services
from exchanges.forms import FollowUpPlanForm, ParticipantForm, ReasonForm, ReturnEarlyForm
from exchanges.models import ExchangeLeg
from exchanges.permissions import get_participant_for_user, get_round_for_user
from exchanges.services.follow_up_plans import PlanChangedMeanwhile
from exchanges.views.checklist import prepare_items
from exchanges.views.responses import act, refuse
from norec.core.forms import SubmitOnceForm, posted_revision
from norec.core.fsm import TransitionRefused


def participant_url(participant) -> str:
    return reverse("exchanges:participant_detail", args=[participant.pk])


@login_required
@require_http_methods(["GET", "POST"])
def recruit(request, pk, number, leg_pk):
    exchange_round = get_round_for_user(request.user, pk, number)
    leg = get_object_or_404(
        ExchangeLeg.objects.select_related("home_organisation", "host_organisation"),
        exchange_round=exchange_round,
        pk=leg_pk,
    )
    leg.exchange_round = exchange_round
    reasons = permissions.recruit_refusal_reasons(leg, request.user)
    form = ParticipantForm(request.POST or None)
    round_url = reverse("exchanges:round_detail", args=[pk, number])
    if reasons:
        return act(request, _refuse(reasons), success="", to=round_url)  # says why, back to the round
    if form.is_bound and form.is_valid():
        return act(
            request,
            lambda: services.recruit_participant(
                leg, by=request.user, expected_revision=posted_revision(request), **form.cleaned_data
            ),
            success=_("%(name)s was recruited. Invite them from their page.")
            % {"name": form.cleaned_data["full_name"]},
            to=participant_url,
            refused_to=round_url,
            form=form,
            invalid=lambda: _render_recruit(request, leg, form),
            again=lambda pk: reverse("exchanges:participant_detail", args=[pk]),
        )
    return _render_recruit(request, leg, form)


def _refuse(reasons):
    def call():
        raise TransitionRefused(reasons)

    return call


def _render_recruit(request, leg, form):
    context = {"case": leg.exchange_round.partnership, "round": leg.exchange_round, "leg": leg, "form": form}
    return render(request, "exchanges/recruit_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_safe
def participant_detail(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    if participant.user_id == request.user.pk:
        return redirect("exchanges:portal")  # a participant's own view of their exchange
    return _render_participant(request, participant)


def _render_participant(request, participant, *, status=200, **bound):
    user = request.user
    case = participant.partnership
    page = selectors.participant_page(participant, today=timezone.localdate())
    may_edit = permissions.may_edit_participant(participant, user)
    page_messages = prepare_items(request, page)  # those about an item are shown beside it

    def form(name, allowed, make):
        return bound.get(name) or (make() if allowed else None)

    context = {
        "case": case,
        "participant": participant,
        "round": participant.leg.exchange_round,
        "may_edit": may_edit,
        "may_invite": permissions.may_invite(participant, user),
        "invite_form": SubmitOnceForm(auto_id="invite-%s"),  # a double click sends one invitation
        "age_form": form(
            "age_form", permissions.may_accept_age(participant, user), lambda: ReasonForm(id_prefix="age")
        ),
        "withdraw_form": form(
            "withdraw_form", permissions.may_withdraw(participant, user), lambda: ReasonForm(id_prefix="withdraw")
        ),
        "return_form": form(
            "return_form",
            permissions.may_return_early(participant, user),
            lambda: ReturnEarlyForm(participant=participant),
        ),
        "plan_form": form(
            "plan_form",
            not permissions.follow_up_plan_refusal_reasons(participant, user),
            lambda: FollowUpPlanForm(participant=participant),
        ),
        "messages": page_messages,
        **page,
    }
    return render(request, "exchanges/participant_detail.html", context, status=status)


@login_required
@require_POST
def invite(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    return act(
        request,
        lambda: services.invite_participant(
            participant, submission=SubmitOnceForm(request.POST).token(), by=request.user
        ),
        success=_("%(name)s was invited by email to set a password.") % {"name": participant.full_name},
        to=participant_url(participant),
    )


@login_required
@require_POST
def accept_age(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    form = ReasonForm(request.POST, id_prefix="age")
    invalid = lambda: _render_participant(request, participant, status=400, age_form=form)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.accept_age(participant, reason=form.cleaned_data["reason"], by=request.user),
        success=_("The exception to the age rule is recorded."),
        to=participant_url(participant),
        form=form,
        field="reason",
        invalid=invalid,
    )


@login_required
@require_POST
def withdraw(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    reasons = permissions.end_participation_refusal_reasons(participant, "withdraw", request.user)
    if reasons:
        return refuse(request, reasons, participant_url(participant))
    form = ReasonForm(request.POST, id_prefix="withdraw")
    invalid = lambda: _render_participant(request, participant, status=400, withdraw_form=form)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.withdraw_participant(participant, reason=form.cleaned_data["reason"], by=request.user),
        success=_("%(name)s was withdrawn; their open items no longer apply.") % {"name": participant.full_name},
        to=participant_url(participant),
        form=form,
        field="reason",
        invalid=invalid,
    )


@login_required
@require_POST
def return_early(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    reasons = permissions.end_participation_refusal_reasons(participant, "return_early", request.user)
    if reasons:
        return refuse(request, reasons, participant_url(participant))
    form = ReturnEarlyForm(request.POST, participant=participant)
    invalid = lambda: _render_participant(request, participant, status=400, return_form=form)  # noqa: E731
    if not form.is_valid():
        return invalid()
    data = form.cleaned_data
    return act(
        request,
        lambda: services.return_participant_early(
            participant, reason=data["reason"], returned_on=data["returned_on"], by=request.user
        ),
        success=_("The early return of %(name)s is recorded.") % {"name": participant.full_name},
        to=participant_url(participant),
        form=form,
        field=None,  # the date's error is the date field's (services.validate_returned_on)
        invalid=invalid,
    )


@login_required
@require_POST
def follow_up_plan(request, participant_pk):
    participant = get_participant_for_user(request.user, participant_pk)
    form = FollowUpPlanForm(request.POST, participant=participant)
    if not form.is_valid():
        return _render_participant(request, participant, status=400, plan_form=form)
    try:
        services.save_follow_up_plan(
            participant,
            text=form.cleaned_data["text"],
            expected_revision=form.cleaned_data["plan_revision"],
            by=request.user,
        )
    except PlanChangedMeanwhile as changed:
        # What they typed stays in the form; the saved version shows above it. Saving again
        # (now against the current revision) replaces it, knowingly.
        data = request.POST.copy()
        data["plan_revision"] = changed.current.follow_up_plan_revision
        form = FollowUpPlanForm(data, participant=changed.current)
        form.is_valid()
        form.add_error(
            None, _("%(reason)s Their version is shown above; yours is kept below.") % {"reason": changed.reasons[0]}
        )
        return _render_participant(request, changed.current, status=409, plan_form=form)
    except TransitionRefused as refusal:
        return refuse(request, refusal.reasons, participant_url(participant))
    messages.success(request, _("The follow-up plan is saved."))
    return redirect(f"{participant_url(participant)}#follow-up-plan")
