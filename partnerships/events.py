"""The kinds of event the partnership app records on timelines: one label each (norec.core.audit)."""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from norec.core.dates import long_date
from partnerships.models.drafts import GOALS_PREFIX, field_label


class OrganisationEvent(models.TextChoices):
    CREATED = "organisation.created", _("Organisation created in the administration")
    CHANGED = "organisation.changed", _("Organisation changed in the administration")
    ADDED = "organisation.added", _("Organisation added")
    EDITED = "organisation.edited", _("Organisation details changed")
    CONTACT_ADDED = "organisation.contact_added", _("Partner contact added")


class CaseEvent(models.TextChoices):
    """Everything that happens to a partnership case, as its timeline names it."""

    CREATED = "case.created", _("Partnership case opened")
    REPRESENTATIVE_ADDED = "prestudy.representative_added", _("Introduction seminar representative recorded")
    REPRESENTATIVE_REMOVED = "prestudy.representative_removed", _("Introduction seminar representative removed")
    MEETING_RECORDED = "prestudy.meeting_recorded", _("Partner meeting recorded")
    MINUTES_UPLOADED = "prestudy.minutes_uploaded", _("Partner meeting minutes uploaded")
    APPLICATION_STARTED = "case.application_started", _("Application phase started")
    APPLICATION_DRAFT_SAVED = "application.draft_saved", _("Application draft saved")
    APPLICATION_FIELD_RESTORED = "application.field_restored", _("Application field restored from an earlier version")
    APPLICATION_SUBMITTED = "application.submitted", _("Application submitted")
    APPLICATION_RETURNED = "application.returned", _("Application returned for revision")
    APPLICATION_APPROVED = "application.approved", _("Application approved")
    APPLICATION_DECLINED = "application.declined", _("Application declined")
    DECLINED = "case.declined", _("Partnership declined")
    AGREEMENT_CREATED = "agreement.created", _("Collaboration agreement created")
    AGREEMENT_SIGNED = "agreement.signed", _("Collaboration agreement signed")
    EXCHANGE_STARTED = "case.exchange_started", _("Exchange phase started")
    FOLLOW_UP_STARTED = "case.follow_up_started", _("Follow-up phase started")
    FINAL_REPORT_SUBMITTED = "final_report.submitted", _("Final report submitted")
    FINAL_REPORT_RETURNED = "final_report.returned", _("Final report returned for revision")
    FINAL_REPORT_ACCEPTED = "final_report.accepted", _("Final report accepted")
    COMPLETED = "case.completed", _("Partnership completed")
    WITHDRAWN = "case.withdrawn", _("Partnership withdrawn")
    TERMINATED = "case.terminated", _("Partnership ended by the adviser")
    COMMENT = "case.comment", _("Comment")
    ADVISER_CHANGED = "case.adviser_changed", _("Programme adviser changed")


# A partner meeting recorded before its date was stored apart from its place: "2026-11-20, Online".
_DATED_COMMENT = re.compile(r"(\d{4}-\d{2}-\d{2}), (.*)", re.DOTALL)


def meeting_detail(data: dict, comment: str) -> str:
    """ "20 November 2026, Online" in the reader's language, from the meeting's date and place."""
    on, place = data.get("date"), comment
    if on is None and (old := _DATED_COMMENT.fullmatch(comment)):
        on, place = old.groups()
    return f"{long_date(date.fromisoformat(on))}, {place}" if on else place


def restored_detail(data: dict) -> str:
    """ "Shared goals restored from version 2." in the reader's language; a goal names the
    organisation it was of."""
    field = data["field"]
    names = (
        {int(field.removeprefix(GOALS_PREFIX)): data.get("organisation", "?")} if field.startswith(GOALS_PREFIX) else {}
    )
    return gettext("%(field)s restored from version %(number)s.") % {
        "field": field_label(field, names),
        "number": data["from_version"],
    }


def adviser_changed_detail(data: dict) -> str:
    """ "Adviser changed from Ada Adviser to Bo Berg." in the reader's language."""
    return gettext("Adviser changed from %(from)s to %(to)s.") % {"from": data["from"], "to": data["to"]}
