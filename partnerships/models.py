from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition, RolePermission
from norec.core.roles import Role
from norec.core.states import coloured
from partnerships.uploads import CaseUploadPath, validate_document, validate_signed_copy

NORTH_COUNTRIES = {"NO"}  # Norec exchanges run between Norway (north) and the south


class OrganisationKind(models.TextChoices):
    PUBLIC = "public", _("Public institution")
    NGO = "ngo", _("Non-governmental organisation")
    COMPANY = "company", _("Company")
    EDUCATION = "education", _("Educational institution")
    HEALTH = "health", _("Health institution")
    OTHER = "other", _("Other")


class PartnerOrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_adviser:
            return self
        if user.is_partner_contact:
            return self.filter(contacts=user)
        return self.none()


class PartnerOrganisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner contacts"),
        related_name="organisations",
        blank=True,
        limit_choices_to={"role": Role.PARTNER_CONTACT},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country")]

    def __str__(self):
        return f"{self.name} ({self.country.name})"

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])

    @property
    def is_north(self) -> bool:
        return self.country.code in NORTH_COUNTRIES


# ---------------------------------------------------------------------------------------------
# The partnership case: pre-study → application → exchange → follow-up → completed.
#
# The @transition methods below only change state and fields, and declare who may take them
# (`permission=`) and under which conditions (`conditions=`). Both are small objects that can
# also say in words why they do not hold, so a refused action is explained, never a 500
# (partnerships.permissions.transition_refusal_reasons). Side effects live in services.py.
# ---------------------------------------------------------------------------------------------

BUDGET_CURRENCY = "NOK"  # Norec grants are made in Norwegian kroner


@coloured(
    {
        "pre_study": "info",
        "application": "accent",
        "exchange": "success",
        "follow_up": "warning",
        "completed": "success",
        "withdrawn": "neutral",
        "declined": "danger",
        "terminated": "danger",
    }
)
class Phase(models.TextChoices):
    PRE_STUDY = "pre_study", _("Pre-study")
    APPLICATION = "application", _("Application")
    EXCHANGE = "exchange", _("Exchange")
    FOLLOW_UP = "follow_up", _("Follow-up")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    TERMINATED = "terminated", _("Terminated")


# The order a case normally runs through, and the ways out of it. Used for layout (diagram) and
# for "is this case still open"; which moves are allowed is declared only by the transitions.
MAIN_PHASES = (Phase.PRE_STUDY, Phase.APPLICATION, Phase.EXCHANGE, Phase.FOLLOW_UP, Phase.COMPLETED)
EXIT_PHASES = (Phase.WITHDRAWN, Phase.DECLINED, Phase.TERMINATED)
OPEN_PHASES = (Phase.PRE_STUDY, Phase.APPLICATION, Phase.EXCHANGE, Phase.FOLLOW_UP)


@coloured({"draft": "neutral", "submitted": "info", "returned": "warning", "approved": "success", "declined": "danger"})
class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


EDITABLE_APPLICATION_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


class RoundDirection(models.TextChoices):
    NORTH_SOUTH = "north_south", _("North → south")
    SOUTH_NORTH = "south_north", _("South → north")
    SOUTH_SOUTH = "south_south", _("South → south")


class PartnershipDirection(models.TextChoices):
    # An en dash joins the two ends, as in Norec's own texts.
    NORTH_SOUTH = "north_south", _("North–south")  # noqa: RUF001
    SOUTH_SOUTH = "south_south", _("South–south")  # noqa: RUF001


class SignatureMethod(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmed in Norec Exchange")
    UPLOAD = "upload", _("Signed copy uploaded")


@coloured({"submitted": "info", "accepted": "success", "returned": "warning"})
class FinalReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


def _case_of(instance) -> "Partnership":
    return instance if isinstance(instance, Partnership) else instance.partnership


def is_case_adviser(instance, user) -> bool:
    return _case_of(instance).has_adviser(user)


def is_case_contact(instance, user) -> bool:
    return _case_of(instance).has_contact(user)


def is_case_adviser_or_contact(instance, user) -> bool:
    case = _case_of(instance)
    return case.has_adviser(user) or case.has_contact(user)


CASE_ADVISER = RolePermission(is_case_adviser, _("Only the partnership's programme adviser may do this."))
CASE_CONTACT = RolePermission(is_case_contact, _("Only the partner contacts of this partnership may do this."))
CASE_ADVISER_OR_CONTACT = RolePermission(
    is_case_adviser_or_contact,
    _("Only the partnership's programme adviser and its partner contacts may do this."),
)


# --- Conditions of the case (Partnership) ---


@Condition
def pre_study_done(case) -> list:
    reasons = []
    represented = set(case.seminar_representatives.values_list("organisation_id", flat=True))
    for organisation in case.organisations.order_by("name"):
        if organisation.pk not in represented:
            reasons.append(
                _("%(organisation)s has no representative recorded at the introduction seminar.")
                % {"organisation": organisation.name}
            )
    meeting = PartnerMeeting.objects.filter(partnership=case).first()
    if meeting is None:
        reasons.append(_("The partner meeting has not been recorded."))
    elif not meeting.minutes:
        reasons.append(_("The partner meeting minutes are missing."))
    return reasons


@Condition
def application_not_approved(case) -> list:
    application = Application.objects.filter(partnership=case).first()
    if application is not None and application.status == ApplicationStatus.APPROVED:
        return [_("The application has been approved; only the programme adviser can end the partnership now.")]
    return []


@Condition
def application_declined(case) -> list:
    application = Application.objects.filter(partnership=case).first()
    if application is None or application.status != ApplicationStatus.DECLINED:
        return [_("The application has not been declined.")]
    return []


@Condition
def agreement_signed_by_all(case) -> list:
    agreement = Agreement.objects.filter(partnership=case).first()
    if agreement is None:
        return [_("There is no collaboration agreement yet.")]
    return [
        _("%(organisation)s has not signed the collaboration agreement.") % {"organisation": organisation.name}
        for organisation in agreement.unsigned_organisations()
    ]


@Condition
def all_rounds_done(case) -> list:
    agreement = Agreement.objects.filter(partnership=case).first()
    if agreement is None:
        return [_("There is no collaboration agreement yet.")]
    return [
        _("The exchange of round %(number)s has not been marked done.") % {"number": exchange_round.number}
        for exchange_round in agreement.rounds.filter(exchange_done_at__isnull=True)
    ]


@Condition
def final_report_accepted(case) -> list:
    if not case.final_reports.filter(status=FinalReportStatus.ACCEPTED).exists():
        return [_("The final follow-up report has not been accepted.")]
    return []


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


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Advisers see every case; partner contacts the cases their organisations are in; others none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_adviser:
            return self
        if user.is_partner_contact:
            # Exists, not a join: a contact of two partners must not see the case twice (and counts stay right).
            return self.filter(
                models.Exists(Partner.objects.filter(partnership=models.OuterRef("pk"), organisation__contacts=user))
            )
        return self.none()


class Partnership(ConcurrentTransitionMixin, models.Model):
    """A partnership case: two or more organisations applying for and running an exchange with Norec."""

    name = models.CharField(_("name"), max_length=200)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme adviser"),
        on_delete=models.PROTECT,
        related_name="caseload",
        limit_choices_to={"role": Role.ADVISER},
    )
    organisations = models.ManyToManyField(
        PartnerOrganisation, verbose_name=_("partner organisations"), through="Partner", related_name="partnerships"
    )
    phase = FSMField(_("phase"), default=Phase.PRE_STUDY, choices=Phase.choices, protected=True)
    termination_reason = models.TextField(_("reason for ending the partnership"), blank=True)
    # Goes up with every transition of the case or of its application (services._take_transition)
    # and with every saved application draft, so nobody submits or decides on content they have not seen.
    # A service acting on an instance with an older revision refuses and asks for a reload, so of two
    # people acting on the same case at once only the first wins, whatever each of them clicked.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:case_detail", args=[self.pk])

    # --- who is who ---

    def has_adviser(self, user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.is_adviser and self.adviser_id == user.pk)

    def contact_organisation_ids(self, user) -> set[int]:
        """The ids of this case's organisations that `user` is a partner contact of (cached per instance)."""
        if not (user.is_authenticated and user.is_active and user.is_partner_contact):
            return set()
        cache = self.__dict__.setdefault("_contact_organisation_ids", {})
        if user.pk not in cache:
            cache[user.pk] = set(
                Partner.objects.filter(partnership=self, organisation__contacts=user).values_list(
                    "organisation_id", flat=True
                )
            )
        return cache[user.pk]

    def has_contact(self, user) -> bool:
        return bool(self.contact_organisation_ids(user))

    @property
    def coordinating_organisation(self) -> PartnerOrganisation | None:
        partner = self.partners.filter(is_coordinating=True).select_related("organisation").first()
        return partner.organisation if partner else None

    @property
    def direction(self) -> PartnershipDirection | None:
        """North-south when a Norwegian partner works with a southern one; south-south when all are southern."""
        countries = {organisation.country.code for organisation in self.organisations.all()}
        if not countries:
            return None
        has_north = bool(countries & NORTH_COUNTRIES)
        has_south = bool(countries - NORTH_COUNTRIES)
        if has_north and has_south:
            return PartnershipDirection.NORTH_SOUTH
        if has_south:
            return PartnershipDirection.SOUTH_SOUTH
        return None  # Norwegian partners only: not a Norec exchange (create_partnership refuses it)

    @property
    def possible_round_directions(self) -> tuple[RoundDirection, ...]:
        if self.direction == PartnershipDirection.NORTH_SOUTH:
            return (RoundDirection.NORTH_SOUTH, RoundDirection.SOUTH_NORTH)
        if self.direction == PartnershipDirection.SOUTH_SOUTH:
            return (RoundDirection.SOUTH_SOUTH,)
        return ()

    @property
    def is_open(self) -> bool:
        return self.phase in OPEN_PHASES

    # --- transitions: state and fields only ---

    @transition(
        field=phase,
        source=Phase.PRE_STUDY,
        target=Phase.APPLICATION,
        conditions=[pre_study_done],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Start the application")},
    )
    def start_application(self):
        pass

    @transition(
        field=phase,
        source=[Phase.PRE_STUDY, Phase.APPLICATION],
        target=Phase.WITHDRAWN,
        conditions=[application_not_approved],
        permission=CASE_CONTACT,
        custom={"label": _("Withdraw")},
    )
    def withdraw(self):
        pass

    @transition(
        field=phase,
        source=Phase.APPLICATION,
        target=Phase.DECLINED,
        conditions=[application_declined],
        permission=CASE_ADVISER,
        custom={"label": _("Decline")},
    )
    def decline(self):
        pass

    @transition(
        field=phase,
        source=Phase.APPLICATION,
        target=Phase.EXCHANGE,
        conditions=[agreement_signed_by_all],
        # Taken by whoever adds the last signature: a contact, or the adviser registering a signed copy.
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Start the exchange")},
    )
    def start_exchange(self):
        pass

    @transition(
        field=phase,
        source=Phase.EXCHANGE,
        target=Phase.FOLLOW_UP,
        conditions=[all_rounds_done],
        permission=CASE_ADVISER,
        custom={"label": _("Start the follow-up")},
    )
    def start_follow_up(self):
        pass

    @transition(
        field=phase,
        source=Phase.FOLLOW_UP,
        target=Phase.COMPLETED,
        conditions=[final_report_accepted],
        permission=CASE_ADVISER,
        custom={"label": _("Complete")},
    )
    def complete(self):
        pass

    @transition(
        field=phase,
        source=list(OPEN_PHASES),
        target=Phase.TERMINATED,
        permission=CASE_ADVISER,
        custom={"label": _("End the partnership")},
    )
    def terminate(self, reason: str):
        self.termination_reason = reason


class Partner(models.Model):
    """An organisation's membership of a partnership. Exactly one partner coordinates (signs for
    the partnership towards Norec and answers for budget and reports)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_coordinating = models.BooleanField(_("coordinating partner"), default=False)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["-is_coordinating", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="partner_unique_organisation"),
            # "At most one" here; create_partnership makes it "exactly one".
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(is_coordinating=True), name="partner_one_coordinating"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} / {self.partnership}"


# --- Pre-study ---


class SeminarRepresentative(models.Model):
    """Someone who attended Norec's introduction seminar for one of the partner organisations."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="seminar_representatives")
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    seminar_date = models.DateField(_("seminar date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("introduction seminar representative")
        verbose_name_plural = _("introduction seminar representatives")
        ordering = ["organisation__name", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.organisation.name})"


class PartnerMeeting(models.Model):
    """The partners' meeting in the pre-study. The minutes may be uploaded after the meeting is recorded."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="partner_meeting")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.TextField(_("participants"))
    minutes = models.FileField(
        _("minutes"), upload_to=CaseUploadPath("minutes"), blank=True, max_length=255, validators=[validate_document]
    )
    minutes_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner meeting")
        verbose_name_plural = _("partner meetings")

    def __str__(self):
        return f"{self.partnership}, {self.date:%Y-%m-%d}"


# --- Project application ---


class Application(ConcurrentTransitionMixin, models.Model):
    """The project application, drafted together by the partner contacts and decided by the adviser.

    `version` goes up with every saved draft, so two contacts editing at once cannot overwrite
    each other: a save based on an older version is refused (services.EditConflict)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="application")
    status = FSMField(_("status"), default=ApplicationStatus.DRAFT, choices=ApplicationStatus.choices, protected=True)
    common_goals = models.TextField(_("shared goals"), blank=True)
    cooperation = models.TextField(_("how the partners will cooperate"), blank=True)
    budget_total = models.DecimalField(_("budget total"), max_digits=12, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adviser_comment = models.TextField(_("adviser's comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project application")
        verbose_name_plural = _("project applications")

    def __str__(self):
        return str(_("Application for %(partnership)s") % {"partnership": self.partnership})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_APPLICATION_STATUSES

    def rounds_budget_sum(self):
        return sum((r.budget for r in self.rounds.all() if r.budget is not None), Decimal(0))

    def missing_items(self) -> list[str]:
        """Everything that keeps this application from being submitted, each said precisely."""
        missing = []
        goals_by_organisation = {goal.organisation_id: goal.goals for goal in self.organisation_goals.all()}
        for organisation in self.partnership.organisations.order_by("name"):
            if not goals_by_organisation.get(organisation.pk, "").strip():
                missing.append(_("The goals of %(organisation)s are missing.") % {"organisation": organisation.name})
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


def format_amount(amount) -> str:
    return f"{BUDGET_CURRENCY} {number_format(amount, decimal_pos=2, force_grouping=True)}"


class ApplicationOrganisationGoal(models.Model):
    """What one partner organisation wants to achieve, as stated in the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="organisation_goals")
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    goals = models.TextField(_("goals"), blank=True)

    class Meta:
        verbose_name = _("organisation's goals")
        verbose_name_plural = _("organisations' goals")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="application_goal_unique_organisation")
        ]

    def __str__(self):
        return f"{self.organisation.name}: {self.goals[:40]}"


class PlannedRound(models.Model):
    """One exchange round as planned in the application. Blank fields are allowed in a draft."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    direction = models.CharField(_("direction"), max_length=20, choices=RoundDirection.choices, blank=True)
    participants = models.PositiveSmallIntegerField(_("number of participants"), null=True, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("planned exchange round")
        verbose_name_plural = _("planned exchange rounds")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="planned_round_unique_number")]

    def __str__(self):
        return str(_("Round %(number)s") % {"number": self.number})

    def missing_items(self, possible_directions) -> list[str]:
        values = {"number": self.number}
        missing = []
        if not self.direction:
            missing.append(_("Round %(number)s: the direction is missing.") % values)
        elif possible_directions and self.direction not in possible_directions:
            missing.append(
                _("Round %(number)s: the direction %(direction)s is not possible in this partnership.")
                % {**values, "direction": self.get_direction_display()}
            )
        if not self.participants:
            missing.append(_("Round %(number)s: the number of participants is missing.") % values)
        if self.planned_start is None:
            missing.append(_("Round %(number)s: the planned start date is missing.") % values)
        if self.planned_end is None:
            missing.append(_("Round %(number)s: the planned end date is missing.") % values)
        if self.planned_start and self.planned_end and self.planned_end <= self.planned_start:
            missing.append(_("Round %(number)s: the planned end must be after the planned start.") % values)
        if self.budget is None:
            missing.append(_("Round %(number)s: the budget is missing.") % values)
        return missing


# --- Collaboration agreement ---


class Agreement(models.Model):
    """The collaboration agreement, made from the approved application. Its content is a copy, so
    later changes (amendments) never rewrite what was signed."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="agreement")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="agreements")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    common_goals = models.TextField(_("shared goals"), blank=True)
    cooperation = models.TextField(_("how the partners will cooperate"), blank=True)
    # [{"organisation_id": 1, "organisation": "Bergen Health Trust", "country": "NO", "goals": "..."}]
    organisation_goals = models.JSONField(_("goals per organisation"), default=list)
    budget_total = models.DecimalField(_("budget total"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self):
        return str(_("Collaboration agreement for %(partnership)s") % {"partnership": self.partnership})

    def unsigned_organisations(self):
        return self.partnership.organisations.exclude(pk__in=self.signatures.values("organisation_id")).order_by("name")

    @property
    def is_signed_by_all(self) -> bool:
        return not self.unsigned_organisations().exists()


class AgreementRound(models.Model):
    """An exchange round as agreed. The adviser marks its exchange done; the last one opens the follow-up."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    direction = models.CharField(_("direction"), max_length=20, choices=RoundDirection.choices)
    participants = models.PositiveSmallIntegerField(_("number of participants"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    exchange_done_at = models.DateTimeField(_("exchange done"), null=True, blank=True)
    exchange_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("agreed exchange round")
        verbose_name_plural = _("agreed exchange rounds")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreement_round_unique_number")]

    def __str__(self):
        return str(_("Round %(number)s") % {"number": self.number})

    @property
    def is_done(self) -> bool:
        return self.exchange_done_at is not None


class AgreementSignature(models.Model):
    """One partner organisation's signature: a contact's confirmation in the app, or an uploaded signed copy."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    method = models.CharField(_("method"), max_length=20, choices=SignatureMethod.choices)
    signed_copy = models.FileField(
        _("signed copy"),
        upload_to=CaseUploadPath("signatures"),
        blank=True,
        max_length=255,
        validators=[validate_signed_copy],
    )
    signed_copy_filename = models.CharField(_("original file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="signature_unique_organisation")
        ]

    def __str__(self):
        return f"{self.organisation.name} ({self.signed_at:%Y-%m-%d})"

    @property
    def partnership_id(self):
        return self.agreement.partnership_id


# --- Follow-up ---


class FollowUpReport(models.Model):
    """The partnership's final follow-up report. A returned report stays as history; a new one is submitted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="final_reports")
    text = models.TextField(_("report"))
    attachment = models.FileField(
        _("attachment"), upload_to=CaseUploadPath("follow-up"), max_length=255, validators=[validate_document]
    )
    attachment_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=FinalReportStatus.choices, default=FinalReportStatus.SUBMITTED
    )
    adviser_comment = models.TextField(_("adviser's comments"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("final follow-up report")
        verbose_name_plural = _("final follow-up reports")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # Only one report can be waiting for, or have passed, the adviser's decision.
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status__in=[FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED]),
                name="final_report_one_open",
            )
        ]

    def __str__(self):
        return f"{self.partnership}, {self.submitted_at:%Y-%m-%d}"
