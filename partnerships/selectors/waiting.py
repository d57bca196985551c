"""What a case waits for, for whom and since when: computed in the list query itself.

Whose turn it is follows from the case's phase and its documents' states (the same states the
transitions move). *Since when* is the time of the last event that handed the case to someone
(a submission, a return, the agreement, a phase change: TURN_EVENTS): comments and draft saves
do not restart the wait. Both are SQL annotations, so a page of any length costs no extra query
and the list can be sorted by waiting time in the database.

During the exchange (and beside the final report in the follow-up) what a case waits for belongs
to the apps that run it: they register sources (partnerships.hooks.register_waiting_source), whose
SQL says since when the case waits for whom, and whose one query per page says who owes what."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Least
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from norec.core.models import AuditEvent
from partnerships import hooks
from partnerships.events import CaseEvent
from partnerships.models import (
    Agreement,
    AgreementSignature,
    ApplicationStatus,
    FinalReportStatus,
    FollowUpReport,
    PartnerMeeting,
    Partnership,
    Phase,
    SeminarRepresentative,
)
from partnerships.words import read, register_messages, said, text_of


class WaitingFor(models.TextChoices):
    """Whose turn it is on a case."""

    ADVISER = "adviser", gettext_lazy("the programme adviser")
    PARTNERS = "partners", gettext_lazy("the partners")
    PARTICIPANTS = "participants", gettext_lazy("the participants")


# Each of these events gives the case to someone else (or starts a new wait for the same people).
TURN_EVENTS = (
    CaseEvent.CREATED,
    CaseEvent.APPLICATION_STARTED,
    CaseEvent.APPLICATION_SUBMITTED,
    CaseEvent.APPLICATION_RETURNED,
    CaseEvent.AGREEMENT_CREATED,
    CaseEvent.EXCHANGE_STARTED,
    CaseEvent.FOLLOW_UP_STARTED,
    CaseEvent.FINAL_REPORT_SUBMITTED,
    CaseEvent.FINAL_REPORT_RETURNED,
)

# The sort orders of a list (the "sort" GET parameter): the oldest wait first, or the newest.
SORT_WAITING = "waiting"
SORT_WAITING_NEWEST = "-waiting"
SORT_NAME = "name"
SORTS = (SORT_NAME, SORT_WAITING, SORT_WAITING_NEWEST)


def with_waiting(cases: QuerySet, today=None) -> QuerySet:
    """`cases` annotated with due_for (a WaitingFor value, "" for nobody), due_since, and
    what the row's sentence needs (report_submitted, application_status, has_agreement,
    meeting_minutes). The rules, computed here for the cases the state is refreshed for
    (partnerships.waiting_state): pages read the state kept on the case, not this."""
    turn = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Partnership), subject_id=OuterRef("pk"), action__in=TURN_EVENTS
    ).order_by("-created_at")
    report_submitted = FollowUpReport.objects.filter(partnership=OuterRef("pk"), status=FinalReportStatus.SUBMITTED)
    owed = _owed_since(today or timezone.localdate())
    cases = cases.alias(**owed).annotate(
        report_submitted=Exists(report_submitted),
        application_status=F("application__status"),
        has_agreement=Exists(Agreement.objects.filter(partnership=OuterRef("pk"))),
        # None: no meeting recorded; "": recorded, without minutes.
        meeting_minutes=Subquery(PartnerMeeting.objects.filter(partnership=OuterRef("pk")).values("minutes")[:1]),
        due_for=Case(
            When(phase=Phase.PRE_STUDY, then=Value(WaitingFor.PARTNERS)),
            When(
                phase=Phase.APPLICATION,
                application__status=ApplicationStatus.SUBMITTED,
                then=Value(WaitingFor.ADVISER),
            ),
            When(phase=Phase.APPLICATION, then=Value(WaitingFor.PARTNERS)),
            When(phase=Phase.FOLLOW_UP, report_submitted=True, then=Value(WaitingFor.ADVISER)),
            When(phase=Phase.FOLLOW_UP, owed_adviser__isnull=False, then=Value(WaitingFor.ADVISER)),
            When(phase=Phase.FOLLOW_UP, then=Value(WaitingFor.PARTNERS)),
            # The exchange: the adviser first (her home lists it); whether the partners or their
            # participants owe the rest is read with the row's words (describe), so the list asks
            # the costlier question (their overdue items) once per row, for due_since.
            When(phase=Phase.EXCHANGE, owed_adviser__isnull=False, then=Value(WaitingFor.ADVISER)),
            default=Value(""),
            output_field=models.CharField(),
        ),
    )
    return cases.annotate(
        due_since=Case(
            # What the sources make a case wait for started when it fell due (or was handed on).
            When(phase=Phase.EXCHANGE, then=Coalesce("owed_adviser", "owed_others")),
            When(phase=Phase.FOLLOW_UP, report_submitted=False, owed_adviser__isnull=False, then=F("owed_adviser")),
            When(
                phase__in=(Phase.PRE_STUDY, Phase.APPLICATION, Phase.FOLLOW_UP),
                then=Coalesce(Subquery(turn.values("created_at")[:1]), F("created_at")),
            ),
            default=None,
            output_field=models.DateTimeField(),
        )
    )


# Where the registered sources make a case wait: in the exchange, for anyone; in the follow-up,
# beside the final report, for the adviser only (a round report to decide).
OWED_PHASES = (Phase.EXCHANGE, Phase.FOLLOW_UP)


def _owed_since(today) -> dict:
    """owed_adviser and owed_others: since when the registered sources make the case wait for the
    adviser, and for the partners or their participants (NULL: they do not), asked only in the
    phases where it counts, so other rows run no subquery."""
    sources = hooks.waiting_sources()
    moments = {
        "owed_adviser": ([m for source in sources for m in source.adviser_since(today)], OWED_PHASES),
        "owed_others": ([m for source in sources for m in source.others_since(today)], (Phase.EXCHANGE,)),
    }
    return {
        name: Case(
            # A typed NULL without sources: a bare one is text to PostgreSQL's bound parameters.
            When(phase__in=phases, then=_earliest(found) if found else Cast(Value(None), models.DateTimeField())),
            default=None,
            output_field=models.DateTimeField(),
        )
        for name, (found, phases) in moments.items()
    }


def owed_of(values, today) -> dict[int, list[hooks.Owed]]:
    """Who owes what, for the rows (with_waiting values) in OWED_PHASES: one query per source,
    none when no row is in those phases."""
    pks = [value["pk"] for value in values if value["phase"] in OWED_PHASES]
    found: dict[int, list[hooks.Owed]] = {}
    if pks:
        for source in hooks.waiting_sources():
            for pk, owed in source.owed(pks, today).items():
                found.setdefault(pk, []).extend(owed)
    return found


def _earliest(moments: list):
    """The earliest non-NULL of `moments` (NULL when all are), each evaluated once."""
    return moments[0] if len(moments) == 1 else Earliest(*moments)


class Earliest(Func):
    """LEAST, ignoring NULLs: PostgreSQL's does, and evaluates each argument once; elsewhere (SQLite,
    the demo) a NULL argument makes it NULL, so each argument is coalesced with the others first."""

    function = "LEAST"
    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor == "postgresql":
            return super().as_sql(compiler, connection, **extra_context)
        moments = self.get_source_expressions()
        coalesced = [Coalesce(*moments[index:], *moments[:index]) for index in range(len(moments))]
        return compiler.compile(Least(*coalesced, output_field=self.output_field))


def sort_cases(cases: QuerySet, sort: str) -> QuerySet:
    """Cases in the chosen order, by the waiting state kept on them (indexed); cases that wait for
    nobody come last."""
    if sort == SORT_WAITING:
        return cases.order_by(F("waiting_since").asc(nulls_last=True), "name", "pk")
    if sort == SORT_WAITING_NEWEST:
        return cases.order_by(F("waiting_since").desc(nulls_last=True), "name", "pk")
    return cases.order_by("name", "pk")


def for_adviser_first(cases: QuerySet) -> QuerySet:
    """What waits for the adviser first, the oldest first; then the rest, the most recently changed first."""
    return waiting_first(cases, WaitingFor.ADVISER)


def waiting_first(cases: QuerySet, who: str) -> QuerySet:
    """What waits for `who` (a WaitingFor value) first, the oldest first; then the rest, the most
    recently changed first."""
    return cases.order_by(
        Case(When(waiting_for=who, then=Value(0)), default=Value(1)),
        F("waiting_since").asc(nulls_last=True),
        "-updated_at",
        "pk",
    )


def partner_flags():
    """Annotations of a Partner row: has its organisation a seminar representative, has it signed."""
    return {
        "represented": Exists(
            SeminarRepresentative.objects.filter(
                partnership=OuterRef("partnership"), organisation=OuterRef("organisation")
            )
        ),
        "signed": Exists(
            AgreementSignature.objects.filter(
                agreement__partnership=OuterRef("partnership"), organisation=OuterRef("organisation")
            )
        ),
    }


# What the rows say, kept on the case in no language (partnerships.words) and read in the reader's.
register_messages(
    {
        "partnerships.pre_study": gettext_lazy("Pre-study under way"),
        "partnerships.pre_study_done": gettext_lazy("Pre-study done: the application can be started"),
        "partnerships.drafting": gettext_lazy("Application being drafted"),
        "partnerships.submitted": gettext_lazy("Application submitted"),
        "partnerships.returned": gettext_lazy("Application returned for revision"),
        "partnerships.signatures": gettext_lazy("Agreement waiting for signatures"),
        "partnerships.report_due": gettext_lazy("Final report to submit"),
        "partnerships.report_submitted": gettext_lazy("Final report submitted"),
        "partnerships.exchange": gettext_lazy("Exchange under way"),
        "partnerships.no_representative": gettext_lazy("a seminar representative of %(organisation)s"),
        "partnerships.no_meeting": gettext_lazy("the partner meeting"),
        "partnerships.no_minutes": gettext_lazy("the partner meeting minutes"),
        "partnerships.signature_of": gettext_lazy("the signature of %(organisation)s"),
    }
)


def decide(value: dict, partners: list[tuple[str, bool, bool]], owed=()) -> tuple[str, dict]:
    """Whom one with_waiting row waits for (a WaitingFor value, "" for nobody) and what its "Waiting
    for" cell says, as words in no language ({} for nothing: partnerships.words): {"summary": key,
    "missing": [words], "owed": [words], "since": ISO moment or None}. `partners` are (name,
    represented, signed) of its partners, `owed` what the registered sources say it waits for
    (hooks.Owed)."""
    who, phase = value.get("due_for"), value["phase"]
    owed_words = [item.words for item in owed]
    if phase == Phase.EXCHANGE:  # under way: who owes what, or that nothing is overdue
        if who != WaitingFor.ADVISER:  # the partners if they owe anything, else the participants if they do
            who = next((party for party in (WaitingFor.PARTNERS, WaitingFor.PARTICIPANTS) if _owes(owed, party)), "")
        # The sources' own moments are exact; the sort's SQL is by day.
        moments = [item.since for item in owed if item.party == who and item.since]
        since = min(moments, default=None) or value.get("due_since")
        return who, {"summary": "partnerships.exchange", "missing": [], "owed": owed_words, "since": _iso(since)}
    if not who:
        return "", {}
    missing = []
    if phase == Phase.PRE_STUDY:
        missing = [said("partnerships.no_representative", organisation=name) for name, on, _s in partners if not on]
        if value.get("meeting_minutes") is None:
            missing.append(said("partnerships.no_meeting"))
        elif not value["meeting_minutes"]:
            missing.append(said("partnerships.no_minutes"))
        summary = "partnerships.pre_study" if missing else "partnerships.pre_study_done"
    elif phase == Phase.APPLICATION:
        status = value.get("application_status")
        if value.get("has_agreement"):
            summary = "partnerships.signatures"
            unsigned = [name for name, _r, signed in partners if not signed]
            missing = [said("partnerships.signature_of", organisation=name) for name in unsigned]
        elif status == ApplicationStatus.SUBMITTED:
            summary = "partnerships.submitted"
        elif status == ApplicationStatus.RETURNED:
            summary = "partnerships.returned"
        else:
            summary = "partnerships.drafting"
    else:  # the follow-up: the final report, and what the rounds still owe
        summary = "partnerships.report_submitted" if value.get("report_submitted") else "partnerships.report_due"
    since = value.get("due_since")
    return who, {"summary": summary, "missing": missing, "owed": owed_words, "since": _iso(since)}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _owes(owed, party: str) -> bool:
    return any(item.party == party for item in owed)


@dataclass
class Waiting:
    """What a case waits for, as a row prints it."""

    who: str  # a WaitingFor value
    who_text: str  # "Waiting for the partners"
    summary: str  # "Application submitted"
    missing: list[str] = field(default_factory=list)  # what is still to come, each said
    missing_text: str = ""  # "Missing: …; …"
    owed: list[str] = field(default_factory=list)  # who owes what, from the registered sources
    since: datetime | None = None
    since_word: str = ""  # "since", before the date
    since_iso: str = ""
    since_display: str = ""

    @property
    def is_for_adviser(self) -> bool:
        return self.who == WaitingFor.ADVISER


class WaitingTexts:
    """The sentences of one page, translated once (not once per row)."""

    def __init__(self):
        # Whole sentences are built here, once per page: a template include or blocktranslate per row
        # doubled the list pages' rendering time.
        self.who = {choice.value: _("Waiting for %(who)s") % {"who": choice.label} for choice in WaitingFor}
        self.since = _("since")
        self.missing = _("Missing:")
        self.nobody = _("Nobody")
        self.nothing_owed = _("Nothing is overdue")
        self.summaries: dict[str, str] = {}

    def waiting(self, who: str, words: dict) -> Waiting | None:
        """The Waiting a case's kept state says (its waiting_for and waiting_words), in the active language."""
        if not words:
            return None
        summary = words["summary"]
        if summary not in self.summaries:
            self.summaries[summary] = text_of(summary)
        missing = [read(line) for line in words.get("missing", ())]
        since = words.get("since")
        return Waiting(
            who=who,
            who_text=self.who.get(who, who) if who else self.nothing_owed,
            summary=self.summaries[summary],
            missing=missing,
            missing_text=f"{self.missing} {'; '.join(missing)}" if missing else "",
            owed=[read(line) for line in words.get("owed", ())],
            since=datetime.fromisoformat(since) if since else None,
            since_word=self.since,
        )


def cell(waiting: Waiting | None, texts: WaitingTexts) -> SafeString:
    """A list's "Waiting for" cell, escaped. Built here, not in the template: a dozen template
    lookups per row made the list pages half again as slow. Its parts are elements of their own,
    apart (a line each, site styles), so their sentences never run together."""
    if waiting is None:
        return format_html("{}", texts.nobody)
    since = ""
    if waiting.since_display:
        since = format_html(
            ' {} <time datetime="{}">{}</time>', waiting.since_word, waiting.since_iso, waiting.since_display
        )
    parts = [
        format_html(
            '<span class="waiting{}">{}</span>', " waiting--adviser" if waiting.is_for_adviser else "", waiting.summary
        ),
        format_html('<span class="waiting__who">{}{}</span>', waiting.who_text, since),
    ]
    if waiting.missing_text:
        parts.append(format_html('<span class="waiting__missing">{}</span>', waiting.missing_text))
    if waiting.owed:
        lines = format_html_join(" ", "<li>{}</li>", ((line,) for line in waiting.owed))
        parts.append(format_html('<ul class="waiting__owed">{}</ul>', lines))
    return format_html_join(" ", "{}", ((part,) for part in parts))
