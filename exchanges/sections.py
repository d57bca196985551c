"""The exchanges app's section of the case page (partnerships.case_sections)."""

from django.utils.translation import gettext as _

from exchanges import selectors
from exchanges.forms import MarkRoundDoneForm
from exchanges.models import round_period_over
from exchanges.permissions import may_mark_done
from partnerships.models import count_participants
from partnerships.permissions import agreement_of

ROUNDS_SECTION = "exchanges/case_rounds.html"


def rounds_section(case, user) -> dict | None:
    """The agreed rounds, each with whether `user` may mark its exchange done (and its confirmation
    form), or, for the adviser, why not yet; None before the agreement."""
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
    return {"rounds": rows, "action": action}
