"""The adviser's participants page (their caseload's, or every case's) with its filters, sort and
pages in the URL, and its downloads: the page and the downloads read the same filtered rows."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from exchanges import permissions, selectors
from exchanges.list_forms import ParticipantFilterForm
from exchanges.selectors import participant_list as listing
from norec.core.exports import download_response, require_format
from norec.core.listing import list_page_context

PARTICIPANTS_PER_PAGE = 50
FILTERS = ("case", "round_state", "direction", "country", "year", "status")


def listed_participants(request) -> tuple:
    """The scope ("mine": the adviser's caseload, or "all"), the filter form, the sort and the
    participants' rows (values, not yet read) this request asks for."""
    if not permissions.may_see_caseload_participants(request.user):
        raise PermissionDenied
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    participants = listing.participants_for(request.user, scope=scope)
    filters = ParticipantFilterForm(
        request.GET,
        country_codes=listing.countries_of(participants),
        cases=listing.cases_of(participants),
        statuses=listing.Situation.choices,
    )
    filters.is_valid()
    sort = listing.SORTING.chosen(request.GET)
    filtered = listing.filter_participants(participants, today=timezone.localdate(), **filters.chosen())
    return scope, filters, sort, listing.participant_values(filtered, sort)


@login_required
@require_safe
def caseload_participants(request):
    """The adviser's participants: the ages to decide, the overdue checklist items and who is abroad
    in their caseload, then every participant, filtered and sorted as the URL says."""
    scope, filters, sort, values = listed_participants(request)
    page = Paginator(values, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "participants": selectors.caseload_participants(request.user, today=timezone.localdate()),
        "scope": scope,
        **list_page_context(
            request,
            filters=filters,
            sort=sort,
            page=page,
            rows=listing.page_rows(page.object_list),
            filter_names=FILTERS,
        ),
    }
    return render(request, "exchanges/caseload_participants.html", context)


@login_required
@require_safe
def export_participants(request, file_format: str):
    require_format(file_format)
    _scope, _filters, _sort, values = listed_participants(request)
    header = [
        _("Name"),
        _("Sending organisation"),
        _("Host organisation"),
        _("Partnership"),
        _("Round"),
        _("Direction"),
        _("Departure"),
        _("Return"),
        _("Status"),
        _("Checklist items done"),
        _("Checklist items that apply"),
    ]
    rows = listing.export_rows(values)
    filename = f"participants-{timezone.localdate().isoformat()}"
    return download_response(file_format, filename, _("Participants"), header, rows)
