"""A person's digest: every reminder of their day in one email, in their language, as plain text and
HTML, grouped by kind (overdue first), each line linking to its item, with a link to their settings."""

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from norec.core.emails import RenderedEmail, _render_plain
from norec.core.reminders.registry import kind_named, reminder_kinds


def grouped_lines(reminders) -> list[dict]:
    """The reminders as groups of lines, in the registered order of their kinds, in the active
    language: [{"label", "mandatory", "lines": [{"text", "url", "due_on"}]}]."""
    order = {kind.name: position for position, kind in enumerate(reminder_kinds())}
    groups: dict[str, dict] = {}
    for reminder in sorted(reminders, key=lambda r: (order.get(r.kind, len(order)), r.due_on or r.day, r.pk or 0)):
        kind = kind_named(reminder.kind)
        if kind is None:  # a kind no app registers any more: its rows stay in the history, unnamed
            continue
        group = groups.setdefault(kind.name, {"label": kind.label, "mandatory": kind.mandatory, "lines": []})
        group["lines"].append({"text": kind.describe(reminder.details), "url": reminder.url, "due_on": reminder.due_on})
    return list(groups.values())


def render_digest(user, reminders, day) -> RenderedEmail:
    site = settings.NOREC_SITE_URL
    with translation.override(user.preferred_language):
        groups = grouped_lines(reminders)
        for group in groups:
            for line in group["lines"]:
                line["url"] = site + line["url"]
        count = sum(len(group["lines"]) for group in groups)
        subject = ngettext("%(count)s reminder for %(day)s", "%(count)s reminders for %(day)s", count) % {
            "count": count,
            "day": date_format(day, "DATE_FORMAT"),
        }
        context = {
            "user": user,
            "groups": groups,
            "day": day,
            "count": count,
            "site_url": site,
            "settings_url": site + reverse("reminders:mine"),
            "language": user.preferred_language,
        }
        body = _render_plain("emails/reminders_message.txt", context)
        html_body = get_template("emails/reminders_message.html").render(context)
    return RenderedEmail(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, html_body=html_body)
