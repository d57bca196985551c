"""Everything that changes a participant's checklist: made from the active template, moved when
dates move, and completed item by item by the party each item names."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.events import ParticipantEvent
from exchanges.item_keys import due_from_for
from exchanges.models import ChecklistItem, ChecklistTemplate, DueFrom, ItemStatus, Participant
from exchanges.permissions import item_refusal_reasons
from exchanges.selectors import item_with_key
from norec.core.fsm import TransitionRefused
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.stored_files import discard_on_commit
from norec.core.uploads import PHOTO_OR_PDF_TYPES, validate_upload
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case, original_name


def create_checklist(participant: Participant) -> list[ChecklistItem]:
    """The participant's items, copied from the active template's items that apply to their recruitment."""
    template = ChecklistTemplate.objects.filter(is_active=True).prefetch_related("items").first()
    if template is None:
        return []
    return ChecklistItem.objects.bulk_create(checklist_items_for(participant, template.items.all()))


def checklist_items_for(participant: Participant, template_items) -> list[ChecklistItem]:
    """Unsaved copies of the template items that apply to the participant, due from their leg's dates."""
    leg = participant.leg
    items = [
        ChecklistItem(
            participant=participant,
            template_item=item,
            title=item.title,
            guidance=item.guidance,
            phase=item.phase,
            responsible=item.responsible,
            due_from=(due_from_for(item.key) if item.key else None) or item.due_from,
            offset_days=item.offset_days,
            requires_document=item.requires_document,
            position=item.position,
            key=item.key,
        )
        for item in template_items
        if item.applies(participant.recruitment)
    ]
    for item in items:
        item.due_on = item.due_date(leg.departure, leg.return_date)
    return items


def reschedule_open_items(participants, *, returned_on: date | None = None) -> int:
    """Move the open items' due dates to the legs' current dates (the return to `returned_on` when
    given); returns how many moved. Done and not-applicable items keep theirs."""
    moved = []
    for participant in participants:
        leg = participant.leg
        back = returned_on or participant.returned_on or leg.return_date
        for item in participant.checklist.filter(status=ItemStatus.OPEN):
            due = item.due_date(leg.departure, back)
            if due != item.due_on:
                item.due_on = due
                moved.append(item)
    ChecklistItem.objects.bulk_update(moved, ["due_on"])
    return len(moved)


def close_open_items(participant: Participant, *, reason: str, keep_after: bool = False) -> int:
    """Mark the participant's open items not applicable with `reason`; with keep_after the items
    due from the return (the follow-up work) stay open."""
    items = participant.checklist.filter(status=ItemStatus.OPEN)
    if keep_after:
        items = items.exclude(due_from=DueFrom.RETURN, phase="after")
    return items.update(status=ItemStatus.NOT_APPLICABLE, not_applicable_reason=reason)


def _lock_item(item: ChecklistItem, expected_revision: int | None) -> ChecklistItem:
    case = lock_case(item.participant.partnership)
    locked = ChecklistItem.objects.select_for_update().select_related("participant__leg").get(pk=item.pk)
    locked.participant = item.participant  # the checks read the participant (and case) we hold
    locked.participant.leg.exchange_round.agreement.partnership = case
    if expected_revision is not None and locked.revision != expected_revision:
        raise TransitionRefused([_("Someone else changed this item meanwhile. Reload the page to see it.")])
    return locked


def _record(item: ChecklistItem, action, by: User, *, from_state: str, comment: str = "") -> None:
    record_case_event(
        item.participant.partnership,
        action=action,
        by=by,
        from_state=from_state,
        to_state=item.status,
        comment=comment,  # a reason typed; who and which item are told from the data
        data={
            "participant": item.participant.pk,
            "item": item.pk,
            "name": item.participant.full_name,
            "title": item.title,
        },
    )


def complete_item(
    item: ChecklistItem, *, by: User, document=None, expected_revision: int | None = None
) -> ChecklistItem:
    """The responsible party marks the item done, with its document when the item needs one."""
    with transaction.atomic():
        item = _lock_item(item, expected_revision)
        reasons = item_refusal_reasons(item, by)
        if item.status == ItemStatus.DONE:
            reasons.append(_("“%(item)s” is already done.") % {"item": _(item.title)})
        if reasons:
            raise TransitionRefused(reasons)
        if document is not None:
            validate_upload(document, allowed_types=PHOTO_OR_PDF_TYPES)
            discard_on_commit(item.document)  # the document it replaces, once this is committed
            item.document = document
            item.document_filename = original_name(document)
        if item.requires_document and not item.document:
            raise ValidationError(_("Upload the document for “%(item)s”.") % {"item": _(item.title)}, code="required")
        from_state = item.status
        item.status, item.completed_by, item.completed_at = ItemStatus.DONE, by, timezone.now()
        item.not_applicable_reason = ""
        item.revision += 1
        item.save()
        _record(item, ParticipantEvent.ITEM_DONE, by, from_state=from_state)
    return item


def mark_item_not_applicable(
    item: ChecklistItem, *, reason: str, by: User, expected_revision: int | None = None
) -> ChecklistItem:
    with transaction.atomic():
        item = _lock_item(item, expected_revision)
        reasons = item_refusal_reasons(item, by)
        if reasons:
            raise TransitionRefused(reasons)
        if not reason.strip():
            raise ValidationError(_("Say why the item does not apply."), code="required")
        check_length(reason.strip(), COMMENT_MAX_LENGTH)
        from_state = item.status
        item.status, item.not_applicable_reason = ItemStatus.NOT_APPLICABLE, reason.strip()
        item.completed_by, item.completed_at = by, timezone.now()
        item.revision += 1
        item.save()
        _record(item, ParticipantEvent.ITEM_NOT_APPLICABLE, by, from_state=from_state, comment=reason.strip())
    return item


def reopen_item(item: ChecklistItem, *, by: User, expected_revision: int | None = None) -> ChecklistItem:
    with transaction.atomic():
        item = _lock_item(item, expected_revision)
        reasons = item_refusal_reasons(item, by)
        if item.status == ItemStatus.OPEN:
            reasons.append(_("“%(item)s” is already open.") % {"item": _(item.title)})
        if reasons:
            raise TransitionRefused(reasons)
        from_state = item.status
        item.status, item.not_applicable_reason, item.completed_by, item.completed_at = ItemStatus.OPEN, "", None, None
        item.revision += 1
        item.save()
        _record(item, ParticipantEvent.ITEM_REOPENED, by, from_state=from_state)
    return item


def settle_keyed_item(
    participant: Participant, key: str, *, done: bool, by: User, because: str
) -> ChecklistItem | None:
    """Tick (done) or reopen the participant's item with the stable `key` for the app that owns
    the key (training: an enrolment confirmed, cancelled or missed). The app acts for the
    programme, so the party the item names need not be the one acting; `because` says what
    happened, on the timeline. None when the checklist has no such item or it is already so
    (an item marked not applicable stays as someone decided)."""
    item = item_with_key(participant, key)
    if item is None:
        return None
    with transaction.atomic():
        item = _lock_item(item, None)
        if (item.status == ItemStatus.DONE) == done:  # done already, or not done (open, or not applicable)
            return None
        from_state = item.status
        item.status = ItemStatus.DONE if done else ItemStatus.OPEN
        item.completed_by, item.completed_at = (by, timezone.now()) if done else (None, None)
        item.not_applicable_reason = ""
        item.revision += 1
        item.save()
        action = ParticipantEvent.ITEM_DONE if done else ParticipantEvent.ITEM_REOPENED
        _record(item, action, by, from_state=from_state, comment=because)
    return item
