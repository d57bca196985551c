"""The adviser's queue of amendments waiting for a decision, and an agreement's history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from amendments import permissions
from amendments.forms import HistoryDateForm
from amendments.history import agreement_on, change_list
from amendments.selectors import adviser_queue
from amendments.snapshot import whole_agreement
from partnerships.models import Agreement
from partnerships.permissions import get_case_for_user


@login_required
@require_safe
def queue(request):
    if not permissions.may_see_queue(request.user):
        raise PermissionDenied
    everyone = request.GET.get("who") == "all"
    now = timezone.now()
    waiting = list(adviser_queue(request.user, everyone=everyone)[:200])
    for amendment in waiting:
        amendment.waited_days = (now - amendment.submitted_at).days
    return render(request, "amendments/queue.html", {"waiting": waiting, "everyone": everyone})


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
