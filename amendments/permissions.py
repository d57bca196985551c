"""May this person do this to an amendment, and if not, why. The transitions' own declarations
(models/rules.py) decide who takes them; the rules for starting and editing drafts are here."""

from django.utils.translation import gettext as _

from amendments.models import EDITABLE_STATES, Amendment, AmendmentKind
from amendments.models.rules import subject_open
from norec.core import fsm
from partnerships.models.rules import is_case_contact


def wrong_state(amendment: Amendment, action_label) -> str:
    return str(
        _("“%(action)s” is not possible while %(reference)s is “%(state)s”.")
        % {"action": action_label, "reference": amendment.reference, "state": amendment.get_state_display()}
    )


def transition_refusal_reasons(amendment: Amendment, name: str, user) -> list[str]:
    return fsm.transition_refusal_reasons(amendment, name, user, wrong_state=wrong_state)


def may(amendment: Amendment, name: str, user) -> bool:
    return not transition_refusal_reasons(amendment, name, user)


def already_open(amendment: Amendment | None) -> str:
    if amendment is None:
        return str(_("An amendment of this kind is already open."))
    values = {"reference": amendment.reference, "subject": amendment.subject}
    if amendment.state in EDITABLE_STATES:
        return str(
            _("%(reference)s (%(subject)s) is still open: change or withdraw it before starting another.") % values
        )
    return str(
        _(
            "%(reference)s (%(subject)s) waits for the programme adviser's decision: another can be started "
            "once it is decided or withdrawn."
        )
        % values
    )


def start_refusal_reasons(amendment: Amendment, user) -> list[str]:
    """Why `user` may not start this amendment (unsaved, with its case and round) now."""
    from amendments.selectors import open_amendment_for

    if not is_case_contact(amendment, user):
        return [str(_("Amendments are applied for by the partnership's partner contacts."))]
    reasons = subject_open.reasons(amendment)
    if reasons:
        return reasons
    open_one = open_amendment_for(amendment.partnership, kind=amendment.kind, exchange_round=amendment.exchange_round)
    if open_one is not None:
        return [already_open(open_one)]
    return []


def edit_refusal_reasons(amendment: Amendment, user) -> list[str]:
    if not is_case_contact(amendment, user):
        return [str(_("Only the partner contacts of this partnership may change its amendments."))]
    if amendment.state not in EDITABLE_STATES:
        return [wrong_state(amendment, _("Change"))]
    return subject_open.reasons(amendment)


def may_edit(amendment: Amendment, user) -> bool:
    return not edit_refusal_reasons(amendment, user)


def stale_reasons(amendment: Amendment) -> list[str]:
    from amendments.changes import stale_differences

    return stale_differences(amendment)


def may_see_queue(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def may_start(case, user, *, kind: str, exchange_round=None) -> bool:
    amendment = Amendment(
        partnership=case, kind=kind, exchange_round=exchange_round if kind == AmendmentKind.C05 else None
    )
    return not start_refusal_reasons(amendment, user)
