"""The participant's own page, phone first: their exchange, what is due next and overdue, their
items to tick with their documents, and nothing of anyone else."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from exchanges import permissions, selectors
from exchanges.forms import ItemDoneForm


@login_required
@require_safe
def portal(request):
    participant = selectors.participation_of(request.user) if request.user.is_participant else None
    if participant is None:
        raise Http404
    page = selectors.participant_page(participant, today=timezone.localdate())
    for _phase, items in page["items_by_phase"]:
        for item in items:
            item.may_act = permissions.may_complete_item(item, request.user)
            item.form = ItemDoneForm(item=item) if item.may_act else None
    leg = participant.leg
    contacts = selectors.contacts_of(leg.home_organisation, leg.host_organisation)
    context = {
        "participant": participant,
        "leg": leg,
        "case": participant.partnership,
        "home_contacts": contacts[leg.home_organisation_id],
        "host_contacts": contacts[leg.host_organisation_id],
        **page,
    }
    return render(request, "exchanges/portal.html", context)


@login_required
@require_safe
def caseload_participants(request):
    """The adviser's participants across their caseload: overdue items, and who is abroad now."""
    if not permissions.may_see_caseload_participants(request.user):
        raise PermissionDenied
    context = {"participants": selectors.caseload_participants(request.user, today=timezone.localdate())}
    return render(request, "exchanges/caseload_participants.html", context)
