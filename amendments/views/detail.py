"""An amendment's page (what changes from what to what, why, the documents, the effects of
approving it, and what the reader may do next), its PDF form and its documents."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from amendments import permissions, services
from amendments.changes import change_rows
from amendments.effects import effects_of
from amendments.forms import DocumentForm, ReasonForm, WithdrawForm
from amendments.models import SUPPORTING_TYPES, AmendmentState
from amendments.selectors import amendment_events, get_amendment_for_user
from exchanges.views.responses import act, refuse
from norec.core.forms import file_help, file_input, posted_revision
from norec.core.pdf import render_pdf
from partnerships.views.responses import download, pdf_response

STEPS = ("submit", "withdraw")


def amendment_page(request, amendment, *, status=200, reason_form=None, document_form=None, withdraw_form=None):
    user = request.user
    case = amendment.partnership
    may_edit = permissions.may_edit(amendment, user)
    may_decide = amendment.state == AmendmentState.SUBMITTED and case.has_adviser(user)
    stale = permissions.stale_reasons(amendment) if amendment.is_open else []
    if document_form is None and may_edit:
        document_form = _document_form()
    context = {
        "amendment": amendment,
        "case": case,
        "rows": change_rows(amendment.baseline, amendment.proposal),
        "documents": list(amendment.documents.select_related("uploaded_by")),
        "stale": stale,
        "effects": effects_of(amendment) if amendment.is_open else None,
        "may_edit": may_edit,
        "submit_reasons": permissions.transition_refusal_reasons(amendment, "submit", user) if may_edit else [],
        "may_withdraw": permissions.may(amendment, "withdraw", user),
        "may_decide": may_decide,
        "reason_form": reason_form or (ReasonForm() if may_decide else None),
        "document_form": document_form,
        "waiting_for": _waiting_for(amendment, user),
        "events": amendment_events(amendment),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "amendments/amendment_detail.html", context, status=status)


def _document_form(data=None, files=None):
    form = DocumentForm(data, files)
    form.fields["document"].widget = file_input(SUPPORTING_TYPES)
    form.fields["document"].help_text = file_help(SUPPORTING_TYPES)
    return form


def _waiting_for(amendment, user) -> str:
    case = amendment.partnership
    if amendment.state == AmendmentState.SUBMITTED and not case.has_adviser(user):
        return _("Waiting for the programme adviser, %(name)s, to decide.") % {"name": case.adviser.full_name}
    if amendment.state in (AmendmentState.DRAFT, AmendmentState.RETURNED) and not case.has_contact(user):
        return _("Waiting for the partners to submit it.")
    return ""


@login_required
@require_safe
def detail(request, amendment_pk):
    return amendment_page(request, get_amendment_for_user(request.user, amendment_pk))


@login_required
@require_POST
def take_step(request, amendment_pk, step):
    amendment = get_amendment_for_user(request.user, amendment_pk)
    if step not in STEPS:
        raise Http404
    if step == "withdraw" and permissions.may(amendment, "withdraw", request.user):
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return amendment_page(request, amendment, status=400, withdraw_form=form)
    service = services.submit_amendment if step == "submit" else services.withdraw_amendment
    success = (
        _("%(reference)s is submitted to the programme adviser.")
        if step == "submit"
        else _("%(reference)s is withdrawn.")
    ) % {"reference": amendment.reference}
    return act(
        request,
        lambda: service(amendment, by=request.user, expected_revision=posted_revision(request)),
        success=success,
        to=amendment.get_absolute_url(),
    )


DECISIONS = {
    "approve": (services.approve_amendment, gettext_lazy("%(reference)s is approved, and the change is applied.")),
    "reject": (services.reject_amendment, gettext_lazy("%(reference)s is rejected.")),
    "return": (services.return_amendment, gettext_lazy("%(reference)s is returned to the partners for revision.")),
}


@login_required
@require_POST
def decide(request, amendment_pk):
    """One form, three buttons (each sends its `decision`): the reason is typed once."""
    amendment = get_amendment_for_user(request.user, amendment_pk)
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        raise Http404
    service, message = DECISIONS[decision]
    transition = "return_for_revision" if decision == "return" else decision
    reasons = permissions.transition_refusal_reasons(amendment, transition, request.user)
    form = ReasonForm(request.POST)
    if reasons:
        return refuse(request, reasons, amendment.get_absolute_url())
    if not form.is_valid():
        return amendment_page(request, amendment, status=400, reason_form=form)
    return act(
        request,
        lambda: service(
            amendment, reason=form.cleaned_data["reason"], by=request.user, expected_revision=posted_revision(request)
        ),
        success=str(message) % {"reference": amendment.reference},
        to=amendment.get_absolute_url(),
        form=form,
        field="reason",
        invalid=lambda: amendment_page(request, amendment, status=400, reason_form=form),
    )


@login_required
@require_POST
def add_document(request, amendment_pk):
    amendment = get_amendment_for_user(request.user, amendment_pk)
    form = _document_form(request.POST, request.FILES)
    reasons = permissions.edit_refusal_reasons(amendment, request.user)
    if reasons:
        return refuse(request, reasons, amendment.get_absolute_url())
    if not form.is_valid():
        return amendment_page(request, amendment, status=400, document_form=form)
    return act(
        request,
        lambda: services.add_document(
            amendment,
            upload=form.cleaned_data["document"],
            by=request.user,
            expected_revision=posted_revision(request),
        ),
        success=_("The document is added."),
        to=amendment.get_absolute_url(),
        form=form,
        field="document",
        invalid=lambda: amendment_page(request, amendment, status=400, document_form=form),
    )


@login_required
@require_POST
def remove_document(request, amendment_pk, document_pk):
    amendment = get_amendment_for_user(request.user, amendment_pk)
    document = get_object_or_404(amendment.documents, pk=document_pk)
    return act(
        request,
        lambda: services.remove_document(document, by=request.user, expected_revision=posted_revision(request)),
        success=_("The document is removed."),
        to=amendment.get_absolute_url(),
    )


@login_required
@require_safe
def document(request, amendment_pk, document_pk):
    amendment = get_amendment_for_user(request.user, amendment_pk)
    found = get_object_or_404(amendment.documents, pk=document_pk)
    return download(found.file, found.filename)


@login_required
@require_safe
def pdf(request, amendment_pk):
    amendment = get_amendment_for_user(request.user, amendment_pk)

    case = amendment.partnership
    with translation.override(case.language):
        content = render_pdf(
            "amendments/amendment_pdf.html",
            {
                "amendment": amendment,
                "case": case,
                "rows": change_rows(amendment.baseline, amendment.proposal),
                "documents": list(amendment.documents.all()),
                "today": timezone.localdate(),
            },
        )
    return pdf_response(content, f"{amendment.reference}.pdf")
