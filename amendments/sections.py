"""What the amendments app adds to other pages: the amendments section of a case page, and the
link to apply for a round agreement amendment (C05) on a round's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from amendments import permissions
from amendments.models import AmendmentKind, AmendmentState
from amendments.models.rules import round_amendable_states
from amendments.selectors import case_amendments, open_amendment_for
from partnerships.case_sections import SectionLink
from partnerships.models import Phase

AMENDMENTS_SECTION = "amendments/case_amendments.html"


def amendments_section(case, user) -> dict | None:
    if case.phase in (Phase.PRE_STUDY, Phase.APPLICATION, Phase.WITHDRAWN, Phase.DECLINED):
        return None  # no agreement to amend (and no query for it)
    if not (case.has_adviser(user) or case.has_contact(user)):
        return None
    amendments = case_amendments(case)
    has_agreement = case.phase in (Phase.EXCHANGE, Phase.FOLLOW_UP, Phase.COMPLETED, Phase.TERMINATED)
    if not amendments and case.phase != Phase.EXCHANGE:
        return {"amendments": [], "history": has_agreement, "start_b03": False} if has_agreement else None
    may_start_b03 = permissions.may_start(case, user, kind=AmendmentKind.B03)
    links = []
    for amendment in amendments:
        if amendment.state == AmendmentState.SUBMITTED and case.has_adviser(user):
            links.append(
                SectionLink(
                    _("Decide on %(reference)s (%(subject)s)")
                    % {"reference": amendment.reference, "subject": amendment.subject},
                    amendment.get_absolute_url(),
                )
            )
        if amendment.state == AmendmentState.RETURNED and case.has_contact(user):
            links.append(
                SectionLink(
                    _("Revise %(reference)s: the programme adviser returned it") % {"reference": amendment.reference},
                    amendment.get_absolute_url(),
                )
            )
    open_b03 = next((a for a in amendments if a.kind == AmendmentKind.B03 and a.is_open), None)
    return {
        "amendments": amendments,
        "start_b03": may_start_b03,
        "open_b03": open_b03 if case.has_contact(user) and case.phase == Phase.EXCHANGE else None,
        "history": has_agreement,
        "links": links,
    }


def round_amendment_links(exchange_round, user) -> list[SectionLink]:
    """On a round being prepared or abroad: apply for a C05, or go to the one that is open."""
    case = exchange_round.partnership
    if exchange_round.state not in round_amendable_states() or not case.has_contact(user):
        return []
    open_one = open_amendment_for(case, kind=AmendmentKind.C05, exchange_round=exchange_round)
    if open_one is not None:
        return [
            SectionLink(
                _("See %(reference)s, the round agreement amendment (C05) that is open")
                % {"reference": open_one.reference},
                open_one.get_absolute_url(),
            )
        ]
    return [
        SectionLink(
            _("Apply for a round agreement amendment (C05)"),
            reverse("amendments:start_c05", args=[case.pk, exchange_round.number]),
        )
    ]
