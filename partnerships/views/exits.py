"""Leaving early (withdraw, terminate) and comments on the timeline."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships import services
from partnerships.case_forms import (
    CommentForm,
    TerminateForm,
    WithdrawForm,
)
from partnerships.permissions import (
    CaseAction,
    get_case_for_user,
)
from partnerships.views.responses import act, invalid


@login_required
@require_POST
def withdraw(request, pk):
    case = get_case_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.WITHDRAW, "withdraw_form", form)
    return act(
        request,
        case,
        lambda revision: services.withdraw(
            case, comment=form.cleaned_data["comment"], expected_revision=revision, by=request.user
        ),
        success=_("The partnership was withdrawn."),
        action=CaseAction.WITHDRAW,
        name="withdraw_form",
        form=form,
        field="comment",
    )


@login_required
@require_POST
def terminate(request, pk):
    case = get_case_for_user(request.user, pk)
    form = TerminateForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.TERMINATE, "terminate_form", form)
    return act(
        request,
        case,
        lambda revision: services.terminate(
            case, reason=form.cleaned_data["reason"], expected_revision=revision, by=request.user
        ),
        success=_("The partnership was ended."),
        action=CaseAction.TERMINATE,
        name="terminate_form",
        form=form,
        field="reason",
    )


@login_required
@require_POST
def add_comment(request, pk):
    case = get_case_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.COMMENT, "comment_form", form)
    return act(
        request,
        case,
        lambda revision: services.add_comment(case, **form.cleaned_data, expected_revision=revision, by=request.user),
        success=_("Your comment was added to the timeline."),
        action=CaseAction.COMMENT,
        name="comment_form",
        form=form,
        field="text",
    )
