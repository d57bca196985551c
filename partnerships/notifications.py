"""Who hears about what happens to a case. The adviser hears what the partners do, the partners
hear what the adviser decides, and nobody is emailed about their own action."""

from django.urls import reverse

from norec.core.audit import record_event
from norec.core.models import AuditEvent, User
from norec.core.notifications import email_about_event
from norec.core.roles import Role
from partnerships.events import CaseEvent
from partnerships.models import Partnership
from partnerships.waiting_state import WAIT_UNCHANGED, waiting_changed

ADVISER, CONTACTS = "adviser", "contacts"

AUDIENCE = {
    CaseEvent.APPLICATION_SUBMITTED: {ADVISER},
    CaseEvent.APPLICATION_RETURNED: {CONTACTS},
    CaseEvent.APPLICATION_APPROVED: {CONTACTS},
    CaseEvent.APPLICATION_DECLINED: {CONTACTS},
    CaseEvent.AGREEMENT_SIGNED: {ADVISER, CONTACTS},
    CaseEvent.EXCHANGE_STARTED: {ADVISER, CONTACTS},
    CaseEvent.FOLLOW_UP_STARTED: {CONTACTS},
    CaseEvent.FINAL_REPORT_SUBMITTED: {ADVISER},
    CaseEvent.FINAL_REPORT_RETURNED: {CONTACTS},
    CaseEvent.COMPLETED: {CONTACTS},
    CaseEvent.WITHDRAWN: {ADVISER, CONTACTS},
    CaseEvent.TERMINATED: {CONTACTS},
    CaseEvent.COMMENT: {ADVISER, CONTACTS},
    CaseEvent.ADVISER_CHANGED: {ADVISER},  # recorded once the case is hers: the new adviser hears
}


def notify_on(kind, *, adviser: bool = False, contacts: bool = False) -> None:
    """A higher app's event kind that emails the case's adviser and/or partner contacts (its AppConfig.ready())."""
    AUDIENCE[kind] = ({ADVISER} if adviser else set()) | ({CONTACTS} if contacts else set())


def record_case_event(case: Partnership, **fields) -> AuditEvent:
    """Record the event on the case's timeline and, in the same transaction, queue the emails to the
    people it concerns (the core's outbox sends them once the change is committed) and refresh
    what the case waits for (partnerships.waiting_state)."""
    event = record_event(case, **fields)
    if event.action in AUDIENCE:
        email_case_event(event, case)
    # Every change to a case is recorded here: what the case waits for is refreshed with it (at
    # once unless the kind of event never changes it, and in any case when the change commits).
    waiting_changed(case, at_once=event.action not in WAIT_UNCHANGED)
    return event


def recipients_for(event: AuditEvent, case: Partnership) -> list[User]:
    audience = AUDIENCE.get(event.action, set())
    people = []
    if ADVISER in audience:
        people.append(case.adviser)
    if CONTACTS in audience:
        # Only people who are partner contacts now: someone whose role was changed (to participant,
        # say) or whose account was closed stays in the organisation's list but hears no more.
        contacts = (
            User.objects.filter(
                organisations__memberships__in=case.partners.current(), role=Role.PARTNER_CONTACT, is_active=True
            )
            .distinct()
            .order_by("pk")
        )
        people.extend(contacts)
    return people


def email_case_event(event: AuditEvent, case: Partnership) -> list[User]:
    """Queue the emails about one event of `case`; returns who will hear (nobody twice)."""
    return email_about_event(
        event,
        recipients_for(event, case),
        template_prefix="emails/case_event",
        context={"case": case, "case_url": reverse("partnerships:case_detail", args=[case.pk])},
    )
