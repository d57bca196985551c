"""The kinds of event the exchanges app records on a case's timeline: one label each (norec.core.audit)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundEvent(models.TextChoices):
    # The value is the one partnerships recorded before rounds moved here, so old timelines still read.
    EXCHANGE_DONE = "round.exchange_done", _("Exchange round marked done")
    MOVED_ON = "round.moved_on", _("Exchange round moved on")
    LEG_ADDED = "round.leg_added", _("Exchange leg added")
    LEG_DATES_CHANGED = "round.leg_dates_changed", _("Exchange leg's dates changed")  # until [6/11]
    LEG_CHANGED = "round.leg_changed", _("Exchange leg changed")
    LEG_REMOVED = "round.leg_removed", _("Exchange leg removed")
    EXTRA_PLACE_ACCEPTED = "round.extra_place_accepted", _("Extra place on an exchange leg accepted")
    DEPARTURE_CORRECTED = "round.departure_corrected", _("Exchange round's departure corrected")
    AGREEMENT_SET = "round.agreement_set", _("Round agreement and budget set")
    AGREEMENT_APPROVED = "round.agreement_approved", _("Round agreement approved")
    # A change to an approved round agreement: its approval is withdrawn until the adviser gives it again.
    AGREEMENT_REOPENED = "round.agreement_reopened", _("Approved round agreement changed")
    REPORT_SUBMITTED = "round.report_submitted", _("Round report submitted")
    REPORT_RETURNED = "round.report_returned", _("Round report returned for revision")
    REPORT_ACCEPTED = "round.report_accepted", _("Round report accepted")
    REPORTED = "round.reported", _("Exchange round reported")
    CLOSED = "round.closed", _("Exchange round closed")
    CANCELLED = "round.cancelled", _("Exchange round cancelled")


class ParticipantEvent(models.TextChoices):
    RECRUITED = "participant.recruited", _("Participant recruited")
    INVITED = "participant.invited", _("Participant invited")
    AGE_ACCEPTED = "participant.age_accepted", _("Participant's age accepted")
    WITHDRAWN = "participant.withdrawn", _("Participant withdrawn")
    RETURNED_EARLY = "participant.returned_early", _("Participant returned early")
    FOLLOW_UP_PLAN_SAVED = "participant.follow_up_plan_saved", _("Follow-up plan saved")
    ITEM_DONE = "participant.item_done", _("Checklist item done")
    ITEM_NOT_APPLICABLE = "participant.item_not_applicable", _("Checklist item marked not applicable")
    ITEM_REOPENED = "participant.item_reopened", _("Checklist item reopened")
