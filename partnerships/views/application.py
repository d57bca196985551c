"""The project application page: the partner contacts draft it together; everyone on the case reads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerships import services
from partnerships.application_forms import application_forms, error_summary
from partnerships.case_forms import SubmitApplicationForm
from partnerships.models import Application, ApplicationOrganisationGoal, ApplicationStatus, Phase, format_amount
from partnerships.permissions import CaseAction, get_case_for_user, refusal_reasons

TEMPLATE = "partnerships/application_form.html"


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    application = _get_application(case)
    edit_refusals = refusal_reasons(case, CaseAction.EDIT_APPLICATION, request.user)
    if request.method == "GET":
        form, formset = (None, None) if edit_refusals else application_forms(application)
        return render(request, TEMPLATE, _context(request, application, form, formset, edit_refusals=edit_refusals))
    if edit_refusals:
        return _refused(request, case, edit_refusals)

    form, formset = application_forms(application, data=request.POST)
    status, conflict = 400, None
    if form.is_valid() and formset.is_valid():
        try:
            services.save_application_draft(
                application,
                common_goals=form.cleaned_data["common_goals"],
                cooperation=form.cleaned_data["cooperation"],
                budget_total=form.cleaned_data["budget_total"],
                organisation_goals=form.cleaned_organisation_goals(),
                rounds=formset.rounds(),
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except services.TransitionRefused as refusal:
            return _refused(request, case, refusal.reasons)
        except services.EditConflict as error:
            # Keep everything typed; carry the current revision, so saving again overwrites on purpose.
            conflict, status = error, 409
            data = request.POST.copy()
            data["revision"] = str(error.revision)
            form, formset = application_forms(application, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("partnerships:application_edit", pk=case.pk)
    context = _context(request, application, form, formset, edit_refusals=[], conflict=conflict)
    return render(request, TEMPLATE, context, status=status)


def _get_application(case) -> Application:
    try:
        application = case.application  # sets both sides of the relation, so the checks reuse `case`
    except Application.DoesNotExist as error:
        raise Http404(_("This partnership has no application yet.")) from error
    _prefetch_content(application)
    prefetch_related_objects([case], "organisations")  # Partnership.direction
    return application


def _prefetch_content(application: Application) -> None:
    prefetch_related_objects(
        [application],
        "last_edited_by",
        "rounds",
        Prefetch("organisation_goals", queryset=ApplicationOrganisationGoal.objects.select_related("organisation")),
    )


def _refused(request, case, reasons):
    for reason in reasons:
        messages.error(request, reason)
    return redirect("partnerships:case_detail", pk=case.pk)


def _summary(application: Application) -> dict:
    """What the read-only rendering of an application shows (amounts formatted here, once)."""
    return {
        "application": application,
        "status_colour": ApplicationStatus(application.status).colour,
        "organisation_goals": application.organisation_goals.all(),
        "rounds": [
            {"round": planned, "budget": format_amount(planned.budget) if planned.budget is not None else ""}
            for planned in application.rounds.all()
        ],
        "budget_total": format_amount(application.budget_total) if application.budget_total is not None else "",
        "rounds_budget_sum": format_amount(application.rounds_budget_sum()),
    }


def _context(request, application, form, formset, *, edit_refusals, conflict=None) -> dict:
    case = application.partnership
    context = {
        "case": case,
        "summary": _summary(application),
        "form": form,
        "formset": formset,
        "cannot_edit_because": edit_refusals[0] if edit_refusals else "",
        "conflict": conflict,
    }
    if conflict is not None:
        _prefetch_content(conflict.current)
        context["current_summary"] = _summary(conflict.current)
    if form is not None:
        context["errors"] = error_summary(form, formset) if form.is_bound else []
        context["submit_refusals"] = refusal_reasons(case, CaseAction.SUBMIT_APPLICATION, request.user)
        context["submit_form"] = SubmitApplicationForm() if not context["submit_refusals"] else None
    elif application.is_editable and case.phase == Phase.APPLICATION:
        # Read-only for this user, but the partners are still drafting: show what they still have to do.
        context["missing_items"] = application.missing_items()
    return context
