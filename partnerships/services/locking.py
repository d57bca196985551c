"""How every case service starts: lock, re-read, check.

One function per action. Each locks the case row (select_for_update, always the case before its
application, so two actions can never deadlock), re-reads, checks with the same rules the views
use to decide which buttons to show (partnerships.permissions), acts, and records a timeline
event with the case as subject. Three kinds of "no":
  - TransitionRefused(reasons): not allowed now, or not for you; reasons are sentences to show.
  - StaleCase (a TransitionRefused): the case changed since the person's page was shown.
  - EditConflict: an application draft was saved by someone else since you loaded it.
  - ValidationError: the input itself is wrong (empty comment, bad file), as from a form.
"""

from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from norec.core.fsm import TransitionRefused, take_transition
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from partnerships.models import (
    Application,
    Partnership,
)
from partnerships.permissions import wrong_state


def changed_by_someone_else(case: Partnership) -> str:
    return _(
        "Someone else changed this case while you were working on it (it is now in the “%(phase)s” phase). "
        "Reload the page to see the change, then try again."
    ) % {"phase": case.get_phase_display()}


class StaleCase(TransitionRefused):
    """The case changed since the page the person acted on was shown. `current` is the locked case."""

    def __init__(self, current: Partnership):
        self.current = current
        super().__init__([changed_by_someone_else(current)])


def lock_case(case: Partnership, *, expected_revision: int | None = None) -> Partnership:
    """Lock and re-read the case, refusing (StaleCase) if its revision is not `expected_revision`.

    The revision is the one concurrency guard of a case: it goes up with every transition of the
    case or its application and with every saved application draft. `expected_revision` is the
    revision the person's page showed (CaseActionForm carries it); None means "the instance as the
    caller just read it" (the demo, tests), so its own revision is expected."""
    expected = case.revision if expected_revision is None else expected_revision
    fresh = Partnership.objects.select_for_update().select_related("adviser").get(pk=case.pk)
    if fresh.revision != expected:
        raise StaleCase(fresh)
    return fresh


def lock_application(application: Application, *, expected_revision: int | None = None) -> Application:
    # Always the case first, then its application: one lock order, so two actions cannot deadlock.
    case = lock_case(application.partnership, expected_revision=expected_revision)
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    fresh.partnership = case  # the locked copy, so the checks read what we hold
    return fresh


def require(reasons) -> None:
    if reasons:
        raise TransitionRefused(reasons)


def take_case_transition(instance, name: str, by: User, *args) -> tuple[str, str]:
    """Check, run and save one FSM transition of the locked case or its application, and raise the
    case's revision; returns (from_state, to_state)."""
    from_state, to_state = take_transition(instance, name, by, *args, wrong_state=wrong_state)
    case = instance if isinstance(instance, Partnership) else instance.partnership
    case.revision += 1
    if case is not instance:
        save_guarded(instance)
    save_guarded(case)
    return from_state, to_state


def take_report_transition(report, name: str, by: User, *args) -> tuple[str, str]:
    """Check, run and save one FSM transition of a final report (under its case's lock).

    The case's revision stays: it tracks the case and its application, and a report can be decided
    only while it is submitted, which its own state machine enforces."""
    from_state, to_state = take_transition(report, name, by, *args, wrong_state=wrong_state)
    save_guarded(report)
    return from_state, to_state


def save_guarded(instance, *, update_fields: Sequence[str] | None = None) -> None:
    try:
        instance.save(update_fields=update_fields)
    except ConcurrentTransition as error:
        # Only reachable if something saved the row without our lock; still, never a 500.
        raise TransitionRefused(
            [_("Someone else changed this case at the same moment. Reload the page to see the change, then try again.")]
        ) from error


def require_text(text: str, message, *, max_length: int = COMMENT_MAX_LENGTH) -> str:
    """The text without surrounding space; `message` if there is none, a limit's refusal if too long."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return check_length(text, max_length)


def original_name(upload) -> str:
    return PurePath(upload.name or "").name[:255]
