from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.limits import COMMENT_MAX_LENGTH, limited_text, max_length_check
from norec.core.roles import Role
from partnerships.models.conditions import (
    agreement_signed_by_all,
    application_declined,
    application_not_approved,
    exchange_finished,
    final_report_accepted,
    follow_up_finished,
    pre_study_done,
)
from partnerships.models.organisations import NORTH_COUNTRIES, PartnerOrganisation
from partnerships.models.rules import CASE_ADVISER, CASE_ADVISER_OR_CONTACT, CASE_CONTACT
from partnerships.models.states import OPEN_PHASES, PartnershipDirection, Phase, RoundDirection

# ---------------------------------------------------------------------------------------------
# The partnership case: pre-study → application → exchange → follow-up → completed.
#
# The @transition methods below only change state and fields, and declare who may take them
# (`permission=`, models/rules.py) and under which conditions (`conditions=`, models/conditions.py).
# Both can also say in words why they do not hold, so a refused action is explained, never a 500
# (partnerships.permissions). Side effects live in the services.
# ---------------------------------------------------------------------------------------------


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Advisers see every case; partner contacts the cases their organisations are in; others none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_adviser:
            return self
        if user.is_partner_contact:
            # Exists, not a join: a contact of two partners must not see the case twice (and counts stay right).
            members = Partner.objects.current().filter(partnership=models.OuterRef("pk"), organisation__contacts=user)
            return self.filter(models.Exists(members))
        return self.none()


def direction_of(organisations) -> PartnershipDirection | None:
    """The direction of a partnership of these organisations (see Partnership.direction)."""
    countries = {organisation.country.code for organisation in organisations}
    if not countries:
        return None
    has_north = bool(countries & NORTH_COUNTRIES)
    has_south = bool(countries - NORTH_COUNTRIES)
    if has_north and has_south:
        return PartnershipDirection.NORTH_SOUTH
    if has_south:
        return PartnershipDirection.SOUTH_SOUTH
    return None  # Norwegian partners only: not a Norec exchange (create_partnership refuses it)


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
    # The language of the case's documents (the collaboration agreement PDF), whoever downloads them:
    # English unless every partner reads bokmål.
    language = models.CharField(_("language of the agreement"), max_length=10, choices=settings.LANGUAGES, default="en")
    phase = FSMField(_("phase"), default=Phase.PRE_STUDY, choices=Phase.choices, protected=True)
    termination_reason = limited_text(_("reason for ending the partnership"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # Goes up with every transition of the case or of its application (services._take_transition)
    # and with every saved application draft, so nobody submits or decides on content they have not seen.
    # A service acting on an instance with an older revision refuses and asks for a reload, so of two
    # people acting on the same case at once only the first wins, whatever each of them clicked.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the case waits for, kept (partnerships.waiting_state): whom (a WaitingFor value, "" for
    # nobody), since when, and what its "Waiting for" cell says, as words in no language
    # (partnerships.words). The lists and homes read and sort by these instead of computing them
    # per request. Refreshed with every change to the case, and each night for time passing.
    waiting_for = models.CharField(_("waiting for"), max_length=20, blank=True, default="", editable=False)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True, editable=False)
    waiting_words = models.JSONField(_("what it waits for"), default=dict, blank=True, editable=False)
    waiting_refreshed_at = models.DateTimeField(_("waiting refreshed"), null=True, blank=True, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name", "pk"]
        constraints = [
            max_length_check("termination_reason", COMMENT_MAX_LENGTH, name="partnership_termination_reason_length")
        ]
        # The search finds a case by a part of its name or a typo in it (workspace.search; PostgreSQL only).
        indexes = [
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="partnership_name_trgm"),
            # The homes: what waits for an adviser first, the oldest first; the lists' sort by waiting.
            models.Index(fields=["adviser", "waiting_for", "waiting_since"], name="partnership_adviser_waiting"),
            models.Index(fields=["waiting_since", "name"], name="partnership_waiting_since"),
        ]

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
                Partner.objects.current()
                .filter(partnership=self, organisation__contacts=user)
                .values_list("organisation_id", flat=True)
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
        return direction_of(self.organisations.all())

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
        conditions=[exchange_finished],
        permission=CASE_ADVISER,
        custom={"label": _("Start the follow-up")},
    )
    def start_follow_up(self):
        pass

    @transition(
        field=phase,
        source=Phase.FOLLOW_UP,
        target=Phase.COMPLETED,
        conditions=[final_report_accepted, follow_up_finished],
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


class PartnerQuerySet(models.QuerySet):
    def current(self, today=None):
        """Memberships in force on `today`: a partner that joined or leaves by an amendment (B03)
        is a partner, and its contacts see the case, from the day it joins until the day it leaves."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.filter(
            models.Q(member_from__isnull=True) | models.Q(member_from__lte=today),
            models.Q(member_until__isnull=True) | models.Q(member_until__gt=today),
        )


class Partner(models.Model):
    """An organisation's membership of a partnership. Exactly one partner coordinates (signs for
    the partnership towards Norec and answers for budget and reports). A collaboration agreement
    amendment (B03) may add a partner from a date or let one leave on a date."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_coordinating = models.BooleanField(_("coordinating partner"), default=False)
    # Empty: a partner from the start. Set by an approved amendment (B03) that added the partner.
    member_from = models.DateField(_("partner from"), null=True, blank=True)
    # Empty: a partner to the end. From this day the partner has left (its contacts no longer see the case).
    member_until = models.DateField(_("partner until"), null=True, blank=True)

    objects = PartnerQuerySet.as_manager()

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
