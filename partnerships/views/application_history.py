"""The application draft's versions: who saved what when, a field-by-field comparison of a version
with the current draft, restoring one field, and the confirmation before submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from norec.core.forms import posted_revision
from partnerships import services
from partnerships.case_forms import SubmitApplicationForm
from partnerships.models import ApplicationRevision, draft_content
from partnerships.models.drafts import display_value, field_label
from partnerships.permissions import CaseAction, get_case_for_user, refusal_reasons
from partnerships.views.application import application_summary, get_application
from partnerships.views.responses import refused


@login_required
@require_GET
def application_history(request, pk):
    case = get_case_for_user(request.user, pk)
    application = get_application(case)
    versions = list(application.revisions.select_related("created_by"))
    names = {goal.organisation_id: goal.organisation.name for goal in application.organisation_goals.all()}
    for version in versions:
        version.changed_labels = [field_label(key, names) for key in version.changed]
    selected = next((v for v in versions if str(v.number) == request.GET.get("version")), None)
    comparison = []
    if selected is not None:
        current = draft_content(application)
        comparison = [
            {
                "key": key,
                "label": field_label(key, names),
                "then": display_value(key, selected.content.get(key)),
                "now": display_value(key, current.get(key)),
                "differs": selected.content.get(key) != current.get(key),
            }
            for key in current
            if key in selected.content
        ]
    context = {
        "case": case,
        "application": application,
        "versions": versions,
        "selected": selected,
        "comparison": comparison,
        "can_restore": not refusal_reasons(case, CaseAction.EDIT_APPLICATION, request.user),
    }
    return render(request, "partnerships/application_history.html", context)


@login_required
@require_POST
def restore_application_field(request, pk, number):
    case = get_case_for_user(request.user, pk)
    application = get_application(case)
    version = get_object_or_404(ApplicationRevision, application=application, number=number)
    back = f"{reverse('partnerships:application_history', args=[case.pk])}?version={number}"
    try:
        services.restore_application_field(
            application,
            version,
            request.POST.get("field", ""),
            expected_revision=posted_revision(request),
            by=request.user,
        )
    except services.TransitionRefused as refusal:
        return refused(request, refusal.reasons, back)
    except ValidationError as error:
        return refused(request, error.messages, back)
    messages.success(request, _("The field was restored from version %(number)s.") % {"number": number})
    return redirect(back)


@login_required
@require_GET
def confirm_submit_application(request, pk):
    """What will be sent, with the final Submit button; refused with what is missing."""
    case = get_case_for_user(request.user, pk)
    try:
        application = get_application(case)
    except Http404:
        return refused(request, [_("There is no application yet.")], case.get_absolute_url())
    reasons = refusal_reasons(case, CaseAction.SUBMIT_APPLICATION, request.user)
    if reasons:
        messages.error(request, _("The draft is saved, but it cannot be submitted yet:"))
        return refused(request, reasons, reverse("partnerships:application_edit", args=[case.pk]))
    return render_confirm_submit(request, case, application, SubmitApplicationForm())


def render_confirm_submit(request, case, application, form, *, status: int = 200):
    """What will be sent, and the box that names the consequence (as every irreversible step's)."""
    context = {"case": case, "summary": application_summary(application), "submit_form": form}
    return render(request, "partnerships/application_confirm_submit.html", context, status=status)
