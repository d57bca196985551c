"""The exchanges app's section of the case page (partnerships.case_sections)."""

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
    return {"rounds": [{"round": r, "may_mark_done": may_mark_done(r, user)} for r in rounds]}
