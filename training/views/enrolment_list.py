"""The enrolments list (advisers: every enrolment; a partner contact: their organisations'
participants' and contacts') with its filters, sort and pages in the URL, and its downloads: the
page and the downloads read the same filtered rows. Participants have their own courses page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from norec.core.exports import download_response, require_format
from norec.core.listing import list_page_context
from training import enrolment_list as listing
from training import permissions
from training.list_forms import EnrolmentFilterForm

ENROLMENTS_PER_PAGE = 50
FILTERS = ("course", "session", "venue", "state", "year")


def listed_enrolments(request) -> tuple:
    """The filter form, the sort and the enrolments' rows (values, not yet read) this request asks for."""
    if not permissions.may_browse_sessions(request.user):
        raise PermissionDenied
    enrolments = listing.enrolments_for(request.user)
    sessions = listing.sessions_of(enrolments)
    filters = EnrolmentFilterForm(
        request.GET, sessions=listing.session_choices(sessions), venues=listing.venue_choices(sessions)
    )
    filters.is_valid()
    sort = listing.SORTING.chosen(request.GET)
    return (
        filters,
        sort,
        listing.enrolment_values(listing.filter_enrolments(enrolments, **filters.chosen()), sort, reader=request.user),
    )


@login_required
@require_safe
def enrolment_list(request):
    filters, sort, values = listed_enrolments(request)
    page = Paginator(values, ENROLMENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = listing.page_rows(page.object_list, timezone.localdate())
    context = list_page_context(request, filters=filters, sort=sort, page=page, rows=rows, filter_names=FILTERS)
    return render(request, "training/enrolment_list.html", context)


@login_required
@require_safe
def export_enrolments(request, file_format: str):
    require_format(file_format)
    _filters, _sort, values = listed_enrolments(request)
    header = [
        _("Name"),
        _("Organisation"),
        _("Partnership"),
        _("Course"),
        _("First day"),
        _("Last day"),
        _("Venue"),
        _("State"),
        _("Attendance"),
    ]
    rows = listing.export_rows(values, timezone.localdate())
    filename = f"enrolments-{timezone.localdate().isoformat()}"
    return download_response(file_format, filename, _("Enrolments"), header, rows)
