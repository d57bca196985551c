"""What a case waits for because of its amendments (partnerships.hooks.WaitingSource): a submitted
amendment waits for the adviser since it was submitted; a returned one for the partners since it
was returned. The case lists sort by these, and their rows say it."""

from datetime import date

from django.db.models import F, Func, OuterRef, Subquery
from django.utils.translation import gettext_lazy

from amendments.models import Amendment, AmendmentState
from partnerships.hooks import Owed, WaitingSource
from partnerships.words import said

# What the rows say, kept on the case in no language (partnerships.words) and read in the reader's.
MESSAGES = {
    "amendments.to_decide": gettext_lazy("%(reference)s (%(subject)s) to decide"),
    "amendments.returned": gettext_lazy("%(reference)s (%(subject)s) returned for revision"),
}


def _earliest(queryset, field: str):
    return Subquery(queryset.order_by().annotate(earliest=Func(F(field), function="MIN")).values("earliest"))


def adviser_since(today: date) -> list:
    waiting = Amendment.objects.filter(partnership=OuterRef("pk"), state=AmendmentState.SUBMITTED)
    return [_earliest(waiting, "submitted_at")]


def others_since(today: date) -> list:
    returned = Amendment.objects.filter(partnership=OuterRef("pk"), state=AmendmentState.RETURNED)
    return [_earliest(returned, "decided_at")]


def owed(case_pks: list[int], today: date) -> dict[int, list[Owed]]:
    """One query: the open amendments that wait for someone, by case."""
    found: dict[int, list[Owed]] = {}
    waiting = (
        Amendment.objects.filter(
            partnership_id__in=case_pks, state__in=(AmendmentState.SUBMITTED, AmendmentState.RETURNED)
        )
        .select_related("exchange_round")
        .order_by("submitted_at", "pk")
    )
    for amendment in waiting:
        words = {"reference": amendment.reference, "subject": amendment.subject}
        if amendment.state == AmendmentState.SUBMITTED:
            owed = Owed("adviser", said("amendments.to_decide", **words), amendment.submitted_at)
        else:
            owed = Owed("partners", said("amendments.returned", **words), amendment.decided_at)
        found.setdefault(amendment.partnership_id, []).append(owed)
    return found


AMENDMENT_WAITING = WaitingSource(adviser_since=adviser_since, others_since=others_since, owed=owed, messages=MESSAGES)
