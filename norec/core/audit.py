"""Audit events: the record of everything that changes a case, shown on its timeline.

Every kind of event is a member of a `TextChoices` with one label; a kind may also say how its
stored data reads as a sentence (`register_event_details`), so the details are written in the
reader's language, not the writer's. The core declares its own
(`CoreEvent`); each app declares its kinds the same way and registers them in its
`AppConfig.ready()` with `register_event_kinds`, so a timeline entry can be read in the user's
language long after it was written, without the core importing the app.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from norec.core.models import AuditEvent


class CoreEvent(models.TextChoices):
    USER_INVITED = "user.invited", _("Invited to Norec Exchange")
    INVITATION_ACCEPTED = "user.invitation_accepted", _("Accepted the invitation")
    USER_CREATED = "user.created", _("Account created in the administration")
    USER_CHANGED = "user.changed", _("Account changed in the administration")
    EMAIL_FAILED = "email.failed", _("Email could not be sent")
    EMAIL_RETRIED = "email.retried", _("Email queued again")


_labels: dict[str, object] = {}
_comment_kinds: set[str] = set()
# kind -> (the keys of the event's data it reads, a function of that data giving a sentence)
_details: dict[str, tuple[tuple[str, ...], Callable[[dict], str]]] = {}


def register_event_kinds(kinds: type[models.TextChoices], *, comments=()) -> None:
    """Make an app's event kinds known to timelines; a kind's value may be registered only once.

    `comments` are the kinds that record what someone wrote rather than a change: timelines set
    them apart."""
    _comment_kinds.update(str(kind) for kind in comments)
    for value, label in kinds.choices:
        if value in _labels and str(_labels[value]) != str(label):
            raise ValueError(f"Event kind {value!r} is registered twice with different labels")
        _labels[value] = label


register_event_kinds(CoreEvent)


_comment_details: dict[str, Callable[[dict, str], str]] = {}


def register_event_detail(kind, render: Callable[[dict, str], str]) -> None:
    """How timelines show what an event of `kind` records in place of its comment: `render(data,
    comment)`, called in the reader's language. For details that must read right in every language
    (a date, a choice) stored in `data` beside the comment (the meeting's place)."""
    _comment_details[str(kind)] = render


def event_detail(action: str, comment: str, data: dict | None) -> str:
    render = _comment_details.get(action)
    return render(data or {}, comment) if render is not None else comment


def register_event_details(kind, render: Callable[[dict], str], *, needs: tuple[str, ...]) -> None:
    """How a timeline shows what an event of `kind` was about: `render(data)` makes the sentence
    from the event's stored data (names, numbers, ISO dates) in the reader's language, when it is
    read; the comment (what a person typed) follows it. An entry whose data lacks a key in `needs`
    (written before its data was stored) shows its stored comment only."""
    _details[str(kind)] = (needs, render)


def event_details(action: str, data: dict | None) -> str:
    """The sentence an event's data makes in the active language ("" when it has none)."""
    needs, render = _details.get(action, ((), None))
    if render is None or not data or any(key not in data for key in needs):
        return ""
    return str(render(data))


def without_stored_sentence(action: str, comment: str, data: dict | None) -> str:
    """The comment without the sentence the entry's data makes: an entry written before its kind
    told its details from data kept that sentence, in its writer's language, at the start of its
    comment ("Round 1: Financial report (C04)" and the adviser's words). Timelines show it once, in
    the reader's language."""
    if not comment or action not in _details:
        return comment
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            sentence = event_details(action, data)
        if sentence and (comment == sentence or comment.startswith(sentence + "\n")):
            return comment[len(sentence) :].lstrip("\n")
    return comment


def action_label(action: str) -> str:
    return str(_labels.get(action, action))


def is_comment(action: str) -> bool:
    return action in _comment_kinds


def record_event(
    subject,
    *,
    action: str,
    by=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditEvent:
    if action not in _labels:
        raise ValueError(f"Unknown event kind {action!r}: declare it and register it with register_event_kinds")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        subject=subject,
        action=str(action),
        actor=actor,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        comment=comment,
        data=data or {},
    )


def events_for(subject):
    return AuditEvent.objects.for_subject(subject)
