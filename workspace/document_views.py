"""The workspace's documents: a case's summary as PDF, for those who may see the case page."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from partnerships.permissions import get_case_for_user
from partnerships.views.responses import pdf_response
from workspace.case_summary import render_case_summary_pdf


@login_required
@require_safe
def case_summary_pdf(request, pk):
    case = get_case_for_user(request.user, pk)  # 404 for a case that is not theirs, as the case page
    filename = f"case-summary-{case.pk}-{slugify(case.name) or 'partnership'}.pdf"
    return pdf_response(render_case_summary_pdf(case, today=timezone.localdate()), filename)
