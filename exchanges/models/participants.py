"""Participants: the people an exchange leg sends from its home organisation to its host.

The partner contacts of the sending (home) organisation recruit them; each is invited by email
(the core's invitations) and then holds the participant role for this exchange only. The age
rule (18 to 35 at departure "as a main rule") is a warning an adviser may accept with a reason."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from exchanges.models.rounds import RoundState
from norec.core.dates import YearsAfter
from norec.core.fsm import Condition
from norec.core.limits import (
    COMMENT_MAX_LENGTH,
    EARLIEST_BIRTH_DATE,
    LONG_TEXT_MAX_LENGTH,
    birth_date_validators,
    date_range_check,
    limited_text,
    max_length_check,
    not_negative_check,
    programme_date_validators,
)
from norec.core.states import coloured


class RecruitmentKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (own staff or members)")
    EXTERNAL = "external", _("External (advertised)")


# What the follow-up after return is about (DOMAIN, "after"): an internal recruit develops their
# own organisation; an external one transfers what they learnt.
FOLLOW_UP_FOCUS = {
    RecruitmentKind.INTERNAL: _(
        "Organisational development: how the participant's new skills change the way their own organisation works."
    ),
    RecruitmentKind.EXTERNAL: _(
        "Knowledge transfer: how the participant shares what they learnt with the organisation and those it serves."
    ),
}


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


@coloured({"active": "success", "completed": "info", "withdrawn": "neutral", "returned_early": "warning"})
class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Taking part")
    COMPLETED = "completed", _("Exchange completed")  # home as planned: the round's exchange is done
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RETURNED_EARLY = "returned_early", _("Returned early")


# Recruited and not gone: those who take part, and those whose exchange is done. They count as the
# leg's participants and keep working through their checklist after the return.
TAKING_PART = (ParticipantStatus.ACTIVE, ParticipantStatus.COMPLETED)
# Those a round counts as its recruited participants: those taking part, and those who went and came
# back early (they were exchanged; a withdrawn participant never left, or left the round's count).
RECRUITED = (*TAKING_PART, ParticipantStatus.RETURNED_EARLY)


@Condition
def before_return(participant) -> list:
    """A participant withdraws before or during their exchange, not after it has ended."""
    leg = participant.leg
    if timezone.localdate() >= leg.return_date:
        return [
            _("The exchange of %(name)s ended on %(date)s: there is nothing left to withdraw from.")
            % {"name": participant.full_name, "date": date_format(leg.return_date, "DATE_FORMAT")}
        ]
    return []


@Condition
def abroad_now(participant) -> list:
    """An early return is recorded for someone who has left (the round has departed and their
    leg's departure has come) and whose exchange has not ended yet."""
    leg, today = participant.leg, timezone.localdate()
    exchange_round = leg.exchange_round
    if exchange_round.state != RoundState.IN_EXCHANGE:
        return [
            _("An early return is recorded once the participants have left; round %(number)s is “%(state)s”.")
            % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
        ]
    if today < leg.departure:
        return [
            _("%(name)s leaves on %(date)s: until then, withdraw instead.")
            % {"name": participant.full_name, "date": date_format(leg.departure, "DATE_FORMAT")}
        ]
    if today >= leg.return_date:
        return [
            _("The exchange of %(name)s ended on %(date)s.")
            % {"name": participant.full_name, "date": date_format(leg.return_date, "DATE_FORMAT")}
        ]
    return []


class Participant(ConcurrentTransitionMixin, models.Model):
    leg = models.ForeignKey(
        "exchanges.ExchangeLeg", on_delete=models.PROTECT, related_name="participant_set", verbose_name=_("leg")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("name as in passport"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), validators=birth_date_validators())
    nationality = CountryField(_("nationality"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    recruitment = models.CharField(_("recruitment"), max_length=10, choices=RecruitmentKind.choices)
    role_at_host = models.CharField(_("role at the host"), max_length=200)
    workplace_at_host = models.CharField(_("work place at the host"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=200)
    emergency_phone = models.CharField(_("emergency contact's phone"), max_length=40)
    # The participant agreement's essentials (between participant and employer).
    employment_months = models.PositiveSmallIntegerField(_("length of employment (months)"))
    duties_before = limited_text(_("duties before the exchange"), max_length=LONG_TEXT_MAX_LENGTH)
    duties_after = limited_text(_("duties after the exchange"), max_length=LONG_TEXT_MAX_LENGTH)
    allowance_amount = models.DecimalField(
        _("monthly allowance"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    allowance_currency = models.CharField(_("currency"), max_length=3)

    status = FSMField(
        _("status"), max_length=20, choices=ParticipantStatus.choices, default=ParticipantStatus.ACTIVE, protected=True
    )
    status_reason = limited_text(_("reason"), max_length=COMMENT_MAX_LENGTH, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True, validators=programme_date_validators())
    age_accepted_reason = limited_text(_("why the age is accepted"), max_length=COMMENT_MAX_LENGTH, blank=True)
    age_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_accepted_at = models.DateTimeField(null=True, blank=True)
    # The follow-up plan, drafted before the return; its revision guards against overwriting.
    follow_up_plan = limited_text(_("follow-up plan"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    follow_up_plan_revision = models.PositiveIntegerField(default=0)
    follow_up_plan_at = models.DateTimeField(null=True, blank=True)
    follow_up_plan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["leg", "full_name"]
        constraints = [
            date_range_check("date_of_birth", earliest=EARLIEST_BIRTH_DATE, name="participant_birth_date_in_range"),
            date_range_check("returned_on", name="participant_returned_on_in_range"),
            not_negative_check("allowance_amount", name="participant_allowance_not_negative"),
            *(
                max_length_check(field, limit, name=f"participant_{field}_length")
                for field, limit in (
                    ("duties_before", LONG_TEXT_MAX_LENGTH),
                    ("duties_after", LONG_TEXT_MAX_LENGTH),
                    ("status_reason", COMMENT_MAX_LENGTH),
                    ("age_accepted_reason", COMMENT_MAX_LENGTH),
                    ("follow_up_plan", LONG_TEXT_MAX_LENGTH),
                )
            ),
        ]
        # The search finds a participant by a part of the name or a typo in it (PostgreSQL only).
        indexes = [GinIndex(fields=["full_name"], opclasses=["gin_trgm_ops"], name="participant_name_trgm")]

    def __str__(self):
        return self.full_name

    @property
    def partnership(self):
        return self.leg.exchange_round.agreement.partnership

    @property
    def home_organisation(self):
        return self.leg.home_organisation

    @property
    def host_organisation(self):
        return self.leg.host_organisation

    @property
    def follow_up_focus(self) -> str:
        return str(FOLLOW_UP_FOCUS[RecruitmentKind(self.recruitment)])

    def age_at_departure(self) -> int:
        return relativedelta(self.leg.departure, self.date_of_birth).years

    def age_warning(self) -> str:
        """The main rule's warning, or "" when the age is within it (or an adviser accepted it)."""
        low, high = settings.NOREC_PARTICIPANT_AGE_RANGE
        age = self.age_at_departure()
        if low <= age <= high:
            return ""
        return str(
            _("%(name)s will be %(age)s at departure; the main rule is %(low)s to %(high)s.")
            % {"name": self.full_name, "age": age, "low": low, "high": high}
        )

    @property
    def needs_age_acceptance(self) -> bool:
        return bool(self.age_warning()) and not self.age_accepted_reason

    @staticmethod
    def awaiting_age_decision() -> Q:
        """needs_age_acceptance in SQL: outside the main rule at the leg's departure, not accepted
        (a test holds the two to the same answers)."""
        low, high = settings.NOREC_PARTICIPANT_AGE_RANGE
        born = F("date_of_birth")
        too_young = Q(leg__departure__lt=YearsAfter(born, low))
        too_old = Q(leg__departure__gte=YearsAfter(born, high + 1))
        return (too_young | too_old) & Q(age_accepted_reason="")

    # --- transitions: state and fields only; exchanges.services takes them ---

    @transition(
        field=status,
        source=ParticipantStatus.ACTIVE,
        target=ParticipantStatus.WITHDRAWN,
        conditions=[before_return],
        custom={"label": _("Withdraw the participant")},
    )
    def withdraw(self, reason: str):
        self.status_reason = reason

    @transition(
        field=status,
        source=ParticipantStatus.ACTIVE,
        target=ParticipantStatus.RETURNED_EARLY,
        conditions=[abroad_now],
        custom={"label": _("Record an early return")},
    )
    def return_early(self, reason: str, returned_on):
        self.status_reason = reason
        self.returned_on = returned_on

    @transition(
        field=status,
        source=ParticipantStatus.ACTIVE,
        target=ParticipantStatus.COMPLETED,
        custom={"label": _("Exchange completed")},
    )
    def complete_exchange(self):
        """Taken with the round's "Mark exchange done" (exchanges.services.rounds), for each who took part."""
