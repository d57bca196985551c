"""A case's summary as PDF: the agreement with its history of amendments, its rounds and their
participants, the amendments, and the case's timeline, for anyone who may see the case page.

Three steps (STYLE 9): the template, the context built here (tested apart from rendering), and
norec.core.pdf.render_pdf. The participants are shown as the round pages show them to the same
people (name, organisations, direction, dates, status): nothing of their passports, birth dates,
contact details or allowance. A constant number of queries, however many rounds and participants."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from amendments.history import change_list
from amendments.selectors import case_amendments
from amendments.snapshot import whole_agreement
from exchanges.models import Participant
from exchanges.selectors import rounds_of_agreement
from norec.core.audit import action_label, event_detail, event_details, events_for, without_stored_sentence
from norec.core.pdf import render_pdf
from norec.core.states import state_label
from norec.core.timeline import timeline_rows
from partnerships.models import BUDGET_CURRENCY, Partnership, count_participants, direction_of, format_amount
from partnerships.permissions import agreement_of

SUMMARY_TEMPLATE = "workspace/case_summary_pdf.html"
# The latest entries of the timeline the summary prints (the case's timeline page has them all).
TIMELINE_ENTRIES = 200


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    what: str
    states: str
    who: str
    text: str


def case_summary_context(case: Partnership, *, today: date) -> dict:
    partners = list(case.partners.select_related("organisation").order_by("-is_coordinating", "organisation__name"))
    direction = direction_of(partner.organisation for partner in partners)
    context = {
        "case": case,
        "adviser_name": case.adviser.full_name,
        "partners": [
            {
                "name": partner.organisation.name,
                "country": partner.organisation.country.name,
                "is_coordinating": partner.is_coordinating,
                "member_from": partner.member_from,
                "member_until": partner.member_until,
            }
            for partner in partners
        ],
        "direction": direction.label if direction else "",
        "agreement": None,
        "changes": [],
        "rounds": [],
        "amendments": case_amendments(case),
        "today": today,
        "currency": BUDGET_CURRENCY,
        **_timeline(case),
    }
    agreement = agreement_of(case)
    if agreement is None:
        return context
    agreement.partnership = case  # its partners and rounds are read through it
    signatures = {s.organisation_id: s for s in agreement.signatures.select_related("organisation")}
    context.update(
        agreement=agreement,
        budget_total=format_amount(agreement.budget_total),
        signatures=[
            {"name": partner.organisation.name, "signed": signatures.get(partner.organisation_id)}
            for partner in partners
        ],
        changes=change_list(agreement, whole_agreement(agreement)),
        rounds=_rounds(agreement),
    )
    return context


def _rounds(agreement) -> list[dict]:
    """Each round with its counts by direction and its participants (two queries)."""
    rounds = rounds_of_agreement(agreement)
    participants: dict[int, list[dict]] = {exchange_round.pk: [] for exchange_round in rounds}
    found = (
        Participant.objects.filter(leg__exchange_round__agreement=agreement)
        .select_related("leg__home_organisation", "leg__host_organisation")
        .only(
            "full_name",
            "status",
            "returned_on",
            "leg__exchange_round_id",
            "leg__departure",
            "leg__months",
            "leg__returns_on",
            "leg__home_organisation__name",
            "leg__home_organisation__country",
            "leg__host_organisation__name",
            "leg__host_organisation__country",
        )
        .order_by("full_name", "pk")
    )
    for participant in found:
        leg = participant.leg
        participants[leg.exchange_round_id].append(
            {
                "name": participant.full_name,
                "home": leg.home_organisation.name,
                "host": leg.host_organisation.name,
                "direction": leg.get_direction_display(),
                "departure": leg.departure,
                "returns": participant.returned_on or leg.return_date,
                "status": participant.get_status_display(),
            }
        )
    return [
        {
            "round": exchange_round,
            "counts": count_participants(exchange_round),
            "budget": format_amount(exchange_round.budget),
            "participants": participants[exchange_round.pk],
        }
        for exchange_round in rounds
    ]


def _timeline(case: Partnership) -> dict:
    """The latest entries of the case's timeline, as words (one query)."""
    rows = list(timeline_rows(events_for(case))[: TIMELINE_ENTRIES + 1])
    the_system = _("the system")
    entries = [_entry(row, the_system) for row in rows[:TIMELINE_ENTRIES]]
    return {"timeline": entries, "timeline_cut": len(rows) > TIMELINE_ENTRIES, "timeline_limit": TIMELINE_ENTRIES}


def _entry(row, the_system: str) -> TimelineEntry:
    """A timeline row as norec.core.timeline writes it on the page, in plain text."""
    comment = without_stored_sentence(row.action, row.comment, row.data)
    said = (event_details(row.action, row.data), event_detail(row.action, comment, row.data))
    if row.from_state and row.to_state:
        states = _("from %(from)s to %(to)s") % {"from": state_label(row.from_state), "to": state_label(row.to_state)}
    elif row.to_state:
        states = _("now %(to)s") % {"to": state_label(row.to_state)}
    else:
        states = ""
    who = row.actor__full_name or the_system
    return TimelineEntry(row.created_at, str(action_label(row.action)), states, who, "\n".join(filter(None, said)))


def render_case_summary_pdf(case: Partnership, *, today: date) -> bytes:
    """In the reader's language: a summary is for whoever downloads it (the agreement itself is in the case's)."""
    return render_pdf(SUMMARY_TEMPLATE, case_summary_context(case, today=today))
