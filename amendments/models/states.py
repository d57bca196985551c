"""The kinds of amendment and their states, each with one label."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core.states import coloured


class AmendmentKind(models.TextChoices):
    # The programme's form codes (DOMAIN.md, "Form codes"): B03 changes the collaboration
    # agreement (partners, goals, its end), C05 one round's agreement (budget, length, direction).
    B03 = "B03", _("Collaboration agreement amendment (B03)")
    C05 = "C05", _("Round agreement amendment (C05)")


@coloured(
    {
        "draft": "neutral",
        "submitted": "info",
        "returned": "warning",
        "approved": "success",
        "rejected": "danger",
        "withdrawn": "neutral",
    }
)
class AmendmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Open: at most one of a kind per agreement (B03) or round (C05) at a time.
OPEN_STATES = (AmendmentState.DRAFT, AmendmentState.SUBMITTED, AmendmentState.RETURNED)
# The partners may change what it asks for.
EDITABLE_STATES = (AmendmentState.DRAFT, AmendmentState.RETURNED)
DECIDED_STATES = (AmendmentState.APPROVED, AmendmentState.REJECTED)
