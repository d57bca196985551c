"""The collaboration agreement: its PDF, the signatures and the signed copies."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnerships import services
from partnerships.case_forms import (
    SignAgreementForm,
)
from partnerships.documents import render_agreement_pdf
from partnerships.models import (
    AgreementSignature,
    PartnerOrganisation,
)
from partnerships.permissions import (
    CaseAction,
    agreement_of,
    get_case_for_user,
    may_confirm_signature,
)
from partnerships.views.responses import act, download, invalid, pdf_response, refused


@login_required
@require_safe
def agreement_pdf(request, pk):
    case = get_case_for_user(request.user, pk)
    agreement = agreement_of(case)
    if agreement is None:
        raise Http404
    filename = f"collaboration-agreement-{case.pk}-{slugify(case.name) or 'partnership'}.pdf"
    return pdf_response(render_agreement_pdf(agreement), filename)


@login_required
@require_POST
def sign_agreement(request, pk):
    case = get_case_for_user(request.user, pk)
    organisation = _posted_organisation(request, case)
    if organisation is None:
        reason = _("Choose an organisation of this partnership to sign for.")
        return refused(request, [reason], case.get_absolute_url())
    may_confirm = may_confirm_signature(case, request.user, organisation)
    form = SignAgreementForm(request.POST, request.FILES, organisation=organisation, may_confirm=may_confirm)
    if not form.is_valid():
        # Someone who may only register a copy is asked for the copy, not refused for lacking one.
        details = {"organisation": organisation, "with_copy": not may_confirm}
        return invalid(request, case, CaseAction.SIGN_AGREEMENT, "sign_form", form, **details)
    signed_copy = form.cleaned_data.get("signed_copy")
    agreement = agreement_of(case)
    if agreement is None:
        return refused(request, [_("There is no collaboration agreement to sign yet.")], case.get_absolute_url())
    return act(
        request,
        case,
        lambda revision: services.sign_agreement(
            agreement, organisation=organisation, signed_copy=signed_copy, expected_revision=revision, by=request.user
        ),
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
    return download(signature.signed_copy, signature.signed_copy_filename)
