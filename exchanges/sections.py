"""The exchanges app's section of the case page (partnerships.case_sections)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges import selectors
from exchanges.forms import MarkRoundDoneForm
from exchanges.models import ReportKind, RoundState, report_due_on, round_period_over
from exchanges.permissions import PLANNING_STATES, REPLACEMENT_STATES, may_mark_done
from exchanges.selectors.waiting import ages_to_decide, legs_of_organisations, open_reports, submitted_reports
from norec.core.dates import long_date
from partnerships.case_sections import SectionLink
from partnerships.models import Phase, count_participants
from partnerships.permissions import agreement_of

ROUNDS_SECTION = "exchanges/case_rounds.html"
# The rounds in which a leg still recruits (in preparing, in place of someone who withdrew).
RECRUITING_STATES = (*PLANNING_STATES, *REPLACEMENT_STATES)
ENDED_STATES = (RoundState.CLOSED, RoundState.CANCELLED)
OWING_PHASES = (Phase.EXCHANGE, Phase.FOLLOW_UP)


def rounds_section(case, user) -> dict | None:
    """The agreed rounds, each with whether `user` may mark its exchange done (and its confirmation
    form), or, for the adviser, why not yet; for a partner contact, what their organisations owe in
    the rounds, as links for "What you can do". None before the agreement."""
    agreement = agreement_of(case)
    if agreement is None:
        return None
    rounds = selectors.rounds_of_agreement(agreement)
    is_adviser = case.has_adviser(user)
    rows = []
    for exchange_round in rounds:
        allowed = may_mark_done(exchange_round, user)
        rows.append(
            {
                "round": exchange_round,
                "participants": count_participants(exchange_round),
                "may_mark_done": allowed,
                "form": MarkRoundDoneForm(exchange_round=exchange_round) if allowed else None,
                # The adviser is told when she can; a contact only that it is not done yet.
                "not_yet": round_period_over.reasons(exchange_round)
                if is_adviser and not exchange_round.is_done
                else [],
            }
        )
    action = _("Mark a round's exchange done") if any(row["may_mark_done"] for row in rows) else ""
    links = owed_by_adviser(case, rounds) if is_adviser else owed_by_contact(case, rounds, user)
    return {"rounds": rows, "action": action, "links": links}


def owed_by_adviser(case, rounds) -> list[SectionLink]:
    """What the case's adviser owes in its rounds, each a link to where she does it: the round
    reports submitted to her, the round agreements made complete for her approval, the ages
    outside the main rule waiting for her decision. Two queries at most (none once every round has
    ended)."""
    under_way = [exchange_round for exchange_round in rounds if exchange_round.state not in ENDED_STATES]
    links = []
    for exchange_round in under_way:
        # Complete and not approved: only ever while planned or recruiting (preparing needs the approval,
        # and the agreement changes no more after).
        if exchange_round.agreement_ready_at and exchange_round.agreement_approved_at is None:
            page = reverse("exchanges:round_detail", args=[case.pk, exchange_round.number])
            text = _("Round %(number)s: approve its round agreement") % {"number": exchange_round.number}
            links.append(SectionLink(text, f"{page}#round-agreement"))
    numbers = {exchange_round.pk: exchange_round.number for exchange_round in under_way}
    for report in submitted_reports(under_way):
        number = numbers[report.exchange_round_id]
        page = reverse("exchanges:round_detail", args=[case.pk, number])
        text = _("Round %(number)s: decide on the %(report)s") % {"number": number, "report": report.get_kind_display()}
        links.append(SectionLink(text, f"{page}#reports"))
    for participant in ages_to_decide(under_way):
        text = _("Round %(number)s: decide on the age of %(name)s") % {
            "number": numbers[participant.leg.exchange_round_id],
            "name": participant.full_name,
        }
        links.append(SectionLink(text, reverse("exchanges:participant_detail", args=[participant.pk])))
    return links


def owed_by_contact(case, rounds, user) -> list[SectionLink]:
    """What `user`'s organisations owe in `rounds`, round by round, each a link to its round page:
    participants left to recruit on their legs, their overdue checklist items (as sending or host
    organisation), the round reports due. Two queries at most, whatever the rounds hold."""
    if case.phase not in OWING_PHASES:  # before the signatures nobody recruits; after, nothing is owed
        return []
    organisations = case.contact_organisation_ids(user)
    under_way = [exchange_round for exchange_round in rounds if exchange_round.state not in ENDED_STATES]
    if not organisations or not under_way:
        return []
    by_round = {exchange_round.pk: [] for exchange_round in under_way}
    states = {exchange_round.pk: exchange_round.state for exchange_round in under_way}
    numbers = {exchange_round.pk: exchange_round.number for exchange_round in under_way}
    overdue: dict[tuple[int, str], int] = {}
    for leg in legs_of_organisations(under_way, organisations, timezone.localdate()):
        number, round_id = numbers[leg["exchange_round_id"]], leg["exchange_round_id"]
        left = leg["participants"] - leg["taken"]
        if leg["home_organisation_id"] in organisations and left > 0 and states[round_id] in RECRUITING_STATES:
            text = ngettext(
                "Round %(number)s: recruit %(count)s participant for %(leg)s",
                "Round %(number)s: recruit %(count)s participants for %(leg)s",
                left,
            ) % {
                "number": number,
                "count": left,
                "leg": f"{leg['home_organisation__name']} → {leg['host_organisation__name']}",
            }
            by_round[round_id].append((text, "legs-heading"))
        for side, count in (("home", leg["overdue_sending"]), ("host", leg["overdue_host"])):
            if count and leg[f"{side}_organisation_id"] in organisations:
                key = (round_id, leg[f"{side}_organisation__name"])
                overdue[key] = overdue.get(key, 0) + count
    for (round_id, organisation), count in overdue.items():
        text = ngettext(
            "Round %(number)s: %(count)s overdue checklist item of %(organisation)s",
            "Round %(number)s: %(count)s overdue checklist items of %(organisation)s",
            count,
        ) % {"number": numbers[round_id], "count": count, "organisation": organisation}
        by_round[round_id].append((text, "matrix-heading"))
    for exchange_round, text in _reports_due([r for r in under_way if r.state == RoundState.FOLLOW_UP]):
        by_round[exchange_round.pk].append((text, "reports"))
    links = []
    for exchange_round in under_way:
        page = reverse("exchanges:round_detail", args=[case.pk, exchange_round.number])
        links.extend(SectionLink(text, f"{page}#{anchor}") for text, anchor in by_round[exchange_round.pk])
    return links


def _reports_due(rounds) -> list[tuple]:
    """(round, sentence) of each report of `rounds` neither submitted nor accepted."""
    submitted, today = open_reports(rounds), timezone.localdate()
    due = []
    for exchange_round in rounds:
        for kind in ReportKind:
            if (exchange_round.pk, kind.value) in submitted:
                continue
            due_on = report_due_on(exchange_round, kind)
            values = {"number": exchange_round.number, "report": kind.label, "date": long_date(due_on)}
            if due_on < today:
                due.append((exchange_round, _("Round %(number)s: %(report)s overdue since %(date)s") % values))
            else:
                due.append((exchange_round, _("Round %(number)s: %(report)s due %(date)s") % values))
    return due
