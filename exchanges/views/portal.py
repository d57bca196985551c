"""The participant's own page, phone first: what is due (overdue, this week, later), their
exchange, their items to tick with their documents, and nothing of anyone else."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from exchanges import selectors
from exchanges.portal_sections import portal_sections
from exchanges.views.checklist import prepare_items


@login_required
@require_safe
def portal(request):
    participant = selectors.participation_of(request.user) if request.user.is_participant else None
    if participant is None:
        raise Http404
    page = selectors.participant_page(participant, today=timezone.localdate(), for_the_participant=True)  # her date
    page_messages = prepare_items(request, page)
    due = page["next_items"]
    leg = participant.leg
    contacts = selectors.contacts_of(leg.home_organisation, leg.host_organisation)
    context = {
        "participant": participant,
        "leg": leg,
        "case": participant.partnership,
        "home_contacts": contacts[leg.home_organisation_id],
        "host_contacts": contacts[leg.host_organisation_id],
        "messages": page_messages,  # those about an item are beside it
        "portal_sections": portal_sections(participant, request.user),
        "due_groups": [
            ("overdue", _("Overdue"), due["overdue"]),
            ("this-week", _("This week"), due["this_week"]),
            ("later", _("Later"), due["later"]),
        ],
        **page,
    }
    return render(request, "exchanges/portal.html", context)
