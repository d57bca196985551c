"""How every case service starts: lock, re-read, check.

One function per action. Each locks the case row (select_for_update, always the case before its
application, so two actions can never deadlock), re-reads, checks with the same rules the views
use to decide which buttons to show (partnerships.permissions), acts, and records a timeline
event with the case as subject. Three kinds of "no":
  - TransitionRefused(reasons): not allowed now, or not for you; reasons are sentences to show.
  - EditConflict: an application draft was saved by someone else since you loaded it.
  - ValidationError: the input itself is wrong (empty comment, bad file), as from a form.
"""

from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from norec.core.fsm import TransitionRefused, take_transition
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


def lock_case(case: Partnership, *, check_revision: bool = True) -> Partnership:
    """Lock and re-read the case.

    With check_revision, a case that went through a transition, or whose application draft was
    saved, since `case` was read is refused: the user decided on a page that no longer shows the
    truth. (A view can carry the revision its page showed in a hidden field and set it on the
    instance, to catch changes across page loads.)"""
    fresh = Partnership.objects.select_for_update().select_related("adviser").get(pk=case.pk)
    if check_revision and fresh.revision != case.revision:
        raise TransitionRefused([changed_by_someone_else(fresh)])
    return fresh


def lock_application(application: Application, *, check_revision: bool = True) -> Application:
    # Always the case first, then its application: one lock order, so two actions cannot deadlock.
    case = lock_case(application.partnership, check_revision=check_revision)
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    fresh.partnership = case  # the locked copy, so the checks read what we hold
    return fresh


def require(reasons) -> None:
    if reasons:
        raise TransitionRefused(reasons)


def take_case_transition(instance, name: str, by: User, *args) -> tuple[str, str]:
    """Check, run and save one FSM transition; returns (from_state, to_state)."""
    from_state, to_state = take_transition(instance, name, by, *args, wrong_state=wrong_state)
    case = instance if isinstance(instance, Partnership) else instance.partnership
    case.revision += 1
    if case is not instance:
        save_guarded(instance)
    save_guarded(case)
    return from_state, to_state


def save_guarded(instance, *, update_fields: Sequence[str] | None = None) -> None:
    try:
        instance.save(update_fields=update_fields)
    except ConcurrentTransition as error:
        # Only reachable if something saved the row without our lock; still, never a 500.
        raise TransitionRefused(
            [_("Someone else changed this case at the same moment. Reload the page to see the change, then try again.")]
        ) from error


def require_text(text: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


def original_name(upload) -> str:
    return PurePath(upload.name or "").name[:255]
