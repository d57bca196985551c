"""The training app's downloads: a session's attendee list (CSV, XLSX) for advisers, and the
invitation letter of a confirmed enrolment (PDF) for the person and their organisation."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from norec.core.pdf import render_pdf
from partnerships.views.responses import pdf_response, private_response
from training import exports, permissions, selectors
from training.letters import letter_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attendees(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    if not permissions.may_plan_sessions(request.user):
        raise PermissionDenied
    return session, selectors.export_enrolments(session)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return private_response(response)


@login_required
@require_safe
def attendees_csv(request, pk):
    session, enrolments = _attendees(request, pk)
    return _download(exports.as_csv(session, enrolments), "text/csv; charset=utf-8", exports.file_name(session, "csv"))


@login_required
@require_safe
def attendees_xlsx(request, pk):
    session, enrolments = _attendees(request, pk)
    return _download(exports.as_xlsx(session, enrolments), XLSX, exports.file_name(session, "xlsx"))


@login_required
@require_safe
def invitation_letter(request, enrolment_pk):
    enrolment = permissions.get_enrolment_for_user(request.user, enrolment_pk)
    if not permissions.may_download_letter(enrolment, request.user):
        raise Http404  # no letter for a place that is not confirmed
    context = letter_context(request, enrolment, today=timezone.localdate())
    return pdf_response(
        render_pdf("training/letter_pdf.html", context),
        f"invitation-letter-{enrolment.session.kind}-{enrolment.session.starts_on.isoformat()}.pdf",
    )
