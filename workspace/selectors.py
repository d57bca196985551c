"""What each role's home page reads, in a fixed number of queries."""

from django.db.models import Count
from django.utils import timezone

from amendments.selectors import amendments_to_finish
from exchanges.selectors import age_decisions, participation_of
from exchanges.selectors.homes import contact_exchanges
from partnerships.models import OPEN_PHASES, PartnerOrganisation, Partnership, Phase
from partnerships.selectors import lists
from partnerships.selectors.waiting import WaitingFor

HOME_CASES = 20
HOME_AGE_DECISIONS = 10  # the rest are on the caseload's participants page


def home_context(user) -> dict:
    context = {
        "organisations": [],
        "cases": [],
        "waiting": [],
        "phase_counts": [],
        "participation": None,
        "exchanges": None,
        "age_decisions": None,
        "amendments": [],
    }
    if user.is_adviser:
        caseload = Partnership.objects.filter(adviser=user)
        counts = dict(caseload.values_list("phase").annotate(total=Count("pk")).values_list("phase", "total"))
        context["phase_counts"] = [(Phase(phase), counts.get(phase, 0)) for phase in OPEN_PHASES]
        # What waits for her first, the longest waiting first (one query: the order is SQL's).
        rows = lists.recent_case_rows(caseload.filter(phase__in=OPEN_PHASES), limit=HOME_CASES, adviser_first=True)
        context["waiting"] = [row for row in rows if row.waiting and row.waiting.is_for_adviser]
        context["cases"] = [row for row in rows if not (row.waiting and row.waiting.is_for_adviser)]
        # A participant's age outside the main rule waits for her decision on the participant's page.
        context["age_decisions"] = age_decisions(user, limit=HOME_AGE_DECISIONS)
    elif user.is_partner_contact:
        organisations = PartnerOrganisation.objects.visible_to(user).values("pk", "name", "country", "kind")
        context["organisations"] = lists.organisation_rows(organisations)
        # What waits for the partners first (a pre-study, a draft, a returned application, signatures).
        rows = lists.recent_case_rows(Partnership.objects.visible_to(user), limit=HOME_CASES, partners_first=True)
        context["cases"] = rows
        context["waiting"] = [row for row in rows if row.waiting and row.waiting.who == WaitingFor.PARTNERS]
        # What waits for their organisations, and their participants by round.
        mine = [row.pk for row in context["organisations"]]
        context["exchanges"] = contact_exchanges(user, mine, today=timezone.localdate())
        # Amendments the partners hold: returned for revision, or drafts not yet submitted.
        context["amendments"] = amendments_to_finish(user)
    elif user.is_participant:
        context["participation"] = participation_of(user)
    return context
