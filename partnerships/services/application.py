"""The project application: drafted together by the partner contacts, decided by the adviser."""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from norec.core.models import User
from partnerships.events import CaseEvent
from partnerships.models import (
    Agreement,
    Application,
    ApplicationOrganisationGoal,
    Partnership,
    PlannedRound,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, refusal_reasons
from partnerships.services.agreement import make_agreement
from partnerships.services.locking import (
    StaleCase,
    lock_application,
    lock_case,
    require,
    require_text,
    save_guarded,
    take_case_transition,
)


class EditConflict(Exception):
    """The case changed (most often: someone else saved the application) after the editor loaded
    the page. Nothing was saved; `current` is the application as it is now and `revision` the
    case's current revision, so the editor can compare and save again on purpose."""

    def __init__(self, current: Application):
        self.current = current
        self.revision = current.partnership.revision
        editor = current.last_edited_by.full_name if current.last_edited_by else _("Someone else")
        self.message = _(
            "%(name)s saved a newer version of the application at %(time)s while you were editing. "
            "Your changes have not been saved: compare them with the current version and save again."
        ) % {"name": editor, "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")}
        super().__init__(self.message)


@dataclass(frozen=True)
class PlannedRoundData:
    """One planned round as typed into the application form; any field may still be empty in a draft."""

    direction: str = ""
    participants: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    budget: Decimal | None = None


# --- Application ---


def start_application(case: Partnership, *, expected_revision: int | None = None, by: User) -> Application:
    """Close the pre-study and open the application, with an empty goals entry per organisation."""
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(case, "start_application", by)
        application, _created = Application.objects.get_or_create(partnership=case)
        ApplicationOrganisationGoal.objects.bulk_create(
            [ApplicationOrganisationGoal(application=application, organisation=o) for o in case.organisations.all()],
            ignore_conflicts=True,
        )
        record_case_event(case, action=CaseEvent.APPLICATION_STARTED, by=by, from_state=from_state, to_state=to_state)
    return application


def save_application_draft(
    application: Application,
    *,
    common_goals: str,
    cooperation: str,
    budget_total: Decimal | None,
    organisation_goals: Mapping[int, str],
    rounds: Sequence[PlannedRoundData],
    expected_revision: int | None = None,
    by: User,
) -> Application:
    """Save the whole draft (goals per organisation id, rounds replaced in the given order).

    `expected_revision` is the case revision the editor's page showed, as for every case action;
    if the case changed since, EditConflict is raised and nothing changes, so the caller can show
    the current version and keep what was typed. The save raises the revision, so a Submit (or a
    second save) from a page older than this save is refused."""
    with transaction.atomic():
        try:
            application = lock_application(application, expected_revision=expected_revision)
        except StaleCase as stale:
            require(refusal_reasons(stale.current, CaseAction.EDIT_APPLICATION, by))
            current = Application.objects.select_related("last_edited_by").get(pk=application.pk)
            current.partnership = stale.current
            raise EditConflict(current) from stale
        case = application.partnership
        require(refusal_reasons(case, CaseAction.EDIT_APPLICATION, by))
        goals = {goal.organisation_id: goal for goal in application.organisation_goals.all()}
        unknown = set(organisation_goals) - set(goals)
        if unknown:
            raise ValidationError(_("Goals can only be given for the partnership's own organisations."))
        for organisation_id, text in organisation_goals.items():
            goals[organisation_id].goals = text.strip()
        ApplicationOrganisationGoal.objects.bulk_update(goals.values(), ["goals"])
        application.rounds.all().delete()
        PlannedRound.objects.bulk_create(
            PlannedRound(application=application, number=number, **asdict(planned))
            for number, planned in enumerate(rounds, start=1)
        )
        application.common_goals = common_goals.strip()
        application.cooperation = cooperation.strip()
        application.budget_total = budget_total
        application.version += 1  # a draft counter for the timeline, not a guard
        application.last_edited_by = by
        save_guarded(application)
        # The content changed: a Submit from a page loaded before this save would send what its
        # sender has not seen, so pages older than this save are refused like after a transition.
        case.revision += 1
        save_guarded(case, update_fields=["revision"])
        record_case_event(case, action=CaseEvent.APPLICATION_DRAFT_SAVED, by=by, data={"version": application.version})
    return application


def submit_application(application: Application, *, expected_revision: int | None = None, by: User) -> Application:
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(application, "submit", by)
        record_case_event(
            application.partnership,
            action=CaseEvent.APPLICATION_SUBMITTED,
            by=by,
            from_state=from_state,
            to_state=to_state,
        )
    return application


def return_application(
    application: Application, *, comment: str, expected_revision: int | None = None, by: User
) -> Application:
    """Send the application back to the partners with the adviser's comments on what to revise."""
    comment = require_text(comment, _("Say what the partners should revise."))
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(application, "return_for_revision", by, comment)
        record_case_event(
            application.partnership,
            action=CaseEvent.APPLICATION_RETURNED,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
        )
    return application


def approve_application(
    application: Application, *, comment: str = "", expected_revision: int | None = None, by: User
) -> Agreement:
    """Approve, and make the collaboration agreement from the application's content for signing."""
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(application, "approve", by)
        case = application.partnership
        record_case_event(
            case,
            action=CaseEvent.APPLICATION_APPROVED,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
        )
        agreement = make_agreement(application)
        record_case_event(case, action=CaseEvent.AGREEMENT_CREATED, by=by, data={"agreement_id": agreement.pk})
    return agreement


def decline_application(
    application: Application, *, comment: str, expected_revision: int | None = None, by: User
) -> Application:
    """Turn the application down; the case ends as declined. The comment gives the grounds."""
    comment = require_text(comment, _("Give the grounds for declining the application."))
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        case = application.partnership
        from_status, to_status = take_case_transition(application, "decline", by, comment)
        from_phase, to_phase = take_case_transition(case, "decline", by)
        record_case_event(
            case,
            action=CaseEvent.APPLICATION_DECLINED,
            by=by,
            from_state=from_status,
            to_state=to_status,
            comment=comment,
        )
        record_case_event(case, action=CaseEvent.DECLINED, by=by, from_state=from_phase, to_state=to_phase)
    return application
