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

from norec.core.dates import long_date
from norec.core.limits import COMMENT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, check_amount, check_length
from norec.core.models import User
from partnerships.events import CaseEvent
from partnerships.models import (
    Agreement,
    Application,
    ApplicationOrganisationGoal,
    ApplicationRevision,
    Partnership,
    PlannedRound,
    draft_content,
    merge_drafts,
)
from partnerships.models.application import planned_round_period
from partnerships.models.drafts import (
    GOALS_PREFIX,
    ROUNDS,
    changed_fields,
    prune_versions,
    round_text,
    round_values,
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

    def __init__(self, current: Application, *, conflicts=(), mine=None, theirs=None):
        self.current = current
        self.revision = current.partnership.revision
        self.conflicts = list(conflicts)  # the fields both changed, in the form's field names
        self.mine, self.theirs = mine or {}, theirs or {}
        editor = current.last_edited_by.full_name if current.last_edited_by else _("Someone else")
        self.message = _(
            "%(name)s saved a newer version of the application at %(time)s while you were editing. "
            "Your changes have not been saved yet: for each field you both changed, choose which version to keep."
        ) % {"name": editor, "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")}
        super().__init__(self.message)


@dataclass(frozen=True, kw_only=True)
class PlannedRoundData:
    """One planned round as typed into the application form; any field may still be empty in a
    draft. The participants are given per direction (0: nobody goes that way); a mutual round
    plans some each way. The names are those of PlannedRound's fields."""

    participants_north_south: int = 0
    participants_south_north: int = 0
    participants_south_south: int = 0
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


@dataclass(frozen=True)
class FieldChoice:
    """What an editor chose for a field both editors changed: "mine", "theirs", or "merged" with the text."""

    keep: str
    text: str = ""


def typed_content(
    *,
    common_goals: str,
    cooperation: str,
    organisation_goals: Mapping[int, str],
    rounds: Sequence[PlannedRoundData],
) -> dict:
    """The draft as typed, in the form versions are kept in (partnerships.models.drafts)."""
    content = {"common_goals": common_goals.strip(), "cooperation": cooperation.strip()}
    content.update({f"{GOALS_PREFIX}{pk}": text.strip() for pk, text in organisation_goals.items()})
    for text in content.values():
        check_length(text, LONG_TEXT_MAX_LENGTH)
    content[ROUNDS] = [{key: round_text(value) for key, value in asdict(planned).items()} for planned in rounds]
    return content


def save_application_draft(
    application: Application,
    *,
    common_goals: str,
    cooperation: str,
    organisation_goals: Mapping[int, str],
    rounds: Sequence[PlannedRoundData],
    expected_revision: int | None = None,
    base_version: int | None = None,
    choices: Mapping[str, FieldChoice] | None = None,
    choices_revision: int | None = None,
    by: User,
) -> Application:
    """Save the whole draft (goals per organisation id, rounds replaced in the given order) as a new
    version; the budget total is the sum of the round budgets.

    `expected_revision` is the case revision the editor's page showed and `base_version` the draft
    version it showed. If the case changed since, the typed draft is merged with the saved one: a
    field only one side changed keeps that change; a field both changed needs a choice in `choices`
    (made on a screen shown at `choices_revision`), else EditConflict is raised and nothing changes.
    The save raises the revision, so a Submit from a page older than this save is refused."""
    mine = typed_content(
        common_goals=common_goals, cooperation=cooperation, organisation_goals=organisation_goals, rounds=rounds
    )
    check_rounds(rounds, period=planned_round_period(application.partnership))
    with transaction.atomic():
        application, stale = _lock_for_merge(application, expected_revision)
        case = application.partnership
        require(refusal_reasons(case, CaseAction.EDIT_APPLICATION, by))
        theirs = draft_content(application)
        unknown = {key for key in mine if key.startswith(GOALS_PREFIX)} - set(theirs)
        if unknown:
            raise ValidationError(_("Goals can only be given for the partnership's own organisations."))
        content = {**theirs, **mine}
        if stale:
            content = _merged(application, mine, theirs, base_version, choices or {}, choices_revision, by)
        return _write_draft(application, content, before=theirs, by=by)


def check_rounds(rounds: Sequence[PlannedRoundData], *, period: tuple[date, date]) -> None:
    """What the form refuses at each field, refused here too for whatever did not come through it:
    dates inside the case's period for rounds, budgets that are amounts of money."""
    earliest, latest = period
    errors = []
    for number, planned in enumerate(rounds, start=1):
        for label, day in (
            (_("the planned start"), planned.planned_start),
            (_("the planned end"), planned.planned_end),
        ):
            if day is not None and not earliest <= day <= latest:
                errors.append(
                    _("Round %(number)s: %(date)s must be from %(earliest)s to %(latest)s.")
                    % {"number": number, "date": label, "earliest": long_date(earliest), "latest": long_date(latest)}
                )
        try:
            check_amount(planned.budget, label=_("Round %(number)s: the budget") % {"number": number})
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)


def _lock_for_merge(application: Application, expected_revision: int | None) -> tuple[Application, bool]:
    """The locked application, and whether the case changed since the editor's page (then: merge)."""
    try:
        return lock_application(application, expected_revision=expected_revision), False
    except StaleCase as stale:  # the case row stays locked: we are inside the transaction
        fresh = Application.objects.select_for_update().get(pk=application.pk)
        fresh.partnership = stale.current
        return fresh, True


def _merged(application, mine, theirs, base_version, choices, choices_revision, by) -> dict:
    base = None
    if base_version is not None:
        base = application.revisions.filter(number=base_version).values_list("content", flat=True).first()
        newer_authors = set(application.revisions.filter(number__gt=base_version).values_list("created_by", flat=True))
        if base is not None and newer_authors == {by.pk}:
            # Only this person saved since their page loaded (their own autosave, typically while they
            # went on typing): what they typed last supersedes it; nobody else's work is in between.
            return {**theirs, **mine}
    merge = merge_drafts(base, mine, theirs)
    if choices_revision != application.partnership.revision:
        choices = {}  # made against a version that is no longer the latest: ask again
    unresolved = [key for key in merge.conflicts if key not in choices]
    if unresolved:
        current = Application.objects.select_related("last_edited_by").get(pk=application.pk)
        current.partnership = application.partnership
        raise EditConflict(current, conflicts=unresolved, mine=mine, theirs=theirs)
    content = dict(merge.content)
    for key in merge.conflicts:
        choice = choices[key]
        if choice.keep == "mine":
            content[key] = mine[key]
        elif choice.keep == "merged" and key != ROUNDS:
            content[key] = check_length(choice.text.strip(), LONG_TEXT_MAX_LENGTH)
    return content


def _write_draft(application: Application, content: dict, *, before: dict, by: User, restored=None) -> Application:
    """Write `content` to the locked application as its next version, and record it."""
    changed = changed_fields(before, content)
    if not changed:
        return application  # nothing new: no version, no timeline entry, no conflict for the others
    if not application.revisions.filter(number=application.version).exists():
        # The version before the first recorded save, so the first comparison has something to compare with.
        ApplicationRevision.objects.create(
            application=application, number=application.version, content=before, created_by=application.last_edited_by
        )
    goals = {goal.organisation_id: goal for goal in application.organisation_goals.all()}
    for organisation_id, goal in goals.items():
        goal.goals = content.get(f"{GOALS_PREFIX}{organisation_id}", goal.goals)
    ApplicationOrganisationGoal.objects.bulk_update(goals.values(), ["goals"])
    application.rounds.all().delete()
    planned = [round_values(row) for row in content[ROUNDS]]
    PlannedRound.objects.bulk_create(
        PlannedRound(application=application, number=number, **values) for number, values in enumerate(planned, 1)
    )
    application.common_goals = content["common_goals"]
    application.cooperation = content["cooperation"]
    budgets = [values["budget"] for values in planned if values["budget"] is not None]
    application.budget_total = sum(budgets, Decimal(0)) if budgets else None  # computed, never typed
    application.version += 1
    application.last_edited_by = by
    save_guarded(application)
    ApplicationRevision.objects.create(
        application=application, number=application.version, content=content, changed=changed, created_by=by
    )
    prune_versions(application)
    # The content changed: a Submit from a page loaded before this save would send what its
    # sender has not seen, so pages older than this save are refused like after a transition.
    case = application.partnership
    case.revision += 1
    save_guarded(case, update_fields=["revision"])
    if restored is None:
        record_case_event(case, action=CaseEvent.APPLICATION_DRAFT_SAVED, by=by, data={"version": application.version})
    else:
        version, names = restored
        record_case_event(
            case,
            action=CaseEvent.APPLICATION_FIELD_RESTORED,
            by=by,
            # The field's name is told in the reader's language (partnerships.events.restored_detail).
            data={"version": application.version, "from_version": version.number, "field": changed[0], **names},
        )
    return application


def restore_application_field(
    application: Application,
    version: ApplicationRevision,
    field: str,
    *,
    by: User,
    expected_revision: int | None = None,
) -> Application:
    """Put one field back as it was in an earlier `version`, as a new version of its own."""
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        case = application.partnership
        require(refusal_reasons(case, CaseAction.EDIT_APPLICATION, by))
        if version.application_id != application.pk or field not in version.content:
            raise ValidationError(_("That version has no such field."))
        before = draft_content(application)
        if before.get(field) == version.content[field]:
            raise ValidationError(_("This field is already as it was in that version."))
        goals = application.organisation_goals.select_related("organisation")
        goals_of = {f"{GOALS_PREFIX}{goal.organisation_id}": goal.organisation.name for goal in goals}
        # The timeline names a restored goal's organisation as it was called then.
        organisation = {"organisation": goals_of[field]} if field in goals_of else {}
        content = {**before, field: version.content[field]}
        return _write_draft(application, content, before=before, by=by, restored=(version, organisation))


def submit_application(application: Application, *, expected_revision: int | None = None, by: User) -> Application:
    with transaction.atomic():
        application = lock_application(application, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(application, "submit", by)
        application.revisions.filter(number=application.version).update(submitted=True)
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
    check_length(comment, COMMENT_MAX_LENGTH)
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
