from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISER = "adviser", _("Programme adviser")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")
    PARTICIPANT = "participant", _("Participant")
