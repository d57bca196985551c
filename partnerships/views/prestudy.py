"""The pre-study actions: seminar representatives and the partner meeting with its minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from norec.core.forms import posted_revision
from partnerships import services
from partnerships.case_forms import (
    PartnerMeetingForm,
    RepresentativeForm,
)
from partnerships.models import (
    PartnerMeeting,
)
from partnerships.permissions import (
    CaseAction,
    get_case_for_user,
    refusal_reasons,
)
from partnerships.services import TransitionRefused
from partnerships.views.responses import act, download, invalid, refused


@login_required
@require_POST
def add_representative(request, pk):
    case = get_case_for_user(request.user, pk)
    form = RepresentativeForm(request.POST, organisations=case.organisations.all())
    if not form.is_valid():
        return invalid(request, case, CaseAction.RECORD_PRE_STUDY, "representative_form", form)
    data = form.cleaned_data
    return act(
        request,
        case,
        lambda revision: services.add_seminar_representative(case, **data, expected_revision=revision, by=request.user),
        success=_("%(name)s was recorded as a representative.") % {"name": data["full_name"]},
        action=CaseAction.RECORD_PRE_STUDY,
        name="representative_form",
        form=form,
        field="full_name",
    )


@login_required
@require_POST
def remove_representative(request, pk, representative_pk):
    case = get_case_for_user(request.user, pk)
    representatives = case.seminar_representatives.select_related("organisation")
    representative = get_object_or_404(representatives, pk=representative_pk)
    representative.partnership = case
    return act(
        request,
        case,
        lambda revision: services.remove_seminar_representative(
            representative, expected_revision=revision, by=request.user
        ),
        success=_("%(name)s was removed.") % {"name": representative.full_name},
        action=CaseAction.RECORD_PRE_STUDY,
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_meeting(request, pk):
    case = get_case_for_user(request.user, pk)
    reasons = refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, request.user)
    if reasons:
        return refused(request, reasons, case.get_absolute_url())
    meeting = PartnerMeeting.objects.filter(partnership=case).first()
    has_minutes = bool(meeting and meeting.minutes)
    initial = {"date": meeting.date, "place": meeting.place, "participants": meeting.participants} if meeting else {}
    form = PartnerMeetingForm(request.POST or None, request.FILES or None, initial=initial, has_minutes=has_minutes)
    if form.is_bound and form.is_valid():
        try:
            services.record_partner_meeting(
                case, **form.cleaned_data, expected_revision=posted_revision(request), by=request.user
            )
        except TransitionRefused as refusal:
            return refused(request, refusal.reasons, case.get_absolute_url())
        except ValidationError as error:
            form.add_error("minutes", error)
        else:
            messages.success(request, _("The partner meeting was recorded."))
            return redirect(case)
    context = {"case": case, "form": form, "meeting": meeting}
    return render(request, "partnerships/partner_meeting_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_safe
def partner_meeting_minutes(request, pk):
    case = get_case_for_user(request.user, pk)
    meeting = get_object_or_404(PartnerMeeting, partnership=case)
    return download(meeting.minutes, meeting.minutes_filename)
