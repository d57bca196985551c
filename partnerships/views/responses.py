"""How every case action answers, and how a case's files are served.

Every action view fetches the case through get_case_for_user (404 for "not yours" and "does not
exist" alike) and calls exactly one service through `act`. The services say no in three ways, and
each has one answer:
  - TransitionRefused: every reason as an error message, back to the case page;
  - ValidationError: the case page again, status 400, with the form as typed and the error on it;
  - success: a message and a redirect (post/redirect/get)."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header

from norec.core.forms import posted_revision
from norec.core.idempotency import AlreadySubmitted
from partnerships.permissions import (
    CaseAction,
    application_of,
    refusal_reasons,
)
from partnerships.services import TransitionRefused
from partnerships.views.cases import render_case_page


def refused(request, reasons, to: str):
    for reason in reasons:
        messages.error(request, reason)
    return redirect(to)


def invalid(request, case, action: CaseAction, name: str, form, **details):
    """A form that did not validate: if the action is not allowed at all, say why (as a forced POST
    would be told); otherwise show the case page again with the form as typed."""
    reasons = refusal_reasons(case, action, request.user, **details)
    if reasons:
        return refused(request, reasons, case.get_absolute_url())
    return render_case_page(request, case, status=400, **{name: form})


def act(request, case, call, *, success: str, action: CaseAction, name: str = "", form=None, field=None, **details):
    """Run one service, `call(expected_revision)`, with the revision the page showed (the service
    refuses a stale page); answer with a redirect, or with the form again."""
    try:
        call(posted_revision(request))
    except TransitionRefused as refusal:
        to = case.get_absolute_url()
        if action == CaseAction.SUBMIT_APPLICATION and application_of(case) is not None:
            to = reverse("partnerships:application_edit", args=[case.pk])  # the missing items show there
        return refused(request, refusal.reasons, to)
    except ValidationError as error:
        if form is None:
            raise
        form.add_error(field, error)
        return invalid(request, case, action, name, form, **details)
    except AlreadySubmitted:
        pass  # the same form a second time (a double click): it was done once, and that is the answer
    messages.success(request, success)
    return redirect(case)


def download(stored_file, original_name: str):
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
    return private_response(response)


def pdf_response(pdf: bytes, filename: str):
    """A PDF made for the reader, shown in the browser (inline) under `filename`, never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return private_response(response)


def private_response(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
