"""The pre-study: the introduction seminar's representatives and the partner meeting."""

from datetime import date
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import DateRangeValidator
from norec.core.models import User
from norec.core.stored_files import discard_on_commit
from norec.core.uploads import validate_document
from partnerships.events import CaseEvent
from partnerships.models import (
    PartnerMeeting,
    PartnerOrganisation,
    Partnership,
    SeminarRepresentative,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, refusal_reasons
from partnerships.services.locking import (
    lock_case,
    original_name,
    require,
    require_text,
)

# --- Pre-study ---


def add_seminar_representative(
    case: Partnership,
    *,
    organisation: PartnerOrganisation,
    full_name: str,
    seminar_date: date,
    email: str = "",
    expected_revision: int | None = None,
    submission: UUID | None = None,
    by: User,
) -> SeminarRepresentative:
    """Record a representative; the same form sent twice records one (AlreadySubmitted)."""
    full_name = require_text(full_name, _("Give the representative's name."), max_length=200)
    DateRangeValidator()(seminar_date)
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by, organisation=organisation))
        claim = claim_submission(submission, by=by)
        representative = SeminarRepresentative.objects.create(
            partnership=case, organisation=organisation, full_name=full_name, email=email, seminar_date=seminar_date
        )
        record_result(claim, representative.pk)
        record_case_event(
            case,
            action=CaseEvent.REPRESENTATIVE_ADDED,
            by=by,
            comment=f"{full_name} ({organisation.name})",
            data={"representative_id": representative.pk, "organisation_id": organisation.pk},
        )
    return representative


def remove_seminar_representative(
    representative: SeminarRepresentative, *, expected_revision: int | None = None, by: User
) -> None:
    with transaction.atomic():
        case = lock_case(representative.partnership, expected_revision=expected_revision)
        require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by, organisation=representative.organisation))
        representative.delete()
        record_case_event(
            case,
            action=CaseEvent.REPRESENTATIVE_REMOVED,
            by=by,
            comment=f"{representative.full_name} ({representative.organisation.name})",
        )


def record_partner_meeting(
    case: Partnership,
    *,
    date: date,
    place: str,
    participants: str,
    minutes: UploadedFile | None = None,
    expected_revision: int | None = None,
    by: User,
) -> PartnerMeeting:
    """Record (or correct) the partner meeting; the minutes may come now or in a later call."""
    place = require_text(place, _("Say where the partner meeting took place."), max_length=200)
    participants = require_text(participants, _("List who took part in the partner meeting."))
    DateRangeValidator()(date)
    if minutes is not None:
        validate_document(minutes)
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by))
        meeting = PartnerMeeting.objects.filter(partnership=case).first() or PartnerMeeting(partnership=case)
        meeting.date, meeting.place, meeting.participants = date, place, participants
        if minutes is not None:
            discard_on_commit(meeting.minutes)  # the minutes they replace, once this is committed
            meeting.minutes = minutes
            meeting.minutes_filename = original_name(minutes)
        meeting.save()
        record_case_event(
            case,
            action=CaseEvent.MEETING_RECORDED,
            by=by,
            comment=place,
            data={"meeting_id": meeting.pk, "date": date.isoformat()},  # shown in the reader's language
        )
        if minutes is not None:
            record_case_event(case, action=CaseEvent.MINUTES_UPLOADED, by=by, comment=meeting.minutes_filename)
    return meeting
