"""A session's attendee list as rows, for CSV and XLSX. A cell that a spreadsheet would read as a
formula (it starts with =, +, -, @, or a tab or carriage return before one) is written as text:
a name typed as "=HYPERLINK(…)" must never run on an adviser's machine."""

import csv
import io

import xlsxwriter
from django.utils.translation import gettext as _

from training.schedule import travel_days

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value) -> str:
    """For CSV, which has no cell types: a leading apostrophe, as OWASP advises."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [
        _("Name"),
        _("State"),
        _("Organisation"),
        _("Nationality"),
        _("Email"),
        _("Arrive"),
        _("Leave"),
        _("Waiting list position"),
    ]


def rows(session, enrolments) -> list[list]:
    travel = travel_days(session)
    found = []
    for enrolment in enrolments:
        if enrolment.participant_id:
            participant = enrolment.participant
            organisation = participant.leg.home_organisation.name
            nationality, email = participant.nationality.name, participant.email
        else:
            organisation = ", ".join(org.name for org in enrolment.person.organisations.all())
            nationality, email = "", enrolment.person.email
        found.append(
            [
                enrolment.name,
                str(enrolment.get_state_display()),
                organisation,
                str(nationality),
                email,
                travel.arrive.isoformat() if travel else "",
                travel.leave.isoformat() if travel else "",
                getattr(enrolment, "position", None) or "",
            ]
        )
    return found


def as_csv(session, enrolments) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows(session, enrolments):
        writer.writerow([defused(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel reads it as UTF-8


def as_xlsx(session, enrolments) -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas False: every string is a string, whatever it starts with (XlsxWriter's
    # own guard); numbers and URLs are not guessed either.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(_("Attendees")[:31])
    bold = workbook.add_format({"bold": True})
    for column, title in enumerate(header()):
        sheet.write_string(0, column, title, bold)
    for line, row in enumerate(rows(session, enrolments), start=1):
        for column, cell in enumerate(row):
            sheet.write_string(line, column, str(cell))
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 7, 18)
    workbook.close()
    return buffer.getvalue()
