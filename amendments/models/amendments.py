"""An amendment application: what the partners ask to change in their collaboration agreement
(B03) or in one round's agreement (C05), as the values before and after, with a justification,
documents, and the adviser's decision.

`baseline` holds the values the amendment was drafted against and `proposal` the values asked
for, both as flat dicts of amendments.snapshot's keys ("period_end", "leg:12:departure"): the
change is where they differ. Approval writes the proposal's differing values, and refuses when what
it changes no longer has the baseline's value (amendments.changes.stale_differences).

The @transition methods change state and fields only, and declare who may take them
(`permission=`) and when (`conditions=`, models/rules.py); the services take them."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from amendments.models.rules import (
    CASE_ADVISER,
    CASE_CONTACT,
    changes_something,
    justified,
    not_stale,
    subject_open,
)
from amendments.models.states import DECIDED_STATES, OPEN_STATES, AmendmentKind, AmendmentState
from norec.core.limits import (
    COMMENT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    date_range_check,
    limited_text,
    max_length_check,
    programme_date_validators,
)
from norec.core.search import TextVector
from norec.core.uploads import DOCUMENT_TYPES, SIGNED_COPY_TYPES, CaseUploadPath, validate_upload

SUPPORTING_TYPES = tuple(dict.fromkeys((*DOCUMENT_TYPES, *SIGNED_COPY_TYPES)))  # PDF, Word, ODT, PNG, JPEG
MAX_DOCUMENTS = 10


def validate_supporting_document(file) -> None:
    validate_upload(file, allowed_types=SUPPORTING_TYPES)


class Amendment(ConcurrentTransitionMixin, models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="amendments", verbose_name=_("partnership")
    )
    kind = models.CharField(_("form"), max_length=3, choices=AmendmentKind.choices)
    # C05 only: the round whose agreement it changes.
    exchange_round = models.ForeignKey(
        "exchanges.ExchangeRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("round"),
    )
    state = FSMField(
        _("state"), max_length=20, choices=AmendmentState.choices, default=AmendmentState.DRAFT, protected=True
    )
    baseline = models.JSONField(_("values when drafted"), default=dict)
    proposal = models.JSONField(_("values asked for"), default=dict)
    justification = limited_text(_("justification"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    effective_on = models.DateField(_("takes effect on"), validators=programme_date_validators())
    # A joining partner's contact, invited when the amendment is approved (B03).
    invite_name = models.CharField(_("contact's name"), max_length=200, blank=True)
    invite_email = models.EmailField(_("contact's email"), blank=True)
    # Goes up with every saved change and every transition: a page older than it is refused.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The adviser's last word: why it was returned, approved or rejected.
    decision_reason = limited_text(_("reason"), max_length=COMMENT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(kind=AmendmentKind.B03, state__in=OPEN_STATES),
                name="amendment_one_open_b03",
            ),
            models.UniqueConstraint(
                fields=["exchange_round"],
                condition=models.Q(kind=AmendmentKind.C05, state__in=OPEN_STATES),
                name="amendment_one_open_c05",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=AmendmentKind.B03, exchange_round__isnull=True)
                | models.Q(kind=AmendmentKind.C05, exchange_round__isnull=False),
                name="amendment_round_for_c05_only",
            ),
            max_length_check("justification", LONG_TEXT_MAX_LENGTH, name="amendment_justification_length"),
            max_length_check("decision_reason", COMMENT_MAX_LENGTH, name="amendment_decision_reason_length"),
            date_range_check("effective_on", name="amendment_effective_on_range"),
        ]
        # The search reads the justification and the adviser's reason in Norwegian (PostgreSQL only).
        indexes = [GinIndex(TextVector("justification", "decision_reason"), name="amendment_text_search")]

    def __str__(self):
        return str(self.reference)

    def get_absolute_url(self):
        return reverse("amendments:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """How the amendment is named on pages, PDFs and emails: "B03-0012", "C05-0013"."""
        return f"{self.kind}-{self.pk:04d}" if self.pk else self.kind

    @property
    def subject(self) -> str:
        if self.exchange_round_id:
            return str(_("Round %(number)s") % {"number": self.exchange_round.number})
        return str(_("Collaboration agreement"))

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    # --- transitions: state and fields only ---

    @transition(
        field=state,
        source=[AmendmentState.DRAFT, AmendmentState.RETURNED],
        target=AmendmentState.SUBMITTED,
        conditions=[subject_open, changes_something, justified],
        permission=CASE_CONTACT,
        custom={"label": _("Submit to the programme adviser")},
    )
    def submit(self, now):
        self.submitted_at = now

    @transition(
        field=state,
        source=AmendmentState.SUBMITTED,
        target=AmendmentState.RETURNED,
        permission=CASE_ADVISER,
        custom={"label": _("Return for revision")},
    )
    def return_for_revision(self, reason, by, now):
        self.decision_reason, self.decided_by, self.decided_at = reason, by, now

    @transition(
        field=state,
        source=AmendmentState.SUBMITTED,
        target=AmendmentState.APPROVED,
        conditions=[subject_open, not_stale],
        permission=CASE_ADVISER,
        custom={"label": _("Approve and apply")},
    )
    def approve(self, reason, by, now):
        self.decision_reason, self.decided_by, self.decided_at = reason, by, now

    @transition(
        field=state,
        source=AmendmentState.SUBMITTED,
        target=AmendmentState.REJECTED,
        permission=CASE_ADVISER,
        custom={"label": _("Reject")},
    )
    def reject(self, reason, by, now):
        self.decision_reason, self.decided_by, self.decided_at = reason, by, now

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=AmendmentState.WITHDRAWN,
        permission=CASE_CONTACT,
        custom={"label": _("Withdraw the amendment")},
    )
    def withdraw(self):
        pass


class AmendmentDocument(models.Model):
    """A supporting document of an amendment (the core's upload rules: type by content, size)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        _("document"), upload_to=CaseUploadPath("amendments"), max_length=255, validators=[validate_supporting_document]
    )
    filename = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.filename

    @property
    def partnership_id(self):
        return self.amendment.partnership_id
