"""Timelines: the audit events of a case or record, newest first, as people read them.

A case collects an entry for every step of its rounds, participants and checklists, and its page
shows the latest of them on every visit. So entries are read as plain rows (no model instances)
and rendered in one pass here rather than through a template per entry; the same event is shown
again and again, so its time and states, as each language writes them, are formatted once per process.
"""

import functools

from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from norec.core.audit import action_label, event_detail, event_details, is_comment, without_stored_sentence
from norec.core.dates import iso
from norec.core.states import state_label

# A case page shows this many of the latest entries and links to the whole timeline.
LATEST_ENTRIES = 20
ENTRIES_PER_PAGE = 100
ROW_FIELDS = ("action", "created_at", "from_state", "to_state", "comment", "data", "actor__full_name")


def timeline_rows(events):
    """What a timeline shows of each of `events` (an AuditEvent queryset), as named rows."""
    return events.values_list(*ROW_FIELDS, named=True)


def render_timeline(rows) -> SafeString:
    """The entries of `rows` (from timeline_rows) as an ordered list, or a sentence saying that
    nothing has been recorded yet."""
    rows = list(rows)
    if not rows:
        return format_html('<p class="ds-paragraph">{}</p>', _("Nothing has been recorded yet."))
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    the_system = _("the system")
    entries = format_html_join(
        "\n",
        '<li class="timeline__entry{}"><p class="ds-paragraph"><strong>{}</strong>{}</p>'
        '<p class="ds-paragraph" data-size="sm"><time datetime="{}">{}</time> · {}</p>{}</li>',
        (
            (
                " timeline__entry--comment" if is_comment(row.action) else "",
                _label(row.action, language),
                _states(row.from_state, row.to_state, language),
                *_when(row.created_at, language, zone),
                row.actor__full_name or the_system,
                _text(row),
            )
            for row in rows
        ),
    )
    return format_html('<ol class="timeline">\n{}\n</ol>', entries)


def _text(row) -> SafeString | str:
    """What the entry says: the sentence its data makes in the reader's language, then what the
    person wrote (a reason, a comment)."""
    comment = without_stored_sentence(row.action, row.comment, row.data)
    said = event_detail(row.action, comment, row.data)  # the comment, or what it records in words
    text = "\n".join(filter(None, (event_details(row.action, row.data), said)))
    if not text:
        return ""
    return format_html('<blockquote class="timeline__comment">{}</blockquote>', linebreaksbr(text))


# The arguments `language` and `zone` are the cache keys: the functions read the active ones.


@functools.lru_cache(maxsize=512)
def _label(action: str, language: str) -> str:
    return action_label(action)


@functools.lru_cache(maxsize=4096)
def _when(created_at, language: str, zone: str) -> tuple[str, str]:
    local = timezone.localtime(created_at) if timezone.is_aware(created_at) else created_at
    return iso(local), formats.date_format(local, "DATETIME_FORMAT")


@functools.lru_cache(maxsize=1024)
def _states(from_state: str, to_state: str, language: str) -> SafeString | str:
    if from_state and to_state:
        text = _("from %(from)s to %(to)s") % {"from": state_label(from_state), "to": state_label(to_state)}
    elif to_state:
        text = _("now %(to)s") % {"to": state_label(to_state)}
    else:
        return ""
    return format_html(' <span class="timeline__states">({})</span>', text)
