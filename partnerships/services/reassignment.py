"""Giving a case to another programme adviser: the head of programme's decision."""

from django.db import transaction
from django.utils.translation import gettext as _

from norec.core.models import User
from partnerships.events import CaseEvent
from partnerships.models import Partnership
from partnerships.notifications import record_case_event
from partnerships.permissions.reassignment import reassign_refusals
from partnerships.services.locking import lock_case, require


def reassign_case(case: Partnership, *, to: User, by: User, expected_adviser: int | None = None) -> Partnership:
    """Make `to` the case's adviser, on the timeline ("Adviser changed from A to B"), and tell her.

    Locks the case and re-reads it: `expected_adviser` is the adviser (pk) the person's page
    showed; if someone gave the case to another adviser meanwhile, or it is already `to`'s, nothing
    changes and the refusal says so (so the same form sent twice records one change). The case's
    revision stays: a new adviser changes nobody's open form."""
    with transaction.atomic():
        case = lock_case(case, expected_revision=None)
        if expected_adviser is not None and case.adviser_id != expected_adviser:
            require(
                [
                    _("Someone else gave this case to %(name)s meanwhile. Check the change, then try again.")
                    % {"name": case.adviser.full_name or case.adviser.email}
                ]
            )
        require(reassign_refusals(case, to=to, by=by))
        before = case.adviser
        case.adviser = to
        case.save(update_fields=["adviser", "updated_at"])
        record_case_event(
            case,
            action=CaseEvent.ADVISER_CHANGED,
            by=by,
            data={"from": before.full_name or before.email, "to": to.full_name or to.email, "to_id": to.pk},
        )
    return case
