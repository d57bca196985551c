"""The project application page: the partner contacts draft it together; everyone on the case reads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerships import services
from partnerships.application_forms import application_forms, error_summary
from partnerships.case_forms import SubmitApplicationForm
from partnerships.models import (
    Application,
    ApplicationOrganisationGoal,
    ApplicationStatus,
    Phase,
    count_participants,
    format_amount,
)
from partnerships.permissions import CaseAction, get_case_for_user, refusal_reasons
from partnerships.views.application_conflict import CONFLICT_TEMPLATE, conflict_context, draft_kwargs

TEMPLATE = "partnerships/application_form.html"


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    application = get_application(case)
    edit_refusals = refusal_reasons(case, CaseAction.EDIT_APPLICATION, request.user)
    if request.method == "GET":
        form, formset = (None, None) if edit_refusals else application_forms(application)
        return render(request, TEMPLATE, _context(request, application, form, formset, edit_refusals=edit_refusals))
    if edit_refusals:
        return _refused(request, case, edit_refusals)

    form, formset = application_forms(application, data=request.POST)
    if form.is_valid() and formset.is_valid():
        try:
            services.save_application_draft(application, **draft_kwargs(form, formset, request.POST), by=request.user)
        except services.TransitionRefused as refusal:
            return _refused(request, case, refusal.reasons)
        except services.EditConflict as conflict:
            return render(request, CONFLICT_TEMPLATE, conflict_context(case, conflict, request.POST), status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.POST.get("then") == "submit":  # "Submit…": what is typed is saved, then confirmed
                return redirect("partnerships:confirm_submit_application", pk=case.pk)
            messages.success(request, _("Draft saved."))
            return redirect("partnerships:application_edit", pk=case.pk)
    # Every typed value stays in the form, each error beside its field and listed at the top.
    context = _context(request, application, form, formset, edit_refusals=[])
    return render(request, TEMPLATE, context, status=400)


@login_required
@require_POST
def application_autosave(request, pk):
    """The draft saved while the person types (htmx): the same save, never over someone else's."""
    case = get_case_for_user(request.user, pk)
    application = get_application(case)
    notice = ""
    edit_refusals = refusal_reasons(case, CaseAction.EDIT_APPLICATION, request.user)
    form, formset = application_forms(application, data=request.POST)
    if edit_refusals:
        notice = edit_refusals[0]
    elif not (form.is_valid() and formset.is_valid()):
        notice = _("Not saved automatically: some fields need correcting. Save the draft to see which.")
    else:
        try:
            application = services.save_application_draft(
                application, **draft_kwargs(form, formset, request.POST), by=request.user
            )
        except services.EditConflict as conflict:
            notice = _("%(message)s Press “Save draft” to compare and choose.") % {"message": conflict.message}
        except (services.TransitionRefused, ValidationError) as refusal:
            notice = " ".join(getattr(refusal, "reasons", None) or refusal.messages)
    saved = None if notice else application  # its revision and version go back into the page
    context = {"notice": notice, "saved_at": timezone.localtime(), "saved": saved}
    return render(request, "partnerships/includes/autosave_status.html", context)


def get_application(case) -> Application:
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


def application_summary(application: Application) -> dict:
    """What the read-only rendering of an application shows (amounts formatted here, once)."""
    return {
        "application": application,
        "status_colour": ApplicationStatus(application.status).colour,
        # The goals given (shared goals, each organisation's own, or both): no empty entries.
        "organisation_goals": [goal for goal in application.organisation_goals.all() if goal.goals.strip()],
        "rounds": [
            {
                "round": planned,
                "participants": count_participants(planned),
                "budget": format_amount(planned.budget) if planned.budget is not None else "",
            }
            for planned in application.rounds.all()
        ],
        "budget_total": format_amount(application.budget_total) if application.budget_total is not None else "",
        "rounds_budget_sum": format_amount(application.rounds_budget_sum()),
    }


def _context(request, application, form, formset, *, edit_refusals) -> dict:
    case = application.partnership
    context = {
        "case": case,
        "summary": application_summary(application),
        "form": form,
        "formset": formset,
        "cannot_edit_because": edit_refusals[0] if edit_refusals else "",
    }
    if form is not None:
        context["errors"] = error_summary(form, formset) if form.is_bound else []
        context["submit_refusals"] = refusal_reasons(case, CaseAction.SUBMIT_APPLICATION, request.user)
        context["submit_form"] = SubmitApplicationForm() if not context["submit_refusals"] else None
    elif application.is_editable and case.phase == Phase.APPLICATION:
        # Read-only for this user, but the partners are still drafting: show what they still have to do.
        context["missing_items"] = application.missing_items()
    return context
