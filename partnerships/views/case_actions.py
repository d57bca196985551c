"""The actions on a case, one POST-only view each, and the permission-checked downloads.

Every view fetches the case through get_case_for_user (404 for "not yours" and "does not exist"
alike) and calls exactly one service. The services say no in three ways, and each has one answer:
  - TransitionRefused: every reason as an error message, back to the case page;
  - ValidationError: the case page again, status 400, with the form as typed and the error on it;
  - success: a message and a redirect (post/redirect/get)."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships import services
from partnerships.case_forms import (
    AcceptFinalReportForm,
    ApproveApplicationForm,
    CommentForm,
    DeclineApplicationForm,
    FinalReportForm,
    PartnerMeetingForm,
    RepresentativeForm,
    ReturnApplicationForm,
    ReturnFinalReportForm,
    SignAgreementForm,
    TerminateForm,
    WithdrawForm,
)
from partnerships.documents import render_agreement_pdf
from partnerships.models import (
    AgreementSignature,
    Application,
    PartnerMeeting,
    PartnerOrganisation,
)
from partnerships.permissions import (
    CaseAction,
    agreement_of,
    application_of,
    get_case_for_user,
    refusal_reasons,
)
from partnerships.services import TransitionRefused
from partnerships.views.cases import is_own_organisation, render_case_page


def _refused(request, reasons, to: str):
    for reason in reasons:
        messages.error(request, reason)
    return redirect(to)


def _invalid(request, case, action: CaseAction, name: str, form, **details):
    """A form that did not validate: if the action is not allowed at all, say why (as a forced POST
    would be told); otherwise show the case page again with the form as typed."""
    reasons = refusal_reasons(case, action, request.user, **details)
    if reasons:
        return _refused(request, reasons, case.get_absolute_url())
    return render_case_page(request, case, status=400, **{name: form})


def _act(request, case, call, *, success: str, action: CaseAction, name: str = "", form=None, field=None, **details):
    """Run one service with the revision the page showed; answer with a redirect or the form again."""
    page_revision = _posted_revision(request)
    shown_revision = case.revision
    if page_revision is not None:
        case.revision = page_revision  # a stale page is refused by the service ("reload")
    try:
        call()
    except TransitionRefused as refusal:
        to = case.get_absolute_url()
        if action == CaseAction.SUBMIT_APPLICATION and application_of(case) is not None:
            to = reverse("partnerships:application_edit", args=[case.pk])  # the missing items show there
        return _refused(request, refusal.reasons, to)
    except ValidationError as error:
        if form is None:
            raise
        case.revision = shown_revision
        form.add_error(field, error)
        return _invalid(request, case, action, name, form, **details)
    messages.success(request, success)
    return redirect(case)


def _posted_revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


def _application_or_refuse(case) -> Application:
    application = application_of(case)
    if application is None:
        raise TransitionRefused([_("There is no application yet.")])
    return application


# --- Pre-study ---------------------------------------------------------------------------------


@login_required
@require_POST
def add_representative(request, pk):
    case = get_case_for_user(request.user, pk)
    form = RepresentativeForm(request.POST, organisations=case.organisations.all())
    if not form.is_valid():
        return _invalid(request, case, CaseAction.RECORD_PRE_STUDY, "representative_form", form)
    data = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.add_seminar_representative(case, **data, by=request.user),
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
    return _act(
        request,
        case,
        lambda: services.remove_seminar_representative(representative, by=request.user),
        success=_("%(name)s was removed.") % {"name": representative.full_name},
        action=CaseAction.RECORD_PRE_STUDY,
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_meeting(request, pk):
    case = get_case_for_user(request.user, pk)
    reasons = refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, request.user)
    if reasons:
        return _refused(request, reasons, case.get_absolute_url())
    meeting = PartnerMeeting.objects.filter(partnership=case).first()
    has_minutes = bool(meeting and meeting.minutes)
    initial = {"date": meeting.date, "place": meeting.place, "participants": meeting.participants} if meeting else {}
    form = PartnerMeetingForm(request.POST or None, request.FILES or None, initial=initial, has_minutes=has_minutes)
    if form.is_bound and form.is_valid():
        try:
            services.record_partner_meeting(case, **form.cleaned_data, by=request.user)
        except TransitionRefused as refusal:
            return _refused(request, refusal.reasons, case.get_absolute_url())
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
    return _download(meeting.minutes, meeting.minutes_filename)


# --- Application -------------------------------------------------------------------------------


@login_required
@require_POST
def start_application(request, pk):
    case = get_case_for_user(request.user, pk)
    return _act(
        request,
        case,
        lambda: services.start_application(case, by=request.user),
        success=_("The application phase has started. The partner contacts can now fill in the application."),
        action=CaseAction.START_APPLICATION,
    )


@login_required
@require_POST
def submit_application(request, pk):
    case = get_case_for_user(request.user, pk)
    return _act(
        request,
        case,
        lambda: services.submit_application(_application_or_refuse(case), by=request.user),
        success=_("The application was submitted to your programme adviser."),
        action=CaseAction.SUBMIT_APPLICATION,
    )


@login_required
@require_POST
def return_application(request, pk):
    case = get_case_for_user(request.user, pk)
    form = ReturnApplicationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, CaseAction.RETURN_APPLICATION, "return_form", form)
    return _act(
        request,
        case,
        lambda: services.return_application(
            _application_or_refuse(case), comment=form.cleaned_data["comment"], by=request.user
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
        return _invalid(request, case, CaseAction.APPROVE_APPLICATION, "approve_form", form)
    return _act(
        request,
        case,
        lambda: services.approve_application(
            _application_or_refuse(case), comment=form.cleaned_data["comment"], by=request.user
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
        return _invalid(request, case, CaseAction.DECLINE_APPLICATION, "decline_form", form)
    return _act(
        request,
        case,
        lambda: services.decline_application(
            _application_or_refuse(case), comment=form.cleaned_data["comment"], by=request.user
        ),
        success=_("The application was declined, and the partnership has ended."),
        action=CaseAction.DECLINE_APPLICATION,
        name="decline_form",
        form=form,
        field="comment",
    )


# --- Agreement ---------------------------------------------------------------------------------


@login_required
@require_safe
def agreement_pdf(request, pk):
    case = get_case_for_user(request.user, pk)
    agreement = agreement_of(case)
    if agreement is None:
        raise Http404
    response = HttpResponse(render_agreement_pdf(agreement), content_type="application/pdf")
    filename = f"collaboration-agreement-{case.pk}-{slugify(case.name) or 'partnership'}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return _private(response)


@login_required
@require_POST
def sign_agreement(request, pk):
    case = get_case_for_user(request.user, pk)
    organisation = _posted_organisation(request, case)
    if organisation is None:
        reason = _("Choose an organisation of this partnership to sign for.")
        return _refused(request, [reason], case.get_absolute_url())
    may_confirm = is_own_organisation(case, request.user, organisation)
    form = SignAgreementForm(request.POST, request.FILES, organisation=organisation, may_confirm=may_confirm)
    if not form.is_valid():
        # Someone who may only register a copy is asked for the copy, not refused for lacking one.
        details = {"organisation": organisation, "with_copy": not may_confirm}
        return _invalid(request, case, CaseAction.SIGN_AGREEMENT, "sign_form", form, **details)
    signed_copy = form.cleaned_data.get("signed_copy")
    agreement = agreement_of(case)
    if agreement is None:
        return _refused(request, [_("There is no collaboration agreement to sign yet.")], case.get_absolute_url())
    return _act(
        request,
        case,
        lambda: services.sign_agreement(agreement, organisation=organisation, signed_copy=signed_copy, by=request.user),
        success=_("The agreement is signed for %(organisation)s.") % {"organisation": organisation.name},
        action=CaseAction.SIGN_AGREEMENT,
        name="sign_form",
        form=form,
        field="signed_copy",
        organisation=organisation,
        with_copy=signed_copy is not None,
    )


def _posted_organisation(request, case) -> PartnerOrganisation | None:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        return None
    return case.organisations.filter(pk=organisation_id).first()


@login_required
@require_safe
def signed_copy(request, pk, signature_pk):
    case = get_case_for_user(request.user, pk)
    signature = get_object_or_404(AgreementSignature, agreement__partnership=case, pk=signature_pk)
    return _download(signature.signed_copy, signature.signed_copy_filename)


# --- Exchange and follow-up --------------------------------------------------------------------


@login_required
@require_POST
def submit_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = FinalReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, case, CaseAction.SUBMIT_FINAL_REPORT, "report_form", form)
    return _act(
        request,
        case,
        lambda: services.submit_final_report(case, **form.cleaned_data, by=request.user),
        success=_("The final report was submitted to your programme adviser."),
        action=CaseAction.SUBMIT_FINAL_REPORT,
        name="report_form",
        form=form,
        field="attachment",
    )


@login_required
@require_safe
def final_report_attachment(request, pk, report_pk):
    case = get_case_for_user(request.user, pk)
    report = get_object_or_404(case.final_reports, pk=report_pk)
    return _download(report.attachment, report.attachment_filename)


@login_required
@require_POST
def accept_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = AcceptFinalReportForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, CaseAction.ACCEPT_FINAL_REPORT, "accept_report_form", form)
    return _act(
        request,
        case,
        lambda: services.accept_final_report(case, comment=form.cleaned_data["comment"], by=request.user),
        success=_("The final report was accepted, and the partnership is completed."),
        action=CaseAction.ACCEPT_FINAL_REPORT,
        name="accept_report_form",
        form=form,
        field="comment",
    )


@login_required
@require_POST
def return_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = ReturnFinalReportForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, CaseAction.RETURN_FINAL_REPORT, "return_report_form", form)
    return _act(
        request,
        case,
        lambda: services.return_final_report(case, comment=form.cleaned_data["comment"], by=request.user),
        success=_("The final report was returned to the partners for revision."),
        action=CaseAction.RETURN_FINAL_REPORT,
        name="return_report_form",
        form=form,
        field="comment",
    )


# --- Leaving early, and comments ---------------------------------------------------------------


@login_required
@require_POST
def withdraw(request, pk):
    case = get_case_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, CaseAction.WITHDRAW, "withdraw_form", form)
    return _act(
        request,
        case,
        lambda: services.withdraw(case, comment=form.cleaned_data["comment"], by=request.user),
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
        return _invalid(request, case, CaseAction.TERMINATE, "terminate_form", form)
    return _act(
        request,
        case,
        lambda: services.terminate(case, reason=form.cleaned_data["reason"], by=request.user),
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
        return _invalid(request, case, CaseAction.COMMENT, "comment_form", form)
    return _act(
        request,
        case,
        lambda: services.add_comment(case, text=form.cleaned_data["text"], by=request.user),
        success=_("Your comment was added to the timeline."),
        action=CaseAction.COMMENT,
        name="comment_form",
        form=form,
        field="text",
    )


# --- Downloads ---------------------------------------------------------------------------------


def _download(stored_file, original_name: str):
    """A case's uploaded file as an attachment under its original name; 404 when there is none."""
    if not stored_file:
        raise Http404
    try:
        handle = stored_file.storage.open(stored_file.name, "rb")
    except OSError as error:
        raise Http404 from error
    # The stored extension is the one the upload checks matched to the content (uploads.CaseUploadPath).
    content_type = mimetypes.guess_type(stored_file.name)[0] or "application/octet-stream"
    filename = original_name or PurePath(stored_file.name).name
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    return _private(response)


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
