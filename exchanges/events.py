"""The kinds of event the exchanges app records on a case's timeline: one label each (norec.core.audit)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundEvent(models.TextChoices):
    # The value is the one partnerships recorded before rounds moved here, so old timelines still read.
    EXCHANGE_DONE = "round.exchange_done", _("Exchange round marked done")
