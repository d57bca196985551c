"""The exchanges app's section of the case page (partnerships.case_sections)."""

from django.utils.translation import gettext as _

from exchanges import selectors
from exchanges.permissions import may_mark_done
from partnerships.permissions import agreement_of

ROUNDS_SECTION = "exchanges/case_rounds.html"


def rounds_section(case, user) -> dict | None:
    """The agreed rounds, each with whether `user` may mark its exchange done; None before the agreement."""
    agreement = agreement_of(case)
    if agreement is None:
        return None
    rounds = selectors.rounds_of_agreement(agreement)
    rows = [{"round": r, "may_mark_done": may_mark_done(r, user)} for r in rounds]
    action = _("Mark a round's exchange done") if any(row["may_mark_done"] for row in rows) else ""
    return {"rounds": rows, "action": action}
