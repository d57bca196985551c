"""Every page a person reaches is valid HTML: the Nu Html Checker (vnu.jar from the npm package
vnu-jar, `npm ci` installs it) reports no error on the pages the browser journeys visit, for
every role and every phase of a case, plus the sign-in, account, error and admin pages.

The pages are rendered with the test client and checked in one Java run (starting Java is most
of the cost), with a page known to be invalid among them: the run must find its error, so the
check cannot pass by checking nothing. Without Java or vnu.jar the test fails, saying how to install
them; it never skips."""

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from norec.core.models import User
from tests.factories import (
    CASE_PHASES,
    EXIT_PHASES,
    OrganisationFactory,
    contact_of,
    make_case,
    make_leg,
    photo_upload,
    recruit,
)

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page with one error vnu must report: a datetime with microseconds, which HTML does not allow.
BROKEN = '<!DOCTYPE html><html lang="en"><title>x</title><time datetime="2027-08-01T10:00:00.123456+02:00">x</time>'


def check_with_vnu(pages: dict[str, str], folder: Path) -> list[str]:
    """The errors vnu finds in the pages, as "page: line: message" strings."""
    if shutil.which("java") is None:
        pytest.fail("Java is missing, so the HTML cannot be checked: `make java` (default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing, so the HTML cannot be checked: `npm ci` installs it (package vnu-jar)")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    assert len(files) == 0 or "Cannot" not in result.stderr
    found = []
    for message in messages:
        name = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        extract = message.get("extract", "").strip()
        found.append(f"{name}: line {message.get('lastLine')}: {message['message']} [{extract}]")
    return found


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}, not {status}"
    return response.content.decode()


@pytest.fixture
def pages(adviser, contact, organisation, other_organisation, participant):
    superuser = User.objects.create_superuser("ops@norec.example", "an-operations-password", full_name="Ops")
    clients = {}
    for name, user in {"adviser": adviser, "contact": contact, "participant": participant, "admin": superuser}.items():
        clients[name] = Client()
        clients[name].force_login(user)
    anonymous = Client()
    phases = {
        phase: make_case(phase, name=f"Case {phase}", adviser=adviser, organisations=[organisation, other_organisation])
        for phase in (*CASE_PHASES, *EXIT_PHASES)
    }
    found = {
        "sign in": page(anonymous, reverse("account_login")),
        "password reset": page(anonymous, reverse("account_reset_password")),
        "not found": page(anonymous, "/no-such-page/", status=404),
        "server error": render_to_string("500.html"),
        "admin index": page(clients["admin"], reverse("admin:index")),
        "admin organisations": page(clients["admin"], reverse("admin:partnerships_partnerorganisation_changelist")),
        "admin organisation": page(
            clients["admin"], reverse("admin:partnerships_partnerorganisation_change", args=[organisation.pk])
        ),
        "admin user": page(clients["admin"], reverse("admin:norec_user_change", args=[contact.pk])),
        "admin partnership": page(
            clients["admin"], reverse("admin:partnerships_partnership_change", args=[phases["exchange"].pk])
        ),
        "adviser: new case": page(clients["adviser"], reverse("partnerships:case_create")),
        "adviser: organisations": page(clients["adviser"], reverse("partnerships:organisation_list")),
        "adviser: new organisation": page(clients["adviser"], reverse("partnerships:organisation_create")),
        "adviser: edit organisation": page(
            clients["adviser"], reverse("partnerships:organisation_edit", args=[organisation.pk])
        ),
        "adviser: organisation": page(
            clients["adviser"], reverse("partnerships:organisation_detail", args=[organisation.pk])
        ),
    }
    for role in ("adviser", "contact", "participant"):
        found[f"{role}: home"] = page(clients[role], reverse("home"))
        for url_name in ("account_email", "account_change_password", "mfa_index"):
            found[f"{role}: {url_name}"] = page(clients[role], reverse(url_name))
    for role in ("adviser", "contact"):
        found[f"{role}: cases"] = page(clients[role], reverse("partnerships:case_list") + "?scope=all")
        for phase, case in phases.items():
            found[f"{role}: case {phase}"] = page(clients[role], case.get_absolute_url())
        for phase in ("application_started", "application_draft", "application_returned"):
            url = reverse("partnerships:application_edit", args=[phases[phase].pk])
            found[f"{role}: application form ({phase})"] = page(clients[role], url)
        timeline_url = reverse("partnerships:case_timeline", args=[phases["exchange"].pk])
        found[f"{role}: whole timeline"] = page(clients[role], timeline_url)
    found.update(exchange_pages(phases["exchange"], organisation, other_organisation, clients))
    found.update(report_pages(phases["follow_up"], clients))
    found.update(training_pages(adviser, organisation, other_organisation, clients))
    found.update(amendment_pages(adviser, organisation, other_organisation, clients))
    found.update(reminder_pages(clients))
    OrganisationFactory(name="An organisation without a case")
    return found


def exchange_pages(case, organisation, other_organisation, clients) -> dict[str, str]:
    """The round page, recruiting, a participant's page, the portal and the adviser's overview."""
    from exchanges.services import invite_participant

    leg = make_leg(case.agreement.rounds.get(number=1), home=organisation, host=other_organisation, participants=2)
    participant = invite_participant(recruit(leg, date_of_birth=date(1980, 1, 1)), by=contact_of(organisation))
    own = Client()
    own.force_login(participant.user)
    round_url = reverse("exchanges:round_detail", args=[case.pk, 1])
    found = {"participant: portal": page(own, reverse("exchanges:portal"))}
    # Ticked with a photo: the message beside the item, the photo's preview; the contact's participants.
    insurance = participant.checklist.get(title="Travel and health insurance")
    own.post(reverse("exchanges:complete_item", args=[insurance.pk]), {"document": photo_upload("insurance.jpg")})
    found["participant: portal after ticking"] = page(own, reverse("exchanges:portal"))
    found["contact: home with participants"] = page(clients["contact"], reverse("home"))
    assert "checklist__thumbnail" in found["participant: portal after ticking"]
    assert "checklist__message" in found["participant: portal after ticking"]
    assert 'class="overdue-count"' in found["contact: home with participants"]
    for role in ("adviser", "contact"):
        found[f"{role}: round"] = page(clients[role], round_url)
        found[f"{role}: participant"] = page(
            clients[role], reverse("exchanges:participant_detail", args=[participant.pk])
        )
    found["contact: recruit"] = page(clients["contact"], reverse("exchanges:recruit", args=[case.pk, 1, leg.pk]))
    found["adviser: caseload participants"] = page(clients["adviser"], reverse("exchanges:caseload_participants"))
    return found


def report_pages(case, clients) -> dict[str, str]:
    """A round in its follow-up with a report waiting (the adviser's forms) and one to submit (the contact's)."""
    from exchanges.services import submit_round_report

    exchange_round = case.agreement.rounds.get(number=1)
    submit_round_report(
        exchange_round, kind="results", text="What we did.", by=contact_of(case.coordinating_organisation)
    )
    url = reverse("exchanges:round_detail", args=[case.pk, 1])
    return {f"{role}: round in follow-up": page(clients[role], url) for role in ("adviser", "contact")}


def training_pages(adviser, organisation, other_organisation, clients) -> dict[str, str]:
    """Sessions, a session with places, a waiting list and a late request, one under way with its
    attendance form, the forms, the needs, a participant's courses, the calendar and the checks."""
    from django.db.models import F
    from django.utils import timezone

    from tests.exchanges.rounds_now import case_with_current_round, leg_departing
    from tests.training.conftest import plan
    from training import services
    from training.models import CourseSession

    today = timezone.localdate()
    case = case_with_current_round(
        adviser=adviser, organisations=[organisation, other_organisation], today=today, name="Training case"
    )
    leg = leg_departing(case, home=organisation, host=other_organisation, today=today, departs_in=90, participants=4)
    amina, bwalya, chanda = (recruit(leg, full_name=n, email=f"{n}@example.org") for n in ("Amina", "Bwalya", "Chanda"))
    own = Client()
    amina.user = User.objects.create_user("amina.training@example.org", "a-password-for-amina", role="participant")
    amina.save(update_fields=["user"])
    own.force_login(amina.user)
    by = contact_of(organisation)
    full = plan(adviser, capacity=1)
    first = services.enrol(full, participant=amina, by=by)
    services.enrol(full, participant=bwalya, by=by)
    late = plan(adviser, venue="Bangkok", in_days=5, deadline_days_before=14)
    services.enrol(late, participant=chanda, by=by)
    running = plan(adviser, venue="Nairobi", in_days=20)
    services.enrol(running, participant=recruit(leg, full_name="Dora", email="dora@example.org"), by=by)
    CourseSession.objects.filter(pk=running.pk).update(
        starts_on=F("starts_on") - 21, ends_on=F("ends_on") - 21, enrolment_deadline=F("enrolment_deadline") - 21
    )
    found = {}
    for role in ("adviser", "contact"):
        found[f"{role}: training"] = page(clients[role], reverse("training:sessions"))
        for name, session in (("full", full), ("late", late), ("running", running)):
            found[f"{role}: session {name}"] = page(
                clients[role], reverse("training:session_detail", args=[session.pk])
            )
        found[f"{role}: case with training"] = page(clients[role], case.get_absolute_url())
    found["adviser: plan a session"] = page(clients["adviser"], reverse("training:plan_session"))
    found["adviser: change a session"] = page(clients["adviser"], reverse("training:change_session", args=[full.pk]))
    found["adviser: training needs"] = page(clients["adviser"], reverse("training:needs"))
    found["participant: my courses"] = page(own, reverse("training:my_courses"))
    found["participant: portal with courses"] = page(own, reverse("exchanges:portal"))
    found["participant: calendar feed"] = page(own, reverse("training:calendar_settings"))
    own.post(reverse("training:calendar_settings"), {"action": "issue"})
    found["participant: calendar feed on"] = page(own, reverse("training:calendar_settings"))
    assert "Record attendance" in found["adviser: session running"]
    assert "Accept the request" in found["adviser: session late"]
    assert "Number 1 on the waiting list" in found["contact: session full"]
    assert "My courses" in found["participant: portal with courses"]
    anonymous = Client()
    found["public: verify"] = page(anonymous, reverse("training:verify_letter"))
    found["public: verified"] = page(anonymous, reverse("training:verify_letter_code", args=[first.verification_code]))
    found["public: unknown code"] = page(
        anonymous, reverse("training:verify_letter_code", args=["ABCD-EFGH-JKMN"]), status=404
    )
    return found


def amendment_pages(adviser, organisation, other_organisation, clients) -> dict[str, str]:
    """A C05 drafted (its form, with an error too), submitted (the adviser's page with the effects),
    the queue, the history, a B03's form, and the case and round pages that link to them."""
    from amendments import services
    from tests.amendments.conftest import draft_c05, extend_leg
    from tests.factories import pdf_upload
    from tests.machines.builders import _round_now, _walk

    exchange_round = _walk(*_round_now(adviser, [organisation, other_organisation], departs_in=20), "preparing")
    case = exchange_round.partnership
    contact, found = clients["contact"], {}
    round_url = reverse("exchanges:round_detail", args=[case.pk, exchange_round.number])
    found["contact: round with the C05 link"] = page(contact, round_url)
    found["contact: new C05"] = page(contact, reverse("amendments:start_c05", args=[case.pk, exchange_round.number]))
    found["contact: new B03"] = page(contact, reverse("amendments:start_b03", args=[case.pk]))
    invalid = contact.post(reverse("amendments:start_b03", args=[case.pk]), {"period_end": "1999-01-01"})
    assert invalid.status_code == 400
    found["contact: B03 with errors"] = invalid.content.decode()
    leg = exchange_round.legs.order_by("pk").first()
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    found["contact: C05 draft"] = page(contact, reverse("amendments:detail", args=[amendment.pk]))
    found["contact: change the C05"] = page(contact, reverse("amendments:edit", args=[amendment.pk]))
    found["contact: home with an amendment to finish"] = page(contact, reverse("home"))
    services.add_document(amendment, upload=pdf_upload("letter.pdf"), by=contact_of(organisation))
    services.submit_amendment(amendment, by=contact_of(organisation))
    found["adviser: C05 to decide"] = page(clients["adviser"], reverse("amendments:detail", args=[amendment.pk]))
    found["adviser: amendments queue"] = page(clients["adviser"], reverse("amendments:queue"))
    found["adviser: case with amendments"] = page(clients["adviser"], case.get_absolute_url())
    services.approve_amendment(amendment, reason="Agreed.", by=adviser)
    found["contact: agreement history"] = page(contact, reverse("amendments:history", args=[case.pk]))
    found["contact: C05 approved"] = page(contact, reverse("amendments:detail", args=[amendment.pk]))
    return found


def reminder_pages(clients) -> dict[str, str]:
    """After the other pages' cases were built: a week's sweeps, then each person's reminders page,
    the advisers' list (filtered, and with a date it refuses), the admin's sweeps, and a digest."""
    from datetime import timedelta

    from django.utils import timezone

    from norec.core.models import OutboxMessage
    from norec.core.reminders.sweep import run_reminder_sweep

    today = timezone.localdate()
    for days_ago in range(7, -1, -1):
        run_reminder_sweep(today - timedelta(days=days_ago))
    digest = OutboxMessage.objects.filter(kind="reminders").exclude(html_body="").first()
    assert digest is not None, "no reminder fired in a week of the built cases"
    found = {"a reminders digest (HTML email)": digest.html_body}
    for role in ("adviser", "contact", "participant"):
        found[f"{role}: my reminders"] = page(clients[role], reverse("reminders:mine"))
    found["adviser: reminders sent"] = page(clients["adviser"], reverse("reminders:all"))
    found["adviser: reminders filtered"] = page(
        clients["adviser"], reverse("reminders:all") + "?kind=checklist_overdue&email=sent&since=1999-01-01"
    )
    found["admin: reminder sweeps"] = page(clients["admin"], reverse("admin:norec_remindersweep_changelist"))
    return found


@pytest.mark.django_db
def test_every_page_is_valid_html(pages, tmp_path):
    errors = check_with_vnu({**pages, "known to be broken": BROKEN}, tmp_path)
    broken = [error for error in errors if error.startswith("known to be broken: ")]
    assert len(broken) == 1 and "datetime" in broken[0], f"vnu did not report the known error: {errors}"
    errors.remove(broken[0])
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
