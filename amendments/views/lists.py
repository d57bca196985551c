"""The adviser's queue of amendments waiting for a decision, and an agreement's history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from amendments import permissions
from amendments.forms import HistoryDateForm, QueueFilterForm
from amendments.history import agreement_on, change_list
from amendments.models import AmendmentState
from amendments.selectors import QUEUE_SORTING, adviser_queue
from amendments.snapshot import whole_agreement
from norec.core.listing import counted_page_of
from partnerships.models import Agreement
from partnerships.permissions import get_case_for_user

PER_PAGE = 50


@login_required
@require_safe
def queue(request):
    if not permissions.may_see_queue(request.user):
        raise PermissionDenied
    filters = QueueFilterForm(request.GET)
    order = QUEUE_SORTING.chosen(request.GET)
    found = adviser_queue(request.user, **filters.chosen(), order_by=order.order_by)
    page = counted_page_of(found, request.GET, per_page=PER_PAGE)
    now = timezone.now()
    for amendment in page.object_list:  # only what waits for a decision is waiting
        waits = amendment.state == AmendmentState.SUBMITTED and amendment.submitted_at
        amendment.waited_days = (now - amendment.submitted_at).days if waits else None
    context = {
        "waiting": page.object_list,
        "page": page,
        "filters": filters,
        "order": order,
        "sort": order.links(request.GET),
        "everyone": filters.chosen().get("who") == "all",
    }
    return render(request, "amendments/queue.html", context)


@login_required
@require_safe
def history(request, pk):
    case = get_case_for_user(request.user, pk)
    agreement = Agreement.objects.filter(partnership=case).first()
    today = timezone.localdate()
    form = HistoryDateForm(request.GET) if "on" in request.GET else HistoryDateForm(initial={"on": today})
    day = form.cleaned_data["on"] if form.is_bound and form.is_valid() else today
    context = {"case": case, "agreement": agreement, "form": form, "day": day}
    if agreement is not None:
        agreement.partnership = case  # its partners are read through it
        context["before_agreement"] = day < agreement.created_at.date()
        values = whole_agreement(agreement)
        context["as_of"] = agreement_on(agreement, day, values)
        context["changes"] = change_list(agreement, values)
    return render(request, "amendments/history.html", context)
