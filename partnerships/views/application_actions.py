"""The application's actions on the case page: start, submit, and the adviser's decision."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships import services
from partnerships.case_forms import (
    ApproveApplicationForm,
    DeclineApplicationForm,
    ReturnApplicationForm,
    SubmitApplicationForm,
)
from partnerships.models import (
    Application,
)
from partnerships.permissions import (
    CaseAction,
    application_of,
    get_case_for_user,
    refusal_reasons,
)
from partnerships.services import TransitionRefused
from partnerships.views.application_history import render_confirm_submit
from partnerships.views.responses import act, invalid, refused


@login_required
@require_POST
def start_application(request, pk):
    case = get_case_for_user(request.user, pk)
    return act(
        request,
        case,
        lambda revision: services.start_application(case, expected_revision=revision, by=request.user),
        success=_("The application phase has started. The partner contacts can now fill in the application."),
        action=CaseAction.START_APPLICATION,
    )


@login_required
@require_POST
def submit_application(request, pk):
    case = get_case_for_user(request.user, pk)
    form = SubmitApplicationForm(request.POST)
    if not form.is_valid():
        reasons = refusal_reasons(case, CaseAction.SUBMIT_APPLICATION, request.user)
        if reasons:  # not possible at all: the reason, not the box
            return refused(request, reasons, case.get_absolute_url())
        # The confirmation page again, with the box to tick marked.
        return render_confirm_submit(request, case, application_of(case), form, status=400)
    return act(
        request,
        case,
        lambda revision: services.submit_application(
            _application_or_refuse(case), expected_revision=revision, by=request.user
        ),
        success=_("The application was submitted to your programme adviser."),
        action=CaseAction.SUBMIT_APPLICATION,
    )


@login_required
@require_POST
def return_application(request, pk):
    case = get_case_for_user(request.user, pk)
    form = ReturnApplicationForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.RETURN_APPLICATION, "return_form", form)
    return act(
        request,
        case,
        lambda revision: services.return_application(
            _application_or_refuse(case),
            comment=form.cleaned_data["comment"],
            expected_revision=revision,
            by=request.user,
        ),
        success=_("The application was returned to the partners for revision."),
        action=CaseAction.RETURN_APPLICATION,
        name="return_form",
        form=form,
        field="comment",
    )


@login_required
@require_POST
def approve_application(request, pk):
    case = get_case_for_user(request.user, pk)
    form = ApproveApplicationForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.APPROVE_APPLICATION, "approve_form", form)
    return act(
        request,
        case,
        lambda revision: services.approve_application(
            _application_or_refuse(case),
            comment=form.cleaned_data["comment"],
            expected_revision=revision,
            by=request.user,
        ),
        success=_("The application was approved. The collaboration agreement is ready for signing."),
        action=CaseAction.APPROVE_APPLICATION,
        name="approve_form",
        form=form,
        field="comment",
    )


@login_required
@require_POST
def decline_application(request, pk):
    case = get_case_for_user(request.user, pk)
    form = DeclineApplicationForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.DECLINE_APPLICATION, "decline_form", form)
    return act(
        request,
        case,
        lambda revision: services.decline_application(
            _application_or_refuse(case),
            comment=form.cleaned_data["comment"],
            expected_revision=revision,
            by=request.user,
        ),
        success=_("The application was declined, and the partnership has ended."),
        action=CaseAction.DECLINE_APPLICATION,
        name="decline_form",
        form=form,
        field="comment",
    )


def _application_or_refuse(case) -> Application:
    application = application_of(case)
    if application is None:
        raise TransitionRefused([_("There is no application yet.")])
    return application
