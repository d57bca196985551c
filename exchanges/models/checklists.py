"""Checklists: what must be done for each participant before, during and after the exchange.

Advisers keep the programme's checklist templates. When a participant is recruited, the active
template's items are copied onto their own checklist (so changing a template affects new
checklists only). An item's due date is an offset from the departure or the return; when the
leg's dates move, open items move with them."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core.limits import LONG_TEXT_MAX_LENGTH, RECORDED_TEXT_MAX_LENGTH, limited_text, max_length_check
from norec.core.states import coloured
from norec.core.uploads import CaseUploadPath


class ChecklistPhase(models.TextChoices):
    BEFORE = "before", _("Before the exchange")
    DURING = "during", _("During the exchange")
    AFTER = "after", _("After the exchange")


class Responsible(models.TextChoices):
    SENDING = "sending", _("Sending organisation")
    HOST = "host", _("Host organisation")
    PARTICIPANT = "participant", _("Participant")


class DueFrom(models.TextChoices):
    DEPARTURE = "departure", _("Departure")
    RETURN = "return", _("Return")


class AppliesTo(models.TextChoices):
    ALL = "all", _("Every participant")
    INTERNAL = "internal", _("Internally recruited")
    EXTERNAL = "external", _("Externally recruited")


@coloured({"open": "info", "done": "success", "not_applicable": "neutral"})
class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ChecklistTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(
        _("used for new participants"), default=False, help_text=_("Only one template is used at a time.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_template"
            )
        ]

    def __str__(self):
        return self.name


class ItemDefinition(models.Model):
    """What an item is and when it is due; shared by template items and participants' items."""

    title = models.CharField(_("item"), max_length=200)
    guidance = limited_text(_("guidance"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=ChecklistPhase.choices)
    responsible = models.CharField(_("responsible"), max_length=12, choices=Responsible.choices)
    due_from = models.CharField(_("due from"), max_length=10, choices=DueFrom.choices)
    offset_days = models.IntegerField(
        _("days after (negative: before)"), help_text=_("Days from the departure or the return; -30 is a month before.")
    )
    requires_document = models.BooleanField(_("needs a document"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Another app finds the item by this (exchanges.item_keys), never by its title.
    key = models.CharField(
        _("done by"),
        max_length=50,
        blank=True,
        help_text=_("Ticked by the service itself (an enrolment, say); leave empty for a person's item."),
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        constraints = [max_length_check("guidance", LONG_TEXT_MAX_LENGTH, name="%(class)s_guidance_length")]

    def __str__(self):
        return self.title

    def due_date(self, departure: date, return_date: date) -> date:
        anchor = departure if self.due_from == DueFrom.DEPARTURE else return_date
        return anchor + timedelta(days=self.offset_days)


class ChecklistTemplateItem(ItemDefinition):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    applies_to = models.CharField(_("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.ALL)

    class Meta(ItemDefinition.Meta):
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        constraints = [
            *ItemDefinition.Meta.constraints,
            models.UniqueConstraint(
                fields=["template", "key"], condition=~models.Q(key=""), name="one_item_per_key_in_a_template"
            ),
        ]

    def applies(self, recruitment: str) -> bool:
        return self.applies_to in (AppliesTo.ALL, recruitment)


class ChecklistItem(ItemDefinition):
    participant = models.ForeignKey("exchanges.Participant", on_delete=models.CASCADE, related_name="checklist")
    template_item = models.ForeignKey(ChecklistTemplateItem, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    # Typed (a comment's length), or a reason given for the participant with a few words around it.
    not_applicable_reason = limited_text(_("why it does not apply"), max_length=RECORDED_TEXT_MAX_LENGTH, blank=True)
    document = models.FileField(_("document"), upload_to=CaseUploadPath("checklists"), blank=True)
    document_filename = models.CharField(max_length=255, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta(ItemDefinition.Meta):
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        indexes = [
            models.Index(fields=["status", "due_on"], name="checklist_open_due"),
            # A case's earliest overdue item, and each participant's, read participant by participant
            # (partnerships' waiting column, the partner contacts' home).
            models.Index(
                fields=["participant", "due_on"],
                condition=models.Q(status="open"),
                name="checklist_open_by_participant",
            ),
        ]
        constraints = [
            *ItemDefinition.Meta.constraints,
            max_length_check(
                "not_applicable_reason", RECORDED_TEXT_MAX_LENGTH, name="checklist_item_not_applicable_reason_length"
            ),
        ]

    @property
    def partnership_id(self) -> int:
        """For the private upload path (norec.core.uploads.CaseUploadPath): the participant's case."""
        return self.participant.partnership.pk

    def is_overdue(self, today: date) -> bool:
        return self.status == ItemStatus.OPEN and self.due_on < today
