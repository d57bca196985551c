"""Starting and changing an amendment: the B03 and C05 forms, pre-filled from today's values (a new
amendment) or from what the amendment asks for (a saved one)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from amendments import permissions, services
from amendments.forms import B03Form, C05Form
from amendments.models import Amendment, AmendmentKind
from amendments.selectors import current_values, get_amendment_for_user, open_amendment_for
from amendments.services.locking import StaleAmendment
from exchanges.permissions import get_round_for_user
from norec.core.forms import posted_revision
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import AlreadySubmitted
from partnerships.models import PartnerOrganisation
from partnerships.permissions import get_case_for_user


def _form(amendment: Amendment, data=None, files=None, *, proposal=None):
    """The form of the amendment's kind, over today's values, showing `proposal`."""
    values = current_values(amendment)
    initial = {"effective_on": amendment.effective_on, "justification": amendment.justification}
    case = amendment.partnership
    if amendment.kind == AmendmentKind.B03:
        initial.update(invite_name=amendment.invite_name, invite_email=amendment.invite_email)
        members = case.partners.filter(member_until__isnull=True).values("organisation_id")
        candidates = PartnerOrganisation.objects.exclude(pk__in=members).order_by("name")
        return B03Form(data, files, values=values, proposal=proposal, candidates=candidates, initial=initial)
    organisations = case.organisations.filter(memberships__member_until__isnull=True).order_by("name")
    return C05Form(
        data,
        files,
        exchange_round=amendment.exchange_round,
        values=values,
        proposal=proposal,
        organisations=organisations,
        initial=initial,
    )


def _page(request, amendment: Amendment, form, *, status=200):
    return render(
        request,
        "amendments/amendment_form.html",
        {"amendment": amendment, "case": amendment.partnership, "form": form, "kind": amendment.kind},
        status=status,
    )


def _refused(request, reasons, to):
    for reason in reasons:
        messages.error(request, reason)
    return redirect(to)


def _start(request, case, *, kind, exchange_round=None, back: str):
    amendment = Amendment(
        partnership=case,
        kind=kind,
        exchange_round=exchange_round,
        effective_on=timezone.localdate(),
        created_by=request.user,
    )
    reasons = permissions.start_refusal_reasons(amendment, request.user)
    open_one = open_amendment_for(case, kind=kind, exchange_round=exchange_round)
    if reasons and open_one is not None and open_one.partnership.has_contact(request.user):
        messages.info(request, reasons[0])
        return redirect(open_one)  # the open one is where to go on
    if reasons:
        return _refused(request, reasons, back)
    if request.method != "POST":
        return _page(request, amendment, _form(amendment))
    form = _form(amendment, request.POST)
    if form.is_valid():
        proposal = form.proposal(current_values(amendment))
        if form.is_valid():
            try:
                created = services.start_amendment(
                    case,
                    kind=kind,
                    exchange_round=exchange_round,
                    proposal=proposal,
                    justification=form.cleaned_data["justification"],
                    effective_on=form.cleaned_data["effective_on"],
                    invite_name=form.cleaned_data.get("invite_name", ""),
                    invite_email=form.cleaned_data.get("invite_email", ""),
                    by=request.user,
                    submission=form.cleaned_data.get("submission"),
                )
            except AlreadySubmitted as done:
                return redirect("amendments:detail", done.result_id) if done.result_id else redirect(back)
            except TransitionRefused as refusal:
                return _refused(request, refusal.reasons, back)
            except ValidationError as error:
                form.add_problems(error)
            else:
                messages.success(
                    request,
                    _("%(reference)s is saved as a draft. Add documents, then submit it to your programme adviser.")
                    % {"reference": created.reference},
                )
                return redirect(created)
    return _page(request, amendment, form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start_b03(request, pk):
    case = get_case_for_user(request.user, pk)
    return _start(request, case, kind=AmendmentKind.B03, back=case.get_absolute_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start_c05(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    back = exchange_round.partnership.get_absolute_url()
    return _start(request, exchange_round.partnership, kind=AmendmentKind.C05, exchange_round=exchange_round, back=back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, amendment_pk):
    amendment = get_amendment_for_user(request.user, amendment_pk)
    reasons = permissions.edit_refusal_reasons(amendment, request.user)
    if reasons:
        return _refused(request, reasons, amendment.get_absolute_url())
    if request.method != "POST":
        return _page(request, amendment, _form(amendment, proposal=services.rebased_proposal(amendment)))
    form = _form(amendment, request.POST)
    if form.is_valid():
        proposal = form.proposal(current_values(amendment))
        if form.is_valid():
            try:
                services.save_amendment(
                    amendment,
                    proposal=proposal,
                    justification=form.cleaned_data["justification"],
                    effective_on=form.cleaned_data["effective_on"],
                    invite_name=form.cleaned_data.get("invite_name", ""),
                    invite_email=form.cleaned_data.get("invite_email", ""),
                    by=request.user,
                    expected_revision=posted_revision(request),
                )
            except StaleAmendment:
                # Another save won: keep what this person typed, and let them check it and save again.
                form.add_error(
                    None,
                    _(
                        "Someone changed this amendment while you were editing it. What you typed is kept "
                        "below: check it against the amendment's page, then save again."
                    ),
                )
                return _page(request, get_amendment_for_user(request.user, amendment_pk), form, status=409)
            except TransitionRefused as refusal:
                return _refused(request, refusal.reasons, amendment.get_absolute_url())
            except ValidationError as error:
                form.add_problems(error)
            else:
                messages.success(request, _("%(reference)s is saved.") % {"reference": amendment.reference})
                return redirect(amendment)
    return _page(request, amendment, form, status=400)
