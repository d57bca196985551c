from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from norec.core.audit import events_for
from norec.core.idempotency import AlreadySubmitted
from norec.core.listing import counted_page_of
from norec.core.models import User
from norec.core.timeline import timeline_rows
from partnerships import services
from partnerships.forms import InviteContactForm, NewOrganisationForm, OrganisationFilterForm, OrganisationForm
from partnerships.models import PartnerOrganisation
from partnerships.permissions import (
    can_invite_contacts,
    can_list_organisations,
    can_manage_organisations,
    can_see_organisation_history,
    get_organisation_for_user,
    require,
)
from partnerships.selectors import organisations

PER_PAGE = 50
ORGANISATION_FORM = "partnerships/organisation_form.html"


@login_required
@require_safe
def organisation_list(request):
    user = request.user
    require(can_list_organisations(user))
    countries = organisations.country_choices(user)
    filters = OrganisationFilterForm(request.GET, countries=countries)
    order = organisations.ORGANISATION_SORTING.chosen(request.GET)
    found = organisations.filter_organisations(PartnerOrganisation.objects.visible_to(user), **filters.chosen())
    page = counted_page_of(organisations.organisation_values(found, order.order_by), request.GET, per_page=PER_PAGE)
    context = {
        "rows": organisations.table_rows(page.object_list, dict(countries)),
        "page": page,
        "filters": filters,
        "order": order,
        "sort": order.links(request.GET),
        "may_add": can_manage_organisations(user),
    }
    return render(request, "partnerships/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require(can_manage_organisations(request.user))
    form = NewOrganisationForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            organisation = services.add_organisation(**form.cleaned_data, by=request.user)
        except AlreadySubmitted as earlier:  # the same form again: show what it added the first time
            organisation = get_object_or_404(PartnerOrganisation, pk=earlier.result_id)
        except ValidationError as error:
            form.add_error(None, error)
            organisation = None
        if organisation is not None:
            message = _("%(name)s was added. Invite its partner contacts below.") % {"name": organisation.name}
            messages.success(request, message)
            return redirect(organisation)
    context = {"form": form, "organisation": None}
    return render(request, ORGANISATION_FORM, context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    require(can_manage_organisations(request.user))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if form.is_bound and form.is_valid():
        try:
            organisation = services.change_organisation(organisation, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The details of %(name)s were saved.") % {"name": organisation.name})
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, ORGANISATION_FORM, context, status=400 if form.is_bound else 200)


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
            user, _invitation = services.invite_partner_contact(organisation, **form.cleaned_data, by=request.user)
        except AlreadySubmitted as earlier:  # the same form again: the same answer as the first time
            user = get_object_or_404(User, pk=earlier.result_id)
        except ValidationError as error:
            form.add_error("email", error)
            user = None
        if user is not None:
            if not user.has_usable_password():
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
        "may_edit": can_manage_organisations(request.user),
        "events": timeline_rows(events_for(organisation))[:50]
        if can_see_organisation_history(request.user, organisation)
        else None,
    }
