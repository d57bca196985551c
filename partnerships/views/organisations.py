from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from norec.core.audit import events_for
from norec.core.timeline import timeline_rows
from partnerships import services
from partnerships.forms import InviteContactForm
from partnerships.models import PartnerOrganisation
from partnerships.permissions import (
    can_invite_contacts,
    can_list_organisations,
    can_see_organisation_history,
    get_organisation_for_user,
    require,
)
from partnerships.selectors import lists

ORGANISATIONS_PER_PAGE = 50


@login_required
@require_safe
def organisation_list(request):
    require(can_list_organisations(request.user))
    organisations = lists.organisation_list_rows(PartnerOrganisation.objects.visible_to(request.user))
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisations": lists.organisation_rows(page.object_list),
        "page": page,
        "query_without_page": query.urlencode(),
    }
    return render(request, "partnerships/organisation_list.html", context)


@login_required
@require_safe
def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    return render(request, "partnerships/organisation_detail.html", _detail_context(request, organisation))


@login_required
@require_http_methods(["POST"])
def invite_contact(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    require(can_invite_contacts(request.user, organisation))
    form = InviteContactForm(request.POST)
    if form.is_valid():
        try:
            user, invitation = services.invite_partner_contact(organisation, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if invitation:
                messages.success(request, _("%(name)s was invited by email.") % {"name": user.full_name})
            else:
                messages.success(request, _("%(name)s was added as a contact.") % {"name": user.full_name})
            return redirect(organisation.get_absolute_url())
    context = _detail_context(request, organisation, invite_form=form)
    return render(request, "partnerships/organisation_detail.html", context, status=400)


def _detail_context(request, organisation, invite_form=None):
    may_invite = can_invite_contacts(request.user, organisation)
    return {
        "organisation": organisation,
        "contacts": organisation.contacts.order_by("full_name"),
        "invite_form": (invite_form or InviteContactForm()) if may_invite else None,
        "events": timeline_rows(events_for(organisation))[:50]
        if can_see_organisation_history(request.user, organisation)
        else None,
    }
