"""The kinds of event the amendments app records on a case's timeline: one label each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AmendmentEvent(models.TextChoices):
    STARTED = "amendments.started", _("Amendment drafted")
    CHANGED = "amendments.changed", _("Amendment draft changed")
    DOCUMENT_ADDED = "amendments.document_added", _("Supporting document added")
    DOCUMENT_REMOVED = "amendments.document_removed", _("Supporting document removed")
    SUBMITTED = "amendments.submitted", _("Amendment submitted")
    RETURNED = "amendments.returned", _("Amendment returned for revision")
    APPROVED = "amendments.approved", _("Amendment approved and applied")
    REJECTED = "amendments.rejected", _("Amendment rejected")
    WITHDRAWN = "amendments.withdrawn", _("Amendment withdrawn")
    PARTNER_INVITED = "amendments.partner_invited", _("Joining partner's contact invited")
