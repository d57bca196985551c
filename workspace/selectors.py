"""What each role's home page reads, in a fixed number of queries."""

from django.db.models import Count

from partnerships.models import OPEN_PHASES, PartnerOrganisation, Partnership, Phase

HOME_CASES = 20


def home_context(user) -> dict:
    context = {"organisations": [], "cases": [], "phase_counts": []}
    if user.is_adviser:
        caseload = Partnership.objects.filter(adviser=user)
        counts = dict(caseload.values_list("phase").annotate(total=Count("pk")).values_list("phase", "total"))
        context["phase_counts"] = [(Phase(phase), counts.get(phase, 0)) for phase in OPEN_PHASES]
        context["cases"] = _case_rows(caseload.filter(phase__in=OPEN_PHASES))
    elif user.is_partner_contact:
        context["organisations"] = list(PartnerOrganisation.objects.visible_to(user))
        context["cases"] = _case_rows(Partnership.objects.visible_to(user))
    return context


def _case_rows(cases) -> list[Partnership]:
    return list(cases.select_related("adviser").prefetch_related("organisations").order_by("-updated_at")[:HOME_CASES])
