"""The rounds list (an adviser's own cases' rounds or every case's; a partner contact's
organisations' rounds) with its filters, sort and pages in the URL, and its downloads: the page
and the downloads read the same filtered rows."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from exchanges.list_forms import RoundFilterForm
from exchanges.selectors import round_list as listing
from norec.core.exports import download_response, require_format
from norec.core.listing import list_page_context
from partnerships.models import DIRECTION_NAMES, RoundDirection
from partnerships.permissions import can_list_cases, require

ROUNDS_PER_PAGE = 50
FILTERS = ("state", "phase", "year", "country")


def listed_rounds(request) -> tuple:
    """The scope (an adviser's "mine" or "all"), the filter form, the sort and the rounds' rows
    (values, not yet read) this request asks for."""
    user = request.user
    require(can_list_cases(user))  # advisers and partner contacts; participants have their portal
    scope = "all" if not user.is_adviser or request.GET.get("scope") == "all" else "mine"
    rounds = listing.rounds_for(user, scope=scope)
    filters = RoundFilterForm(request.GET, country_codes=listing.countries_of(rounds))
    filters.is_valid()
    sort = listing.SORTING.chosen(request.GET)
    return scope, filters, sort, listing.round_values(listing.filter_rounds(rounds, **filters.chosen()), sort)


@login_required
@require_safe
def round_list(request):
    scope, filters, sort, values = listed_rounds(request)
    page = Paginator(values, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
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
    return render(request, "exchanges/round_list.html", context)


@login_required
@require_safe
def export_rounds(request, file_format: str):
    require_format(file_format)
    _scope, _filters, _sort, values = listed_rounds(request)
    by_direction = []
    for direction in RoundDirection:
        name = DIRECTION_NAMES[direction]
        by_direction += [
            _("Planned %(direction)s") % {"direction": name},
            _("Recruited %(direction)s") % {"direction": name},
        ]
    header = [
        _("Partnership"),
        _("Phase"),
        _("Round"),
        _("State"),
        _("Planned start"),
        _("Planned end"),
        *by_direction,
        _("Checklist items done"),
        _("Checklist items that apply"),
    ]
    rows = listing.export_rows(values)
    filename = f"rounds-{timezone.localdate().isoformat()}"
    return download_response(file_format, filename, _("Rounds"), header, rows)
