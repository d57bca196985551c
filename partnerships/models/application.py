from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition
from norec.core.limits import (
    COMMENT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    date_range_check,
    limited_text,
    max_length_check,
    not_negative_check,
    programme_date_validators,
)
from norec.core.search import TextVector
from partnerships.models.organisations import PartnerOrganisation
from partnerships.models.round_participants import DIRECTION_NAMES, ParticipantsByDirection
from partnerships.models.rules import CASE_ADVISER, CASE_CONTACT
from partnerships.models.states import (
    EDITABLE_APPLICATION_STATUSES,
    ApplicationStatus,
    Phase,
    RoundDirection,
    format_amount,
)

# --- Conditions of the application ---


@Condition
def case_in_application_phase(application) -> list:
    case = application.partnership
    if case.phase != Phase.APPLICATION:
        return [
            _("The partnership is no longer in the application phase (it is %(phase)s).")
            % {"phase": case.get_phase_display().lower()}
        ]
    return []


@Condition
def application_complete(application) -> list:
    return application.missing_items()


class Application(ConcurrentTransitionMixin, models.Model):
    """The project application, drafted together by the partner contacts and decided by the adviser.

    `version` goes up with every saved draft, so two contacts editing at once cannot overwrite
    each other: a save based on an older version is refused (services.EditConflict)."""

    partnership = models.OneToOneField("partnerships.Partnership", on_delete=models.CASCADE, related_name="application")
    status = FSMField(_("status"), default=ApplicationStatus.DRAFT, choices=ApplicationStatus.choices, protected=True)
    common_goals = limited_text(_("shared goals"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    cooperation = limited_text(_("how the partners will cooperate"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    budget_total = models.DecimalField(
        _("budget total"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adviser_comment = limited_text(_("adviser's comments"), max_length=COMMENT_MAX_LENGTH, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project application")
        verbose_name_plural = _("project applications")
        constraints = [
            max_length_check("common_goals", LONG_TEXT_MAX_LENGTH, name="application_common_goals_length"),
            max_length_check("cooperation", LONG_TEXT_MAX_LENGTH, name="application_cooperation_length"),
            max_length_check("adviser_comment", COMMENT_MAX_LENGTH, name="application_adviser_comment_length"),
            not_negative_check("budget_total", name="application_budget_not_negative"),
        ]
        # The search reads the goals and the cooperation in Norwegian (stems: "sykepleiere" finds
        # "sykepleier"); workspace.search queries with this very expression (PostgreSQL only).
        indexes = [GinIndex(TextVector("common_goals", "cooperation"), name="application_text_search")]

    def __str__(self):
        return str(_("Application for %(partnership)s") % {"partnership": self.partnership})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_APPLICATION_STATUSES

    @property
    def awaiting_decision(self) -> bool:
        """Submitted and not decided yet: the status says "Submitted", so pages give its date beside
        the status instead of under a second "Submitted"."""
        return self.status == ApplicationStatus.SUBMITTED

    def rounds_budget_sum(self):
        return sum((r.budget for r in self.rounds.all() if r.budget is not None), Decimal(0))

    def missing_items(self) -> list[str]:
        """Everything that keeps this application from being submitted, each said precisely."""
        missing = self._missing_goals()
        if not self.cooperation.strip():
            missing.append(_("How the partners will cooperate is not described."))
        rounds = list(self.rounds.all())
        if not rounds:
            missing.append(_("At least one exchange round must be planned."))
        possible_directions = self.partnership.possible_round_directions
        for planned in rounds:
            missing.extend(planned.missing_items(possible_directions))
        if self.budget_total is None:
            missing.append(_("The budget total is missing."))
        elif rounds and self.budget_total != self.rounds_budget_sum():
            missing.append(
                _("The budget total (%(total)s) does not equal the sum of the round budgets (%(sum)s).")
                % {"total": format_amount(self.budget_total), "sum": format_amount(self.rounds_budget_sum())}
            )
        return [str(item) for item in missing]

    def _missing_goals(self) -> list:
        """The partnership states common goals, or each organisation its own (DOMAIN): shared goals
        are enough; without them, every organisation that has not given its goals is named."""
        given = {goal.organisation_id for goal in self.organisation_goals.all() if goal.goals.strip()}
        organisations = list(self.partnership.organisations.order_by("name"))
        without = [organisation.name for organisation in organisations if organisation.pk not in given]
        if self.common_goals.strip() or not without:
            return []
        if len(without) == len(organisations):
            return [
                _("The goals are missing: give shared goals, or the goals of each organisation (%(organisations)s).")
                % {"organisations": get_text_list(without, _("and"))}
            ]
        return [
            _("The goals of %(organisations)s are missing: without shared goals, every organisation gives its own.")
            % {"organisations": get_text_list(without, _("and"))}
        ]

    # --- transitions: state and fields only ---

    @transition(
        field=status,
        source=list(EDITABLE_APPLICATION_STATUSES),
        target=ApplicationStatus.SUBMITTED,
        conditions=[case_in_application_phase, application_complete],
        permission=CASE_CONTACT,
        custom={"label": _("Submit the application")},
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=ApplicationStatus.SUBMITTED,
        target=ApplicationStatus.RETURNED,
        conditions=[case_in_application_phase],
        permission=CASE_ADVISER,
        custom={"label": _("Return for revision")},
    )
    def return_for_revision(self, comment: str):
        self.adviser_comment = comment

    @transition(
        field=status,
        source=ApplicationStatus.SUBMITTED,
        target=ApplicationStatus.APPROVED,
        conditions=[case_in_application_phase],
        permission=CASE_ADVISER,
        custom={"label": _("Approve the application")},
    )
    def approve(self):
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=ApplicationStatus.SUBMITTED,
        target=ApplicationStatus.DECLINED,
        conditions=[case_in_application_phase],
        permission=CASE_ADVISER,
        custom={"label": _("Decline the application")},
    )
    def decline(self, comment: str):
        self.adviser_comment = comment
        self.decided_at = timezone.now()


class ApplicationOrganisationGoal(models.Model):
    """What one partner organisation wants to achieve, as stated in the application."""

    application = models.ForeignKey(
        "partnerships.Application", on_delete=models.CASCADE, related_name="organisation_goals"
    )
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    goals = limited_text(_("goals"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("organisation's goals")
        verbose_name_plural = _("organisations' goals")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"], name="application_goal_unique_organisation"
            ),
            max_length_check("goals", LONG_TEXT_MAX_LENGTH, name="application_goal_length"),
        ]

    def __str__(self):
        return f"{self.organisation.name}: {self.goals[:40]}"


# How long a round may last, in months (DOMAIN, "Lengths": three to eighteen).
ROUND_MONTHS = (3, 18)
# Where planned rounds may lie, in years before and after the case was opened: an agreement runs
# up to five years from the application, which may take a while; the years back allow recording
# a partnership that started before it was entered here.
ROUND_YEARS_AROUND_CASE = (5, 8)


def planned_round_period(case) -> tuple[date, date]:
    """The first and last day a planned round of `case` may start or end on."""
    opened = timezone.localdate(case.created_at) if case.created_at else timezone.localdate()
    back, ahead = ROUND_YEARS_AROUND_CASE
    return opened - relativedelta(years=back), opened + relativedelta(years=ahead)


def round_length_allowed(start, end) -> bool:
    shortest, longest = ROUND_MONTHS
    return start + relativedelta(months=shortest) <= end <= start + relativedelta(months=longest)


class PlannedRound(ParticipantsByDirection):
    """One exchange round as planned in the application, with its participants per direction
    (ParticipantsByDirection). Blank fields are allowed in a draft."""

    application = models.ForeignKey("partnerships.Application", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True, validators=programme_date_validators())
    planned_end = models.DateField(_("planned end"), null=True, blank=True, validators=programme_date_validators())
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("planned exchange round")
        verbose_name_plural = _("planned exchange rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="planned_round_unique_number"),
            date_range_check("planned_start", name="planned_round_start_in_range"),
            date_range_check("planned_end", name="planned_round_end_in_range"),
            not_negative_check("budget", name="planned_round_budget_not_negative"),
        ]

    def __str__(self):
        return str(_("Round %(number)s") % {"number": self.number})

    def missing_items(self, possible_directions) -> list[str]:
        values = {"number": self.number}
        missing = []
        planned = self.planned_participants()
        if not any(planned.values()):
            ways = [DIRECTION_NAMES[direction] for direction in possible_directions or RoundDirection]
            missing.append(
                _("Round %(number)s: no participants are planned; give the number going %(directions)s.")
                % {**values, "directions": get_text_list(ways, _("or"))}
            )
        for direction, count in planned.items():
            if count and possible_directions and direction not in possible_directions:
                missing.append(
                    _("Round %(number)s: the direction %(direction)s is not possible in this partnership.")
                    % {**values, "direction": direction.label}
                )
        if self.planned_start is None:
            missing.append(_("Round %(number)s: the planned start date is missing.") % values)
        if self.planned_end is None:
            missing.append(_("Round %(number)s: the planned end date is missing.") % values)
        if self.planned_start and self.planned_end and self.planned_end <= self.planned_start:
            missing.append(_("Round %(number)s: the planned end must be after the planned start.") % values)
        elif self.planned_start and self.planned_end and not round_length_allowed(self.planned_start, self.planned_end):
            missing.append(
                _("Round %(number)s: a round lasts from %(shortest)s to %(longest)s months.")
                % {**values, "shortest": ROUND_MONTHS[0], "longest": ROUND_MONTHS[1]}
            )
        if self.budget is None:
            missing.append(_("Round %(number)s: the budget is missing.") % values)
        return missing
