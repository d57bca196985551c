"""The case list's downloads: every case the list shows with its filters, as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from norec.core.exports import download_response, require_format
from partnerships.selectors.exports import case_export_rows
from partnerships.views.cases import listed_cases


@login_required
@require_safe
def export_cases(request, file_format: str):
    require_format(file_format)
    _scope, _filters, cases = listed_cases(request)
    header = [
        _("Partnership"),
        _("Phase"),
        _("Programme adviser"),
        _("Partner organisations"),
        _("Countries"),
        _("Coordinating partner"),
        _("Opened"),
        _("Agreement from"),
        _("Agreement until"),
    ]
    rows = case_export_rows(cases)
    filename = f"partnerships-{timezone.localdate().isoformat()}"
    return download_response(file_format, filename, _("Partnerships"), header, rows)
