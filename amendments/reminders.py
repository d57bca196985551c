"""The amendments' reminders (norec.core.reminders): a submitted amendment waiting for a decision
longer than the settings allow (to the case's adviser), and one returned for revision and not
submitted again (to the case's partner contacts)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amendments.models import Amendment, AmendmentState
from amendments.models.rules import round_amendable_states
from norec.core.reminders.registry import Due, ReminderKind, Window, offsets, register_reminder_kind
from norec.core.roles import Role
from partnerships.models import Phase
from partnerships.reminders import day, local_iso, to_case_contacts


def _amendments(window: Window, state: str, field: str, timing: str) -> list[dict]:
    """Those whose subject can still change (amendments.models.rules.subject_open): the case in its
    exchange, a round being prepared or abroad. One of an ended case waits for nothing any more."""
    anchors = window.anchors_behind(**offsets(timing))
    subject_open = Q(exchange_round__isnull=True) | Q(exchange_round__state__in=round_amendable_states())
    return list(
        Amendment.objects.filter(
            subject_open, state=state, partnership__phase=Phase.EXCHANGE, **{f"{field}__date__in": sorted(anchors)}
        ).values("pk", "kind", "partnership_id", "partnership__name", "partnership__adviser_id", field)
    )


def _details(row: dict, field: str) -> dict:
    return {
        "reference": f"{row['kind']}-{row['pk']:04d}",
        "case": row["partnership__name"],
        "since": local_iso(row[field]),
    }


def find_waiting(window: Window) -> list[Due]:
    return [
        Due(
            row["partnership__adviser_id"],
            f"amendment:{row['pk']}",
            reverse("amendments:detail", args=[row["pk"]]),
            None,
            _details(row, "submitted_at"),
        )
        for row in _amendments(window, AmendmentState.SUBMITTED, "submitted_at", "amendment_waiting")
        if row["partnership__adviser_id"]
    ]


def find_returned(window: Window) -> list[Due]:
    return to_case_contacts(
        window,
        _amendments(window, AmendmentState.RETURNED, "decided_at", "amendment_returned"),
        lambda row: row["partnership_id"],
        lambda row: {
            "subject": f"amendment:{row['pk']}",
            "url": reverse("amendments:detail", args=[row["pk"]]),
            "details": _details(row, "decided_at"),
        },
    )


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            name="amendment_returned",
            label=gettext_lazy("Amendments returned for revision"),
            find=find_returned,
            describe=lambda d: (
                _("%(reference)s of “%(case)s” was returned for revision on %(date)s and is not submitted again yet.")
                % {"reference": d["reference"], "case": d["case"], "date": day(d["since"])}
            ),
            roles=frozenset({Role.PARTNER_CONTACT}),
            order=63,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="amendment_waiting",
            label=gettext_lazy("Amendments waiting for your decision"),
            find=find_waiting,
            describe=lambda d: (
                _("%(reference)s of “%(case)s” has waited for your decision since %(date)s.")
                % {"reference": d["reference"], "case": d["case"], "date": day(d["since"])}
            ),
            roles=frozenset({Role.ADVISER}),
            order=81,
        )
    )
