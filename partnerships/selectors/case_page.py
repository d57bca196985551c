"""The case page's case: loaded once with what every section reads, so the page asks the
database a fixed number of questions whatever the case holds."""

from django.db.models import Prefetch, prefetch_related_objects

from partnerships.models import PHASES_BEFORE_REPORTS, FollowUpReport, Partner, Partnership
from partnerships.permissions import get_case_for_user


def case_for_page(user, pk: int) -> Partnership:
    """The case if `user` may see it (404 otherwise), with its application, agreement, partner
    meeting and partners (and, see final_reports, its reports)."""
    return get_case_for_user(
        user,
        pk,
        queryset=Partnership.objects.select_related("application", "agreement", "partner_meeting").prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation"))
        ),
    )


def final_reports(case: Partnership) -> list[FollowUpReport]:
    """The case's final reports, newest first, loaded onto the case (the rules read them too)."""
    if case.phase in PHASES_BEFORE_REPORTS:
        return []
    prefetch_related_objects(
        [case], Prefetch("final_reports", queryset=FollowUpReport.objects.select_related("submitted_by"))
    )
    return list(case.final_reports.all())
