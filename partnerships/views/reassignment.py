"""The head of programme gives a case to another adviser (POST only, from the case page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from norec.core.fsm import TransitionRefused
from partnerships import services
from partnerships.permissions import get_case_for_user
from partnerships.permissions.reassignment import may_reassign_cases
from partnerships.reassignment import ReassignCaseForm


@login_required
@require_POST
def reassign_case(request, pk):
    case = get_case_for_user(request.user, pk)
    if not may_reassign_cases(request.user):
        raise PermissionDenied
    form = ReassignCaseForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _("Choose the adviser to give the case to."))
        return redirect(f"{case.get_absolute_url()}#adviser")
    adviser = form.cleaned_data["adviser"]
    try:
        services.reassign_case(case, to=adviser, by=request.user, expected_adviser=form.cleaned_data["current"])
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return redirect(f"{case.get_absolute_url()}#adviser")
    messages.success(request, _("%(name)s is now the case's adviser.") % {"name": adviser.full_name or adviser.email})
    return redirect(case)
