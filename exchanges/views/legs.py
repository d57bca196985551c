"""The legs of a round, from the round page: add, change or remove one while the round is
planned or recruiting, and the adviser's extra place on one. Each view fetches through the
permission helpers, says why when the step is not possible, parses its form and calls one service."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchanges import permissions, services
from exchanges.forms import ChangeLegForm, LegForm, ReasonForm
from exchanges.models import ExchangeLeg
from exchanges.permissions import get_round_for_user
from exchanges.views.responses import act, refuse
from exchanges.views.rounds import render_round, round_url
from norec.core.forms import posted_revision


def _leg_of(request, pk, number, leg_pk) -> ExchangeLeg:
    exchange_round = get_round_for_user(request.user, pk, number)
    leg = get_object_or_404(
        ExchangeLeg.objects.select_related("home_organisation", "host_organisation"),
        exchange_round=exchange_round,
        pk=leg_pk,
    )
    leg.exchange_round = exchange_round
    return leg


@login_required
@require_POST
def add_leg(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    reasons = permissions.plan_legs_refusal_reasons(exchange_round, request.user)
    if reasons:
        return refuse(request, reasons, round_url(exchange_round))
    form = LegForm(
        request.POST, organisations=exchange_round.partnership.organisations.all(), exchange_round=exchange_round
    )
    invalid = lambda: render_round(request, exchange_round, leg_form=form, status=400)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.add_leg(
            exchange_round,
            **form.leg(),
            by=request.user,
            expected_revision=posted_revision(request),
            submission=form.cleaned_data["submission"],
        ),
        success=_("The leg was added."),
        to=round_url(exchange_round),
        form=form,
        invalid=invalid,
    )


@login_required
@require_POST
def change_leg(request, pk, number, leg_pk):
    leg = _leg_of(request, pk, number, leg_pk)
    exchange_round = leg.exchange_round
    reasons = permissions.plan_legs_refusal_reasons(exchange_round, request.user)
    if reasons:
        return refuse(request, reasons, round_url(exchange_round))
    organisations = exchange_round.partnership.organisations.all()
    form = ChangeLegForm(request.POST, organisations=organisations, exchange_round=exchange_round, leg=leg)
    invalid = lambda: render_round(request, exchange_round, bound_leg=(leg.pk, form), status=400)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.change_leg(leg, **form.leg(), by=request.user, expected_revision=posted_revision(request)),
        success=_("The leg %(leg)s was changed.") % {"leg": leg},
        to=round_url(exchange_round),
        form=form,
        invalid=invalid,
    )


@login_required
@require_POST
def remove_leg(request, pk, number, leg_pk):
    leg = _leg_of(request, pk, number, leg_pk)
    return act(
        request,
        lambda: services.remove_leg(leg, by=request.user, expected_revision=posted_revision(request)),
        success=_("The leg %(leg)s was removed.") % {"leg": leg},
        to=round_url(leg.exchange_round),
    )


@login_required
@require_POST
def accept_extra_place(request, pk, number, leg_pk):
    leg = _leg_of(request, pk, number, leg_pk)
    reasons = permissions.extra_place_refusal_reasons(leg, request.user)
    if reasons:
        return refuse(request, reasons, round_url(leg.exchange_round))
    form = ReasonForm(request.POST, id_prefix=f"extra-place-{leg.pk}")
    if not form.is_valid():
        return refuse(request, [_("Say why the leg may take one more participant.")], round_url(leg.exchange_round))
    return act(
        request,
        lambda: services.accept_extra_place(
            leg, reason=form.cleaned_data["reason"], by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("%(leg)s may take one more participant.") % {"leg": leg},
        to=round_url(leg.exchange_round),
    )
